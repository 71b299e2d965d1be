/**
 * What went wrong, as the domain sees it: a stable code, a sentence, and the fields at fault. No HTTP here;
 * the HTTP layer maps each code to a status in one table (src/common/http/problem-types.ts).
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'unavailable'
  | 'payload_too_large'
  | 'unsupported_media_type';

/** One field at fault: a JSON Pointer into a body ('' for the whole of it) or a parameter's name. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export interface DomainErrorOptions {
  readonly errors?: readonly FieldProblem[];
  /** For `unavailable`: when a retry may succeed. */
  readonly retryAfterSeconds?: number;
  /** Further members clients read (e.g. a batch's `accepted`/`rejected`). */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export class DomainError extends Error {
  override readonly name: string = 'DomainError';
  readonly errors: readonly FieldProblem[];
  readonly retryAfterSeconds: number | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message);
    this.errors = options.errors ?? [];
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.extensions = options.extensions ?? {};
  }

  /** One line per problem (what the `message` member has always held): each field's message, or the sentence. */
  get messages(): string | readonly string[] {
    return this.errors.length > 0 ? this.errors.map((e) => e.message) : this.message;
  }
}

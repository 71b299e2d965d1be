import type { components } from './generated/api';

/** One field at fault: a JSON Pointer into the request ("" for the whole body) and what is wrong. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * An error body as the service sends it: the RFC 9457 problem document the OpenAPI document declares
 * (`type`, `title`, `status`, `detail`, with the legacy `statusCode`, `error`, `message`), or a bare legacy
 * body from an older service. Both may carry `errors`; anything else the body holds is kept too (`delivery`, `rejected`).
 */
export type ProblemDocument = Partial<components['schemas']['Problem']> & {
  readonly type?: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail?: string;
  readonly [extension: string]: unknown;
};

/** A non-2xx answer from the service. `problem` is the parsed body (empty when it was not JSON). */
export class ChangeAuditApiError extends Error {
  override readonly name = 'ChangeAuditApiError';

  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: ProblemDocument,
    /** The server's Retry-After, in milliseconds, when it sent one. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(`${method} ${path}: ${describeProblem(status, problem)} (HTTP ${status})`);
  }

  /** The fields at fault, from either shape. */
  get fieldErrors(): readonly FieldError[] {
    const errors = this.problem.errors;
    return Array.isArray(errors) ? errors : [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body of an error answer, as a problem document whatever it was. */
export function toProblemDocument(status: number, body: unknown): ProblemDocument {
  if (isRecord(body)) return body;
  if (typeof body === 'string' && body.trim() !== '') return { status, message: body.trim() };
  return { status };
}

/**
 * The best one-line description: detail (with each field at fault, when the problem lists them), else the
 * legacy message (a string or a list), else the title.
 */
export function describeProblem(status: number, problem: ProblemDocument): string {
  if (typeof problem.detail === 'string' && problem.detail !== '') {
    const fields = Array.isArray(problem.errors)
      ? problem.errors
          .map((e) =>
            e.field === '' || e.message.startsWith(e.field) ? e.message : `${e.field} ${e.message}`,
          )
          .filter((m) => m !== '' && m !== problem.detail)
      : [];
    return fields.length > 0 ? `${problem.detail}: ${fields.join('; ')}` : problem.detail;
  }
  const message = problem.message;
  if (typeof message === 'string' && message !== '') return message;
  if (Array.isArray(message) && message.length > 0) return message.join('; ');
  if (typeof problem.title === 'string' && problem.title !== '') return problem.title;
  if (typeof problem.error === 'string' && problem.error !== '') return problem.error;
  return `HTTP ${status}`;
}

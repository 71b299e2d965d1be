import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** Largest message accepted on any ingest path (Kafka or HTTP item). */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface FieldError {
  /** JSON Pointer of the offending field ('' for the whole message). */
  readonly field: string;
  readonly message: string;
}

export type RejectionReason = 'not_json' | 'schema' | 'too_large' | 'invalid_text';

export type Validation<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: RejectionReason; readonly errors: readonly FieldError[] };

/** The repository's contracts/ folder, found from here both in src/ (tests) and in dist/ (built). */
export function contractsDir(): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, 'contracts');
    if (existsSync(path.join(candidate, 'asyncapi.yaml'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`contracts/ not found above ${__dirname}`);
    dir = parent;
  }
}

function toFieldError(error: ErrorObject): FieldError {
  const params = error.params as Record<string, unknown>;
  const child =
    typeof params['missingProperty'] === 'string'
      ? params['missingProperty']
      : typeof params['additionalProperty'] === 'string'
        ? params['additionalProperty']
        : undefined;
  const field =
    child === undefined ? error.instancePath : `${error.instancePath}/${escapePointerToken(child)}`;
  const what = field === '' ? 'message' : field;
  switch (error.keyword) {
    case 'required':
      return { field, message: `${what} is required` };
    case 'additionalProperties':
      return { field, message: `${what} is not a known field` };
    default:
      return { field, message: `${what} ${error.message ?? 'is invalid'}` };
  }
}

function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** jsonb cannot hold U+0000; refusing it here keeps one bad message from failing a whole batch. */
function findNulCharacter(value: unknown, pointer: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? pointer : undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findNulCharacter(item, `${pointer}/${i}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const escaped = escapePointerToken(key);
      if (key.includes('\u0000')) return `${pointer}/${escaped}`;
      const found = findNulCharacter(item, `${pointer}/${escaped}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Validates messages with the very schema published in contracts/ (one source of truth: the
 * TypeScript types are generated from the same file by `npm run contracts:types`).
 */
export class ContractValidator<T> {
  private readonly validate: ValidateFunction;

  constructor(readonly contract: string) {
    const schema = JSON.parse(
      readFileSync(path.join(contractsDir(), contract, 'schema.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    this.validate = ajv.compile(schema);
  }

  /** Validates an already-parsed value (an HTTP body item). */
  check(value: unknown): Validation<T> {
    const nul = findNulCharacter(value, '');
    if (nul !== undefined) {
      return {
        ok: false,
        reason: 'invalid_text',
        errors: [{ field: nul, message: `${nul || 'message'} contains a NUL character (U+0000)` }],
      };
    }
    if (this.validate(value)) return { ok: true, value: value as T };
    const errors = (this.validate.errors ?? []).map(toFieldError);
    return { ok: false, reason: 'schema', errors: dedupeErrors(errors) };
  }

  /** Validates raw bytes from a topic: size, JSON, then the schema. */
  parse(bytes: Buffer | null): Validation<T> {
    if (bytes === null || bytes.length === 0) {
      return { ok: false, reason: 'not_json', errors: [{ field: '', message: 'message is empty' }] };
    }
    if (bytes.length > MAX_MESSAGE_BYTES) {
      return {
        ok: false,
        reason: 'too_large',
        errors: [
          {
            field: '',
            message: `message is ${bytes.length} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit`,
          },
        ],
      };
    }
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        reason: 'not_json',
        errors: [{ field: '', message: `message is not JSON: ${detail}` }],
      };
    }
    return this.check(value);
  }
}

function dedupeErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One-line summary for a DLQ header or a log line. */
export function describeErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => e.message).join('; ');
}

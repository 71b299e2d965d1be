import { MAX_MESSAGE_BYTES, type FieldError, type Validation } from '../../contracts/contract-validator';
import { TransportUnavailableError } from '../../messaging/change-event-publisher';
import { DomainError } from '../domain-error';

export const MAX_BATCH = 1_000;

/** The 202 of a batch intake route (`{accepted, rejected}`), for the OpenAPI document. */
export const BATCH_INTAKE_RESPONSE = {
  status: 202,
  description:
    'Accepted, i.e. stored: the items taken (by index in the request) and those refused with their fields.',
  schema: {
    type: 'object',
    required: ['accepted', 'rejected'],
    properties: {
      accepted: {
        type: 'array',
        items: {
          type: 'object',
          required: ['index', 'eventId'],
          properties: { index: { type: 'integer', minimum: 0 }, eventId: { type: 'string' } },
        },
      },
      rejected: {
        type: 'array',
        items: {
          type: 'object',
          required: ['index', 'errors'],
          properties: {
            index: { type: 'integer', minimum: 0 },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['field', 'message'],
                properties: { field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  },
} as const;

export interface BatchRejection {
  readonly index: number;
  /** Set when the item was refused for more than its shape, e.g. `conflict`. */
  readonly reason?: string;
  readonly errors: readonly FieldError[];
}

export interface ValidatedBatch<T> {
  /**
   * Items that passed, with their index in the request, and `json`: the value as JSON.stringify wrote it
   * to measure it, so what stores or sends it need not serialise it again (set when the check passed the
   * item itself on, not a copy).
   */
  readonly accepted: readonly { readonly index: number; readonly value: T; readonly json?: string }[];
  readonly rejected: readonly BatchRejection[];
}

/**
 * An HTTP body of one item or an array of 1 to 1,000, each checked on its own (size, then contract).
 * Throws 400 for an empty or oversized batch, and when no item is valid (naming every field at fault).
 */
export function validateBatch<T>(
  body: unknown,
  check: (item: unknown) => Validation<T>,
  noun: string,
): ValidatedBatch<T> {
  const items = Array.isArray(body) ? (body as unknown[]) : [body];
  if (items.length === 0)
    throw new DomainError('invalid_input', `the body is an empty array: send 1 to 1,000 ${noun}s`);
  if (items.length > MAX_BATCH) {
    throw new DomainError(
      'invalid_input',
      `the body has ${items.length} ${noun}s; at most ${MAX_BATCH} per request`,
    );
  }
  const accepted: { index: number; value: T; json?: string }[] = [];
  const rejected: BatchRejection[] = [];
  items.forEach((item, index) => {
    // Items come from a parsed JSON body, so each one serialises.
    const json = JSON.stringify(item);
    const size = Buffer.byteLength(json);
    const result: Validation<T> =
      size > MAX_MESSAGE_BYTES
        ? {
            ok: false,
            reason: 'too_large',
            errors: [
              { field: '', message: `${noun} is ${size} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit` },
            ],
          }
        : check(item);
    if (result.ok)
      accepted.push(
        result.value === item ? { index, value: result.value, json } : { index, value: result.value },
      );
    else rejected.push({ index, errors: result.errors });
  });
  if (accepted.length === 0) throw new BatchRejectedError(rejected, Array.isArray(body));
  return { accepted, rejected };
}

/** No item of the batch is valid: 400 naming every field at fault, each a pointer into the body. */
export class BatchRejectedError extends DomainError {
  override readonly name = 'BatchRejectedError';
  constructor(
    readonly rejected: readonly BatchRejection[],
    private readonly isArray: boolean,
  ) {
    super(
      'invalid_input',
      rejected.length === 1
        ? `the ${isArray ? 'item is' : 'body is'} not valid`
        : `none of the ${rejected.length} items is valid`,
      {
        errors: rejected.flatMap((r) =>
          r.errors.map((e) => ({ field: isArray ? `/${r.index}${e.field}` : e.field, message: e.message })),
        ),
        extensions: { accepted: [], rejected },
      },
    );
  }

  /** Each field's message, prefixed with its item's index in a batch of several (as `message` always was). */
  override get messages(): readonly string[] {
    return this.rejected.flatMap((r) =>
      r.errors.map((e) => (this.rejected.length > 1 ? `[${r.index}] ${e.message}` : e.message)),
    );
  }
}

/**
 * Runs `deliver`; a transport that is down becomes 503 with Retry-After and nothing acknowledged. The body's
 * `delivery` says whether the events never left (`not_sent`) or may still be stored (`unknown`): either
 * way the client re-sends them as they were, and events it re-sends are stored once, by eventId.
 */
export async function deliverOr503<T>(deliver: () => Promise<T>): Promise<T> {
  try {
    return await deliver();
  } catch (error) {
    if (error instanceof TransportUnavailableError) {
      const advice =
        error.outcome === 'not_sent'
          ? 'nothing was sent or accepted; retry'
          : 'nothing was acknowledged, but the events may still be stored; retry with the same eventIds (stored once)';
      throw new DomainError('unavailable', `${error.message}; ${advice}`, {
        retryAfterSeconds: error.retryAfterSeconds,
        extensions: { delivery: error.outcome },
      });
    }
    throw error;
  }
}

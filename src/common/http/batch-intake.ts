import { BadRequestException, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { MAX_MESSAGE_BYTES, type FieldError, type Validation } from '../../contracts/contract-validator';
import { TransportUnavailableError } from '../../messaging/change-event-publisher';

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
  readonly errors: readonly FieldError[];
}

export interface ValidatedBatch<T> {
  /** Items that passed, with their index in the request. */
  readonly accepted: readonly { readonly index: number; readonly value: T }[];
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
    throw new BadRequestException(`the body is an empty array: send 1 to 1,000 ${noun}s`);
  if (items.length > MAX_BATCH) {
    throw new BadRequestException(`the body has ${items.length} ${noun}s; at most ${MAX_BATCH} per request`);
  }
  const accepted: { index: number; value: T }[] = [];
  const rejected: BatchRejection[] = [];
  items.forEach((item, index) => {
    // Items come from a parsed JSON body, so each one serialises.
    const size = Buffer.byteLength(JSON.stringify(item));
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
    if (result.ok) accepted.push({ index, value: result.value });
    else rejected.push({ index, errors: result.errors });
  });
  if (accepted.length === 0) {
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: rejected.flatMap((r) =>
        r.errors.map((e) => (items.length > 1 ? `[${r.index}] ${e.message}` : e.message)),
      ),
      accepted: [],
      rejected,
    });
  }
  return { accepted, rejected };
}

/** Runs `deliver`; a transport that is down becomes 503 with Retry-After and nothing acknowledged. */
export async function deliverOr503(response: FastifyReply, deliver: () => Promise<void>): Promise<void> {
  try {
    await deliver();
  } catch (error) {
    if (error instanceof TransportUnavailableError) {
      void response.header('Retry-After', String(error.retryAfterSeconds));
      throw new HttpException(
        {
          statusCode: 503,
          error: 'Service Unavailable',
          message: `${error.message}; nothing was accepted, retry`,
        },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
    throw error;
  }
}

import { UnauthorizedException } from '@nestjs/common';
import type { RawBodyRequest } from '../common/http/json-body';

/** The 202 every intake route answers with: what POST /v1/change-events answers for the same events. */
export const INTAKE_RESPONSE = {
  status: 202,
  description:
    'Accepted, i.e. stored (queued in Kafka mode): each change event the payload mapped to, with its source, changeId, eventId and outcome (stored, duplicate, queued).',
  schema: {
    type: 'object',
    required: ['accepted', 'rejected'],
    properties: {
      accepted: {
        type: 'array',
        items: {
          type: 'object',
          required: ['index', 'source', 'changeId', 'eventId', 'outcome'],
          properties: {
            index: { type: 'integer', minimum: 0 },
            source: { type: 'string' },
            changeId: { type: 'string' },
            eventId: { type: 'string' },
            outcome: { enum: ['stored', 'duplicate', 'queued'] },
          },
        },
      },
      rejected: { type: 'array', items: { type: 'object' } },
    },
  },
} as const;

/** The header Argo CD's webhook service and generic webhooks send the integration's secret in. */
export const INTAKE_SECRET_HEADER = 'x-intake-secret';

/** The body's text as received (the routes keep it: KeepsRawBody). */
export function rawBodyOf(request: RawBodyRequest): string {
  return request.rawBody ?? '';
}

/** 401 for a caller that did not prove itself with the integration's credential. */
export function notAuthenticated(what: string): UnauthorizedException {
  return new UnauthorizedException(what);
}

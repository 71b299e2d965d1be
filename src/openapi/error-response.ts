import type { JsonSchema } from './query-parameters';

/**
 * Every refusal's body, described once: an RFC 9457 problem document (src/common/http/problem-types.ts
 * builds it), which keeps the members older clients read (`statusCode`, `error`, `message`).
 */
export const ERROR_MEDIA_TYPE = 'application/problem+json';

export const ERROR_SCHEMA_NAME = 'Problem';

export const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'An RFC 9457 problem document. `errors` names each parameter or field at fault; `message`, `statusCode` and `error` are kept for older clients.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', description: 'A URI naming the kind of problem (docs/api.md, Errors).' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path.' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: {
            type: 'string',
            description: 'JSON Pointer of the field at fault ("" for the whole body), or the parameter name.',
          },
          message: { type: 'string' },
        },
      },
    },
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string', description: 'The HTTP reason phrase.' },
    message: {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
  },
};

export const ERROR_EXAMPLE = {
  type: 'https://change-audit.dev/problems/invalid_input',
  title: 'Invalid input',
  status: 400,
  detail: 'limit must not be greater than 500',
  instance: '/v1/changes',
  errors: [{ field: 'limit', message: 'limit must not be greater than 500' }],
  statusCode: 400,
  error: 'Bad Request',
  message: ['limit must not be greater than 500'],
};

/** The refusals a route can answer with, by what it takes. */
export const ERROR_STATUSES = {
  400: 'Bad input: the message names the parameter or field at fault.',
  401: 'No API key, or one that is not in API_KEYS.',
  403: 'The API key lacks the role this route needs (or may not act for the source it sent).',
  404: 'Nothing with that identifier.',
  413: 'The body is larger than the service accepts.',
  415: 'The body is not JSON.',
  500: 'A fault of the service (never bad input).',
  503: 'A dependency (PostgreSQL, Kafka) is unavailable; retry later.',
} as const;

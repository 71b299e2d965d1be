import type { JsonSchema } from './query-parameters';

/**
 * Every refusal's body, described once: the document refers to it from every 4xx/5xx response, so
 * moving the errors to another shape (e.g. RFC 9457 `application/problem+json`) is a change here only.
 */
export const ERROR_MEDIA_TYPE = 'application/json';

export const ERROR_SCHEMA_NAME = 'Error';

export const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  description:
    'A refusal. `message` names the parameter or field at fault; a refused body lists every field in `errors`.',
  required: ['message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string', description: 'The HTTP reason phrase.' },
    message: {
      anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: {
            type: 'string',
            description: 'JSON Pointer of the field at fault ("" for the whole body).',
          },
          message: { type: 'string' },
        },
      },
    },
  },
};

export const ERROR_EXAMPLE = {
  statusCode: 400,
  error: 'Bad Request',
  message: 'limit must not be greater than 500',
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

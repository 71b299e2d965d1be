import { MAX_BATCH } from '../../common/http/batch-intake';
import type { DescribedRequestBody } from '../../common/http/request-contract';
import { CLOUDEVENTS_BATCH_JSON, CLOUDEVENTS_JSON } from '../domain/cloudevents-binding';

/** A CDEvent: its context (id, source, type, timestamp…) and its subject, by the CDEvents specification. */
const CDEVENT_SCHEMA = {
  type: 'object',
  description:
    'A CDEvent (CDEvents 0.4 or 0.5): service and environment events become change events, incidents alerts.',
  required: ['context', 'subject'],
  properties: {
    context: { type: 'object', required: ['id', 'source', 'type', 'timestamp'] },
    subject: { type: 'object' },
  },
};

/** A CloudEvent in the JSON event format, carrying a CDEvent as its JSON data. */
const CLOUDEVENT_SCHEMA = {
  type: 'object',
  description:
    'A CloudEvent 1.0 in the JSON event format; its data is the CDEvent (as JSON, not data_base64).',
  required: ['specversion', 'id', 'source', 'type', 'data'],
  properties: {
    specversion: { const: '1.0' },
    id: { type: 'string', minLength: 1 },
    source: { type: 'string', minLength: 1 },
    type: { type: 'string', minLength: 1 },
    datacontenttype: { const: 'application/json' },
    data: CDEVENT_SCHEMA,
  },
};

const CDEVENT_EXAMPLE = {
  context: {
    specversion: '0.5.1',
    id: '271069a8-fc18-44f1-b38f-9d70a1695819',
    source: '/event/source/123',
    type: 'dev.cdevents.service.deployed.0.3.0',
    timestamp: '2026-11-20T14:27:05.315Z',
  },
  subject: {
    id: 'payments-api',
    source: '/event/source/123',
    content: { environment: { id: 'production' }, artifactId: 'pkg:oci/payments-api@sha256%3A0b31b1c0' },
  },
};

const CLOUDEVENT_EXAMPLE = {
  specversion: '1.0',
  id: CDEVENT_EXAMPLE.context.id,
  source: CDEVENT_EXAMPLE.context.source,
  type: CDEVENT_EXAMPLE.context.type,
  datacontenttype: 'application/json',
  data: CDEVENT_EXAMPLE,
};

/** POST /v1/cdevents takes CloudEvents in the three modes of the CloudEvents HTTP binding. */
export const CDEVENTS_REQUEST_BODY: DescribedRequestBody = {
  description:
    'CloudEvents carrying CDEvents, in any mode of the CloudEvents HTTP binding: binary (any JSON content ' +
    'type, the CDEvent as the body, its CloudEvent attributes in the ce-specversion, ce-id, ce-source and ' +
    `ce-type headers), structured (${CLOUDEVENTS_JSON}, one CloudEvent) or batched ` +
    `(${CLOUDEVENTS_BATCH_JSON}, 1 to ${MAX_BATCH} CloudEvents).`,
  content: {
    'application/json': { schema: CDEVENT_SCHEMA, example: CDEVENT_EXAMPLE },
    [CLOUDEVENTS_JSON]: { schema: CLOUDEVENT_SCHEMA, example: CLOUDEVENT_EXAMPLE },
    [CLOUDEVENTS_BATCH_JSON]: {
      schema: { type: 'array', minItems: 1, maxItems: MAX_BATCH, items: CLOUDEVENT_SCHEMA },
      example: [CLOUDEVENT_EXAMPLE],
    },
  },
  headers: [
    { name: 'ce-specversion', description: 'Binary mode: the CloudEvents version, 1.0.' },
    { name: 'ce-id', description: 'Binary mode: the CloudEvent id (the CDEvent context.id).' },
    { name: 'ce-source', description: 'Binary mode: the CloudEvent source (the CDEvent context.source).' },
    { name: 'ce-type', description: 'Binary mode: the CloudEvent type (the CDEvent context.type).' },
  ],
};

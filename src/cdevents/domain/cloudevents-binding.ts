/**
 * CloudEvents 1.0 envelopes as the HTTP and Kafka protocol bindings carry them, read into one shape:
 * - HTTP binary mode: `ce-*` headers hold the attributes, the body is the data (JSON);
 * - HTTP structured mode: `content-type: application/cloudevents+json`, the body is the whole event;
 * - HTTP batch mode: `content-type: application/cloudevents-batch+json`, the body is an array of events;
 * - Kafka binary mode: `ce_*` headers and the value as data; Kafka structured mode: `content-type:
 *   application/cloudevents+json` and the value as the whole event.
 * Only JSON data is accepted (CDEvents are JSON): `data_base64`, or a binary-mode content type that is
 * not JSON, is refused. Errors name the header (`ce-id`) or the JSON Pointer (`/id`) at fault; in batch
 * mode the pointer is within the batch item (the caller adds its index).
 */
import type { FieldError } from '../../contracts/contract-validator';

export const CLOUDEVENTS_JSON = 'application/cloudevents+json';
export const CLOUDEVENTS_BATCH_JSON = 'application/cloudevents-batch+json';

/** The attributes this service reads, and the data. */
export interface CloudEventEnvelope {
  readonly specversion: string;
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly data: unknown;
}

export type DecodedEnvelope =
  /** `dataPointer`: where the data sits in the request body ('' in binary mode). */
  | { readonly ok: true; readonly envelope: CloudEventEnvelope; readonly dataPointer: string }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

export type HeaderValue = string | Buffer | readonly (string | Buffer)[] | undefined;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A media type without its parameters, lower-cased: `Application/JSON; charset=utf-8` → application/json. */
export function mediaType(value: string | undefined): string | undefined {
  const essence = value?.split(';')[0]?.trim().toLowerCase();
  return essence === '' ? undefined : essence;
}

const isJsonMediaType = (type: string | undefined): boolean =>
  type === undefined || type === 'application/json' || /^application\/[^;]*\+json$/.test(type);

function headerText(value: HeaderValue): string | undefined {
  const first: string | Buffer | undefined = Array.isArray(value)
    ? (value as readonly (string | Buffer)[])[0]
    : (value as string | Buffer | undefined);
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

/** The required attributes, from wherever the mode keeps them; `name` says how to name each in errors. */
function envelopeOf(
  read: (attribute: 'specversion' | 'id' | 'source' | 'type') => unknown,
  name: (attribute: string) => string,
  data: unknown,
  dataPointer: string,
): DecodedEnvelope {
  const errors: FieldError[] = [];
  const attribute = (key: 'specversion' | 'id' | 'source' | 'type'): string => {
    const value = read(key);
    if (typeof value !== 'string' || value === '') {
      errors.push({
        field: name(key),
        message: `${name(key)} ${value === undefined ? 'is required' : 'must be a non-empty string'} (CloudEvents attribute ${key})`,
      });
      return '';
    }
    return value;
  };
  const specversion = attribute('specversion');
  const id = attribute('id');
  const source = attribute('source');
  const type = attribute('type');
  if (specversion !== '' && specversion !== '1.0') {
    errors.push({
      field: name('specversion'),
      message: `${name('specversion')} is "${specversion}": only CloudEvents 1.0 is accepted`,
    });
  }
  if (data === undefined) {
    errors.push({
      field: dataPointer,
      message: `${dataPointer || 'the body'} must hold the CDEvent (JSON data)`,
    });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, envelope: { specversion, id, source, type, data }, dataPointer };
}

/** One structured-mode event (an object), at `pointer` in the body. */
function structuredEvent(event: unknown, pointer: string): DecodedEnvelope {
  if (!isRecord(event)) {
    return {
      ok: false,
      errors: [{ field: pointer, message: `${pointer || 'the CloudEvent'} must be a JSON object` }],
    };
  }
  if (event['data_base64'] !== undefined) {
    return {
      ok: false,
      errors: [
        {
          field: `${pointer}/data_base64`,
          message: `${pointer}/data_base64 is not accepted: send the CDEvent as JSON data`,
        },
      ],
    };
  }
  const contentType = event['datacontenttype'];
  if (
    contentType !== undefined &&
    !(typeof contentType === 'string' && isJsonMediaType(mediaType(contentType)))
  ) {
    return {
      ok: false,
      errors: [
        {
          field: `${pointer}/datacontenttype`,
          message: `${pointer}/datacontenttype must be application/json (CDEvents are JSON)`,
        },
      ],
    };
  }
  return envelopeOf(
    (key) => event[key],
    (key) => `${pointer}/${key}`,
    event['data'],
    `${pointer}/data`,
  );
}

export type DecodedRequest =
  | {
      readonly ok: true;
      readonly mode: 'binary' | 'structured' | 'batch';
      readonly events: readonly DecodedEnvelope[];
    }
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** An HTTP request (lower-cased header names, the body as parsed JSON) in whichever mode it uses. */
export function decodeHttpCloudEvents(
  headers: Readonly<Record<string, HeaderValue>>,
  body: unknown,
  maxBatch: number,
): DecodedRequest {
  const type = mediaType(headerText(headers['content-type']));
  if (type === CLOUDEVENTS_BATCH_JSON) {
    if (!Array.isArray(body)) {
      return {
        ok: false,
        errors: [
          { field: '', message: `a ${CLOUDEVENTS_BATCH_JSON} body must be a JSON array of CloudEvents` },
        ],
      };
    }
    if (body.length === 0 || body.length > maxBatch) {
      return {
        ok: false,
        errors: [{ field: '', message: `the batch has ${body.length} CloudEvents: send 1 to ${maxBatch}` }],
      };
    }
    return {
      ok: true,
      mode: 'batch',
      events: body.map((event: unknown) => structuredEvent(event, '')),
    };
  }
  if (type === CLOUDEVENTS_JSON) return { ok: true, mode: 'structured', events: [structuredEvent(body, '')] };
  if (headerText(headers['ce-specversion']) === undefined) {
    return {
      ok: false,
      errors: [
        {
          field: '',
          message: `not a CloudEvent: send ce-* headers with a JSON body (binary mode), ${CLOUDEVENTS_JSON} (structured mode) or ${CLOUDEVENTS_BATCH_JSON} (batch mode)`,
        },
      ],
    };
  }
  return {
    ok: true,
    mode: 'binary',
    events: [
      envelopeOf(
        (key) => headerText(headers[`ce-${key}`]),
        (key) => `ce-${key}`,
        body,
        '',
      ),
    ],
  };
}

/** A Kafka message (its headers, and its value already read as JSON) in binary or structured mode. */
export function decodeKafkaCloudEvent(
  headers: Readonly<Record<string, HeaderValue>>,
  value: unknown,
): DecodedEnvelope {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const type = mediaType(headerText(lower['content-type']));
  if (type === CLOUDEVENTS_JSON) return structuredEvent(value, '');
  if (headerText(lower['ce_specversion']) === undefined) {
    return {
      ok: false,
      errors: [
        {
          field: '',
          message: `not a CloudEvent: send ce_* headers (binary mode) or content-type ${CLOUDEVENTS_JSON} (structured mode)`,
        },
      ],
    };
  }
  if (!isJsonMediaType(type)) {
    return {
      ok: false,
      errors: [
        { field: 'content-type', message: `content-type ${type ?? ''} is not JSON (CDEvents are JSON)` },
      ],
    };
  }
  return envelopeOf(
    (key) => headerText(lower[`ce_${key}`]),
    (key) => `ce_${key}`,
    value,
    '',
  );
}

import type { IHeaders } from 'kafkajs';
import type { JsonObject } from '../../event-store/domain/stored-event';

/** Headers that carry who published an event over HTTP through the broker to the store's metadata. */
const PREFIX = 'x-change-audit-';

export function metadataHeaders(metadata: JsonObject): IHeaders {
  const headers: IHeaders = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value === 'string') headers[`${PREFIX}${key}`] = value;
  }
  return headers;
}

function headerText(value: IHeaders[string]): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Metadata stored with an event consumed from Kafka: its coordinates plus any forwarded headers. */
export function metadataFromMessage(
  topic: string,
  partition: number,
  offset: string,
  headers: IHeaders | undefined,
): JsonObject {
  const metadata: JsonObject = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    const text = headerText(value);
    if (key.startsWith(PREFIX) && text !== undefined) metadata[key.slice(PREFIX.length)] = text;
  }
  if (metadata['receivedVia'] === undefined) metadata['receivedVia'] = 'kafka';
  metadata['kafka'] = { topic, partition, offset };
  const traceparent = headerText(headers?.['traceparent']);
  if (traceparent !== undefined) metadata['traceparent'] = traceparent;
  return metadata;
}

/** Where an event consumed from Kafka came from, as metadataFromMessage records it. */
export interface KafkaCoordinates {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** The Kafka coordinates in a stored event's metadata; undefined for events that did not come from Kafka. */
export function kafkaCoordinatesOf(metadata: JsonObject): KafkaCoordinates | undefined {
  const kafka = metadata['kafka'];
  if (typeof kafka !== 'object' || kafka === null || Array.isArray(kafka)) return undefined;
  const { topic, partition, offset } = kafka;
  return typeof topic === 'string' && typeof partition === 'number' && typeof offset === 'string'
    ? { topic, partition, offset }
    : undefined;
}

/** A JSON value as stored in the event store (jsonb round-trips exactly these). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event about to be appended: the caller decides the stream and the payload. */
export interface NewEvent {
  /**
   * Who owns the event's stream and its id: the publishing source for change and alert streams,
   * SERVICE_NAMESPACE for the service's own streams. Event ids and streams are unique per namespace. The
   * event's hash covers it (rows of the legacy chain rule did not: there it is a function of hashed
   * fields, which database constraints tie).
   */
  readonly namespace: string;
  readonly eventId: string;
  readonly streamType: string;
  readonly streamId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  /** When it happened, according to its producer (UTC). */
  readonly occurredAt: Date;
}

/** An event as recorded: position, version and its hash (see event-hash.ts). */
export interface StoredEvent extends NewEvent {
  readonly position: bigint;
  readonly streamVersion: number;
  /** When the service recorded it (UTC). */
  readonly recordedAt: Date;
  /** Set only on rows of the legacy chain rule; null on rows whose hash is their Merkle leaf hash. */
  readonly prevHash: string | null;
  readonly hash: string;
}

/** What a subscriber that needs only the payload reads of an event (EventStore.readPayloadsOfTypes). */
export type EventPayload = Pick<StoredEvent, 'position' | 'type' | 'data'>;

/** The namespace of the service's own streams (topology, freeze windows): no source can be named so. */
export const SERVICE_NAMESPACE = '$service';

/**
 * Ids the service derives (freeze checks, alert notifications, rankings, verdicts, topology versions,
 * freeze-window events) start with `$`, which no publisher-chosen id may (change-event.v1's eventId
 * pattern, and a database constraint), so a publisher can never pre-empt one.
 */
export function serviceEventId(id: string): string {
  return `$${id}`;
}

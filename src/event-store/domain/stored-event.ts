/** A JSON value as stored in the event store (jsonb round-trips exactly these). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event about to be appended: the caller decides the stream and the payload. */
export interface NewEvent {
  readonly eventId: string;
  readonly streamType: string;
  readonly streamId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  /** When it happened, according to its producer (UTC). */
  readonly occurredAt: Date;
}

/** An event as recorded: position, version and its link in the hash chain. */
export interface StoredEvent extends NewEvent {
  readonly position: bigint;
  readonly streamVersion: number;
  /** When the service recorded it (UTC). */
  readonly recordedAt: Date;
  readonly prevHash: string;
  readonly hash: string;
}

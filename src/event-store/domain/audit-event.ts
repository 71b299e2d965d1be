import type { HashedEvent } from './event-hash';
import type { JsonObject, StoredEvent } from './stored-event';

/**
 * An event as the audit routes and evidence bundles carry it: every field its hash covers, in JSON
 * (position as a decimal string, instants in ISO 8601 with milliseconds, as hashed), so a verifier can
 * recompute the hash with nothing but this.
 */
export interface AuditEventView {
  readonly position: string;
  readonly namespace: string;
  readonly eventId: string;
  readonly streamType: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /** Set on rows of the legacy chain rule only. */
  readonly prevHash: string | null;
  readonly hash: string;
}

export function auditEventView(event: StoredEvent): AuditEventView {
  return {
    position: event.position.toString(),
    namespace: event.namespace,
    eventId: event.eventId,
    streamType: event.streamType,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

/** The hashed fields of a view, as eventHash takes them. */
export function hashedEventOf(view: AuditEventView): HashedEvent {
  return {
    position: BigInt(view.position),
    namespace: view.namespace,
    eventId: view.eventId,
    streamType: view.streamType,
    streamId: view.streamId,
    streamVersion: view.streamVersion,
    type: view.type,
    data: view.data,
    metadata: view.metadata,
    occurredAt: new Date(view.occurredAt),
    recordedAt: new Date(view.recordedAt),
  };
}

import { eventHash } from './event-hash';
import type { NewEvent, StoredEvent } from './stored-event';

/** The event as stored at `position`, with its hash. */
export function recorded(
  event: NewEvent,
  position: bigint,
  streamVersion: number,
  recordedAt: Date,
): StoredEvent {
  // Object literals, not spreads: a fixed shape is several times cheaper to build, 5,000 times a chunk.
  const unhashed = {
    namespace: event.namespace,
    eventId: event.eventId,
    streamType: event.streamType,
    streamId: event.streamId,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    occurredAt: event.occurredAt,
    position,
    streamVersion,
    recordedAt,
  };
  return {
    namespace: unhashed.namespace,
    eventId: unhashed.eventId,
    streamType: unhashed.streamType,
    streamId: unhashed.streamId,
    type: unhashed.type,
    data: unhashed.data,
    metadata: unhashed.metadata,
    occurredAt: unhashed.occurredAt,
    position,
    streamVersion,
    recordedAt,
    prevHash: null,
    hash: eventHash(unhashed),
  };
}

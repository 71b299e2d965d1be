import type { AcceptedChangeEvent } from '../changes/domain/change-stream';

/**
 * What became of one published event: in embedded mode, stored, a duplicate (the same event is already
 * stored in its source's namespace) or a conflict (its id is taken there by different content: refused);
 * in Kafka mode, queued (its outcome is filed by the consumer: GET /v1/change-events/outcomes).
 */
export type PublishOutcome = 'stored' | 'duplicate' | 'conflict' | 'queued';

/**
 * Where accepted HTTP events go: onto the Kafka topic (Kafka mode) or straight into the ingest
 * handler (embedded mode). Resolves only once the events are durable: acknowledged by all in-sync
 * replicas, or committed to PostgreSQL, with one outcome per event, in order.
 */
export interface ChangeEventPublisher {
  publish(events: readonly AcceptedChangeEvent[]): Promise<readonly PublishOutcome[]>;
}

export const CHANGE_EVENT_PUBLISHER = Symbol('CHANGE_EVENT_PUBLISHER');

/**
 * What became of events the transport did not acknowledge: `not_sent` — they never left the service;
 * `unknown` — they were handed to the broker, which did not confirm in time, so they may still be
 * stored (a re-send with the same eventIds is stored once either way).
 */
export type UnacknowledgedOutcome = 'not_sent' | 'unknown';

/** The transport could not take the events; the caller should retry later. Nothing was acknowledged. */
export class TransportUnavailableError extends Error {
  override readonly name = 'TransportUnavailableError';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly outcome: UnacknowledgedOutcome = 'not_sent',
  ) {
    super(message);
  }
}

import type { IHeaders } from 'kafkajs';
import type { EntityManager } from 'typeorm';
import type { ContractValidator, Validation } from '../../contracts/contract-validator';
import type { JsonObject } from '../../event-store/domain/stored-event';
import type { AppendOutcome } from '../../event-store/postgres-event-store';

/** A validated message and how it reached us (transport coordinates, forwarded headers). */
export interface AcceptedMessage<T> {
  readonly event: T;
  readonly metadata: JsonObject;
}

/** What one ingest transaction did with the valid events it was given. */
export interface IngestOutcome {
  /** Newly appended to the store. */
  readonly stored: number;
  /** Already in the store (a redelivery): a no-op. */
  readonly duplicates: number;
}

/**
 * Runs inside the ingest transaction, after the append: `outcomes` has one entry per event given, in
 * order, when the topic reports them (see IngestTopic.identify), else it is empty.
 */
export type WithinIngest = (tx: EntityManager, outcomes: readonly AppendOutcome[]) => Promise<void>;

/** Where an event's outcome is filed for its publisher to look up: its namespace and eventId. */
export interface EventIdentity {
  readonly namespace: string;
  readonly eventId: string;
}

/**
 * A topic the ingest consumer reads: how its messages are validated, where the invalid ones go, and the
 * command that appends the valid ones. `ingest` runs one transaction, and `withinTransaction` lets the
 * consumer store its offset and rejects in it.
 */
export interface IngestTopic {
  readonly topic: string;
  readonly dlqTopic: string;
  parse(bytes: Buffer | null): Validation<unknown>;
  /**
   * For topics whose messages need their headers, or each other, to be read (a chunk at a time, in order);
   * used instead of `parse` when present.
   */
  readonly parseChunk?: (
    messages: readonly { readonly value: Buffer | null; readonly headers?: IHeaders | undefined }[],
  ) => Promise<Validation<unknown>[]>;
  /**
   * For topics whose publishers choose event ids: where each event's outcome is filed. The ingest then
   * reports per-event outcomes (a conflict is refused), and the consumer records them.
   */
  readonly identify?: (event: unknown) => EventIdentity;
  ingest(
    events: readonly AcceptedMessage<unknown>[],
    withinTransaction?: WithinIngest,
  ): Promise<IngestOutcome>;
}

/** Binds a contract's validator to the command that ingests it. */
export function ingestTopic<T>(
  topic: string,
  dlqTopic: string,
  validator: ContractValidator<T>,
  ingest: (events: readonly AcceptedMessage<T>[], withinTransaction?: WithinIngest) => Promise<IngestOutcome>,
  identify?: (event: T) => EventIdentity,
): IngestTopic {
  return {
    topic,
    dlqTopic,
    parse: (bytes) => validator.parse(bytes),
    // Only values this topic's validator accepted are identified.
    ...(identify === undefined ? {} : { identify: (event: unknown) => identify(event as T) }),
    // Only values this topic's validator accepted reach ingest, so they are T.
    ingest: (events, withinTransaction) => ingest(events as readonly AcceptedMessage<T>[], withinTransaction),
  };
}

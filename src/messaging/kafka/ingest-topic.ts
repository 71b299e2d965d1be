import type { EntityManager } from 'typeorm';
import type { ContractValidator, Validation } from '../../contracts/contract-validator';
import type { JsonObject } from '../../event-store/domain/stored-event';

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
 * A topic the ingest consumer reads: how its messages are validated, where the invalid ones go, and the
 * command that appends the valid ones. `ingest` runs one transaction, and `withinTransaction` lets the
 * consumer store its offset and rejects in it.
 */
export interface IngestTopic {
  readonly topic: string;
  readonly dlqTopic: string;
  parse(bytes: Buffer | null): Validation<unknown>;
  ingest(
    events: readonly AcceptedMessage<unknown>[],
    withinTransaction?: (tx: EntityManager) => Promise<void>,
  ): Promise<IngestOutcome>;
}

/** Binds a contract's validator to the command that ingests it. */
export function ingestTopic<T>(
  topic: string,
  dlqTopic: string,
  validator: ContractValidator<T>,
  ingest: (
    events: readonly AcceptedMessage<T>[],
    withinTransaction?: (tx: EntityManager) => Promise<void>,
  ) => Promise<IngestOutcome>,
): IngestTopic {
  return {
    topic,
    dlqTopic,
    parse: (bytes) => validator.parse(bytes),
    // Only values this topic's validator accepted reach ingest, so they are T.
    ingest: (events, withinTransaction) => ingest(events as readonly AcceptedMessage<T>[], withinTransaction),
  };
}

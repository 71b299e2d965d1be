import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { AcceptedChangeEvent } from '../../domain/change-stream';

export interface IngestResult {
  /** eventIds newly stored. */
  readonly stored: readonly string[];
  /** eventIds already stored (or repeated in the batch): no-ops. */
  readonly duplicates: readonly string[];
}

/**
 * Append validated change events and project them, all in one transaction.
 * `withinTransaction` lets the transport record its own progress (Kafka offsets, rejected messages)
 * atomically with the events: that is what makes a redelivery after a crash a no-op.
 */
export class IngestChangeEventsCommand extends Command<IngestResult> {
  constructor(
    readonly events: readonly AcceptedChangeEvent[],
    readonly withinTransaction?: (tx: EntityManager) => Promise<void>,
  ) {
    super();
  }
}

import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { AcceptedChangeEvent } from '../../domain/change-stream';

import type { AppendOutcome } from '../../../event-store/postgres-event-store';

export interface IngestResult {
  /** eventIds newly stored. */
  readonly stored: readonly string[];
  /** eventIds already stored in their source's namespace with the same content (or repeated): no-ops. */
  readonly duplicates: readonly string[];
  /** Per event given, in order: stored, duplicate, or conflict (its id is taken by different content). */
  readonly outcomes: readonly AppendOutcome[];
}

/**
 * Append validated change events and project them, all in one transaction.
 * `withinTransaction` lets the transport record its own progress (Kafka offsets, rejected messages)
 * atomically with the events: that is what makes a redelivery after a crash a no-op.
 */
export class IngestChangeEventsCommand extends Command<IngestResult> {
  constructor(
    readonly events: readonly AcceptedChangeEvent[],
    readonly withinTransaction?: (tx: EntityManager, outcomes: readonly AppendOutcome[]) => Promise<void>,
  ) {
    super();
  }
}

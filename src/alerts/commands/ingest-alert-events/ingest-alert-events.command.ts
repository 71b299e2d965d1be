import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { AcceptedAlertEvent } from '../../domain/alert-stream';

export interface AlertIngestResult {
  /** eventIds newly stored. */
  readonly stored: readonly string[];
  /** eventIds already stored: repeats of a notification, no-ops. */
  readonly duplicates: readonly string[];
}

/**
 * Append validated alert events and project them into the alerts read model, in one transaction;
 * `withinTransaction` lets the Kafka consumer store its offset in it (see IngestChangeEventsCommand).
 */
export class IngestAlertEventsCommand extends Command<AlertIngestResult> {
  constructor(
    readonly events: readonly AcceptedAlertEvent[],
    readonly withinTransaction?: (tx: EntityManager) => Promise<void>,
  ) {
    super();
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { EventStore } from '../../../event-store/event-store';
import { toNewAlertEvent } from '../../domain/alert-stream';
import { AlertsProjection } from '../../infrastructure/alerts.projection';
import { IngestAlertEventsCommand, type AlertIngestResult } from './ingest-alert-events.command';

@CommandHandler(IngestAlertEventsCommand)
export class IngestAlertEventsHandler implements ICommandHandler<
  IngestAlertEventsCommand,
  AlertIngestResult
> {
  constructor(
    private readonly store: EventStore<EntityManager>,
    private readonly alerts: AlertsProjection,
  ) {}

  async execute({ events, withinTransaction }: IngestAlertEventsCommand): Promise<AlertIngestResult> {
    return this.store.transaction(async (tx) => {
      const { appended, duplicates } = await this.store.append(tx, events.map(toNewAlertEvent));
      await this.alerts.apply(tx, appended);
      if (withinTransaction) await withinTransaction(tx);
      return { stored: appended.map((e) => e.eventId), duplicates };
    });
  }
}

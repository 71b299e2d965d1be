import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '../../../event-store/postgres-event-store';
import { toNewEvent } from '../../domain/change-stream';
import { ChangeTimelineProjection } from '../../infrastructure/change-timeline.projection';
import { IngestChangeEventsCommand, type IngestResult } from './ingest-change-events.command';

@CommandHandler(IngestChangeEventsCommand)
export class IngestChangeEventsHandler implements ICommandHandler<IngestChangeEventsCommand, IngestResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
    private readonly timeline: ChangeTimelineProjection,
  ) {}

  async execute({ events, withinTransaction }: IngestChangeEventsCommand): Promise<IngestResult> {
    return this.dataSource.transaction(async (tx) => {
      const { appended, duplicates } = await this.store.append(tx, events.map(toNewEvent));
      await this.timeline.apply(tx, appended);
      if (withinTransaction) await withinTransaction(tx);
      return { stored: appended.map((e) => e.eventId), duplicates };
    });
  }
}

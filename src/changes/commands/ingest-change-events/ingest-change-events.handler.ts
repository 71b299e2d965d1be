import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import type { StoredEvent } from '../../../event-store/domain/stored-event';
import { PostgresEventStore } from '../../../event-store/postgres-event-store';
import type { ChangeView } from '../../domain/change-state';
import { toNewEvent } from '../../domain/change-stream';
import { toView, type ChangeRow } from '../../infrastructure/change-row';
import { ChangeTimelineProjection } from '../../infrastructure/change-timeline.projection';
import { InlineChangeProjections } from '../../inline-change-projections';
import { IngestChangeEventsCommand, type IngestResult } from './ingest-change-events.command';

@CommandHandler(IngestChangeEventsCommand)
export class IngestChangeEventsHandler implements ICommandHandler<IngestChangeEventsCommand, IngestResult> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
    private readonly timeline: ChangeTimelineProjection,
    private readonly inlineProjections: InlineChangeProjections,
  ) {}

  async execute({ events, withinTransaction }: IngestChangeEventsCommand): Promise<IngestResult> {
    return this.dataSource.transaction(async (tx) => {
      const { appended, duplicates } = await this.store.append(tx, events.map(toNewEvent));
      await this.timeline.apply(tx, appended);
      if (appended.length > 0) await this.runInlineProjections(tx, appended);
      if (withinTransaction) await withinTransaction(tx);
      return { stored: appended.map((e) => e.eventId), duplicates };
    });
  }

  private async runInlineProjections(tx: EntityManager, appended: readonly StoredEvent[]): Promise<void> {
    let views: Promise<readonly ChangeView[]> | undefined;
    const changeViews = (): Promise<readonly ChangeView[]> => {
      views ??= readChangeViews(tx, [...new Set(appended.map((e) => e.streamId))]);
      return views;
    };
    for (const projection of this.inlineProjections.all()) {
      await projection.project({ tx, appended, changeViews });
    }
  }
}

async function readChangeViews(tx: EntityManager, changeIds: readonly string[]): Promise<ChangeView[]> {
  const rows = await tx.query<ChangeRow[]>(`SELECT fold_state FROM changes WHERE change_id = ANY($1)`, [
    changeIds,
  ]);
  return rows.map(toView);
}

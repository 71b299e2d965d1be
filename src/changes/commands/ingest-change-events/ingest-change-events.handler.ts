import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../../event-store/domain/stored-event';
import { EventStore } from '../../../event-store/event-store';
import { toChangeView, type ChangeState, type ChangeView } from '../../domain/change-state';
import { toNewEvent } from '../../domain/change-stream';
import { ChangeTimelineProjection } from '../../infrastructure/change-timeline.projection';
import { InlineChangeProjections } from '../../inline-change-projections';
import { IngestChangeEventsCommand, type IngestResult } from './ingest-change-events.command';

@CommandHandler(IngestChangeEventsCommand)
export class IngestChangeEventsHandler implements ICommandHandler<IngestChangeEventsCommand, IngestResult> {
  constructor(
    private readonly store: EventStore<EntityManager>,
    private readonly timeline: ChangeTimelineProjection,
    private readonly inlineProjections: InlineChangeProjections,
  ) {}

  async execute({ events, withinTransaction }: IngestChangeEventsCommand): Promise<IngestResult> {
    return this.store.transaction(async (tx) => {
      // Publishers choose change event ids: the same id with other content is a conflict, not a no-op.
      const { appended, duplicates, outcomes } = await this.store.append(tx, events.map(toNewEvent), {
        detectConflicts: true,
      });
      const touched = await this.timeline.apply(tx, appended);
      if (appended.length > 0) await this.runInlineProjections(tx, appended, touched);
      if (withinTransaction) await withinTransaction(tx, outcomes);
      return { stored: appended.map((e) => e.eventId), duplicates, outcomes };
    });
  }

  private async runInlineProjections(
    tx: EntityManager,
    appended: readonly StoredEvent[],
    touched: readonly ChangeState[],
  ): Promise<void> {
    // The states the timeline just folded and wrote: reading them back would only cost a query.
    let views: readonly ChangeView[] | undefined;
    const changeViews = (): Promise<readonly ChangeView[]> => {
      views ??= touched.map(toChangeView);
      return Promise.resolve(views);
    };
    for (const projection of this.inlineProjections.all()) {
      await projection.project({ tx, appended, changeViews });
    }
  }
}

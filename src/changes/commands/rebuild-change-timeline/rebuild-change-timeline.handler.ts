import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { EventStore } from '../../../event-store/event-store';
import { CHANGE_STREAM } from '../../domain/change-stream';
import { ChangeTimelineProjection } from '../../infrastructure/change-timeline.projection';
import { RebuildChangeTimelineCommand, type RebuildResult } from './rebuild-change-timeline.command';

const PAGE = 5_000;

/**
 * Rebuilds in one transaction that first takes the store's append lock: ingest pauses for the
 * duration, readers keep seeing the old timeline until the new one commits, and no event can slip in
 * between the replay and the switch. Read models are disposable (invariant 4 of docs/design.md).
 */
@CommandHandler(RebuildChangeTimelineCommand)
export class RebuildChangeTimelineHandler implements ICommandHandler<
  RebuildChangeTimelineCommand,
  RebuildResult
> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
    private readonly timeline: ChangeTimelineProjection,
  ) {}

  async execute({ onProgress }: RebuildChangeTimelineCommand): Promise<RebuildResult> {
    const started = Date.now();
    return this.dataSource.transaction(async (tx) => {
      await this.store.holdAppends(tx);
      await this.timeline.truncate(tx);
      let after = 0n;
      let events = 0;
      for (;;) {
        const page = await this.store.readInTransaction(tx, { streamType: CHANGE_STREAM }, after, PAGE);
        const last = page[page.length - 1];
        if (last === undefined) break;
        await this.timeline.apply(tx, page);
        events += page.length;
        after = last.position;
        onProgress?.(events);
      }
      const counted = await tx.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM changes`);
      return { events, changes: counted[0]?.n ?? 0, millis: Date.now() - started };
    });
  }
}

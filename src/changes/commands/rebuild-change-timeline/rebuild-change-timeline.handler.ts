import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { EventStore } from '../../../event-store/event-store';
import { CHANGE_EVENT_RECORDED, CHANGE_STREAM } from '../../domain/change-stream';
import { ChangeTimelineProjection } from '../../infrastructure/change-timeline.projection';
import { RebuildChangeTimelineCommand, type RebuildResult } from './rebuild-change-timeline.command';

/**
 * Rebuilds in one transaction that first takes the store's append lock: ingest pauses for the duration,
 * and no event can slip in between the replay and the switch. The table is emptied (TRUNCATE) at the
 * start, so readers of the timeline wait for the rebuild's commit, then see the new rows. Read models are
 * disposable (invariant 4 of docs/design.md).
 *
 * Like a bulk loader: the events are read by COPY on a connection of their own, stream by stream, and
 * each change's row is folded whole and written once by COPY on the transaction's connection, both
 * under way at once.
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
    const reader = await this.store.openBulkReader();
    try {
      return await this.dataSource.transaction(async (tx) => {
        await this.store.holdAppends(tx);
        // Safe without waiting for the flush: a commit lost to a crash just after it leaves the previous
        // timeline, which inline projection kept in step with the store; any later append's commit flushes
        // the WAL past this one, so nothing is ever projected on top of a lost rebuild.
        await tx.query(`SET LOCAL synchronous_commit = off`);
        const streams = reader.readStreams(tx, { streamType: CHANGE_STREAM, type: CHANGE_EVENT_RECORDED });
        const { events, changes } = await this.timeline.replaceAll(tx, streams, onProgress);
        return { events, changes, millis: Date.now() - started };
      });
    } finally {
      reader.close();
    }
  }
}

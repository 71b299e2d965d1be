import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { FREEZE_CHECK_EVENT_TYPES } from '../../../contracts/freeze-violation-events';
import { EventStore } from '../../../event-store/event-store';
import { writeFreezeChecks } from '../../infrastructure/freeze-check-recorder';
import { RebuildFreezeChecksCommand, type FreezeChecksRebuildResult } from './rebuild-freeze-checks.command';

const PAGE = 5_000;

/**
 * Under the append lock (no check can be recorded meanwhile), in one transaction: readers see the old
 * rows until the new ones commit. The checks are replayed as recorded, never re-evaluated: a window
 * declared later must not rewrite what was decided when the change started.
 */
@CommandHandler(RebuildFreezeChecksCommand)
export class RebuildFreezeChecksHandler implements ICommandHandler<
  RebuildFreezeChecksCommand,
  FreezeChecksRebuildResult
> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
  ) {}

  async execute(): Promise<FreezeChecksRebuildResult> {
    const started = Date.now();
    const types = [...FREEZE_CHECK_EVENT_TYPES];
    return this.dataSource.transaction(async (tx) => {
      await this.store.holdAppends(tx);
      await tx.query(`DELETE FROM freeze_checks`);
      let after = 0n;
      let events = 0;
      for (;;) {
        const page = await this.store.readInTransaction(tx, { types: types }, after, PAGE);
        const last = page[page.length - 1];
        if (last === undefined) break;
        await writeFreezeChecks(tx, page);
        events += page.length;
        after = last.position;
      }
      const counted = await tx.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM freeze_checks`);
      return { events, checks: counted[0]?.n ?? 0, millis: Date.now() - started };
    });
  }
}

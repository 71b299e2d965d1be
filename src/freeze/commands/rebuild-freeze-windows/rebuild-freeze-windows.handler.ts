import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import type { StoredEvent } from '../../../event-store/domain/stored-event';
import { EventStore } from '../../../event-store/event-store';
import { FREEZE_WINDOW_STREAM, foldFreezeWindow } from '../../domain/freeze-window-stream';
import { FreezeWindowRegistry } from '../../infrastructure/freeze-window-registry';
import {
  asWindowEvent,
  FREEZE_WINDOWS_CHANNEL,
  upsertFreezeWindowRow,
} from '../../infrastructure/freeze-window-writer';
import {
  RebuildFreezeWindowsCommand,
  type FreezeWindowsRebuildResult,
} from './rebuild-freeze-windows.command';

const PAGE = 5_000;

/**
 * Rebuilds in one transaction under the store's append lock, like the change timeline: no window event
 * can be appended between the replay and the switch. The old rows are deleted rather than truncated so
 * that instances reloading meanwhile keep reading them (TRUNCATE would block them) until the new rows
 * commit. Read models are disposable (invariant 4 of docs/design.md).
 */
@CommandHandler(RebuildFreezeWindowsCommand)
export class RebuildFreezeWindowsHandler implements ICommandHandler<
  RebuildFreezeWindowsCommand,
  FreezeWindowsRebuildResult
> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
    private readonly registry: FreezeWindowRegistry,
  ) {}

  async execute(): Promise<FreezeWindowsRebuildResult> {
    const started = Date.now();
    const replayed = await this.dataSource.transaction(async (tx) => {
      await this.store.holdAppends(tx);
      // Windows are few (hundreds to thousands) and small: their streams fit in memory, in stream order
      // (appends to one stream are serialised by the lock, so position order is version order).
      const streams = new Map<string, StoredEvent[]>();
      let after = 0n;
      let events = 0;
      for (;;) {
        const page = await this.store.readInTransaction(
          tx,
          { streamType: FREEZE_WINDOW_STREAM },
          after,
          PAGE,
        );
        const last = page[page.length - 1];
        if (last === undefined) break;
        for (const event of page) {
          const stream = streams.get(event.streamId);
          if (stream === undefined) streams.set(event.streamId, [event]);
          else stream.push(event);
        }
        events += page.length;
        after = last.position;
      }
      await tx.query(`DELETE FROM freeze_windows`);
      for (const [id, stream] of streams) {
        const window = foldFreezeWindow(id, stream.map(asWindowEvent));
        const last = stream[stream.length - 1];
        if (window === undefined || last === undefined) continue;
        await upsertFreezeWindowRow(tx, window, last);
      }
      // Delivered on commit: every instance reloads its in-memory windows.
      await tx.query(`SELECT pg_notify($1, $2)`, [FREEZE_WINDOWS_CHANNEL, 'rebuild']);
      const counted = await tx.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM freeze_windows`);
      return { events, windows: counted[0]?.n ?? 0 };
    });
    // This instance answers from the new rows at once, without waiting for its own notification.
    await this.registry.reload();
    return { ...replayed, millis: Date.now() - started };
  }
}

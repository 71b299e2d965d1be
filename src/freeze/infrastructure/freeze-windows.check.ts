import { Injectable } from '@nestjs/common';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import type { ReadModelChecker, ReadModelMismatch } from '../../common/read-model-check';
import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
import { PostgresEventStore } from '../../event-store/postgres-event-store';
import type { FreezeWindow } from '../domain/freeze-window';
import { FREEZE_WINDOW_STREAM, foldFreezeWindow } from '../domain/freeze-window-stream';
import { FreezeWindowRegistry } from './freeze-window-registry';
import { asWindowEvent, toStoredWindow } from './freeze-window-writer';

const PAGE = 5_000;

interface WindowRow {
  id: string;
  window_state: unknown;
  cancelled: boolean;
  version: number;
  last_position: string;
}

/**
 * The freeze decision's inputs against the freeze-window streams: every window (they are few, so the
 * sample does not apply), both the `freeze_windows` rows and the windows this instance evaluates with
 * (its in-memory registry, reloaded from those rows). A deleted or edited row would otherwise turn a
 * deny into an allow with the store untouched.
 */
@Injectable()
export class FreezeWindowsCheck implements ReadModelChecker {
  readonly model = 'freeze_windows';

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
    private readonly registry: FreezeWindowRegistry,
  ) {}

  async check(): Promise<ReadModelMismatch[]> {
    // One snapshot for the streams and the rows, so a window written meanwhile is in both or neither.
    const { expected, rows } = await this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const streams = new Map<string, ReturnType<typeof asWindowEvent>[]>();
      const lastOf = new Map<string, { version: number; position: bigint }>();
      for (let after = 0n; ;) {
        const page = await this.store.readInTransaction(
          tx,
          { streamType: FREEZE_WINDOW_STREAM },
          after,
          PAGE,
        );
        const last = page[page.length - 1];
        if (last === undefined) break;
        for (const event of page) {
          streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), asWindowEvent(event)]);
          lastOf.set(event.streamId, { version: event.streamVersion, position: event.position });
        }
        after = last.position;
      }
      const folded = new Map<string, { window: FreezeWindow; version: number; position: bigint }>();
      for (const [id, events] of streams) {
        const window = foldFreezeWindow(id, events);
        const last = lastOf.get(id);
        if (window !== undefined && last !== undefined) folded.set(id, { window, ...last });
      }
      const stored = await tx.query<WindowRow[]>(
        `SELECT id, window_state, cancelled, version, last_position::text FROM freeze_windows`,
      );
      return { expected: folded, rows: new Map(stored.map((row) => [row.id, row])) };
    });
    const mismatches: ReadModelMismatch[] = [];
    const mismatch = (id: string, problem: string): void => {
      mismatches.push({
        model: this.model,
        stream: `${FREEZE_WINDOW_STREAM}/${SERVICE_NAMESPACE}/${id}`,
        problem,
      });
    };
    const evaluated = new Map(this.registry.all().map((window) => [window.id, window]));
    for (const [id, { window, version, position }] of expected) {
      const state = JSON.parse(JSON.stringify(toStoredWindow(window))) as unknown;
      const row = rows.get(id);
      if (row === undefined) mismatch(id, 'no row in freeze_windows');
      else {
        const differ = [
          ...(isDeepStrictEqual(row.window_state, state) ? [] : ['window_state']),
          ...(row.cancelled === window.cancelled ? [] : ['cancelled']),
          ...(row.version === version ? [] : ['version']),
          ...(row.last_position === position.toString() ? [] : ['last_position']),
        ];
        if (differ.length > 0) mismatch(id, `row differs in ${differ.join(', ')}`);
      }
      const inMemory = evaluated.get(id);
      if (inMemory === undefined) mismatch(id, 'not among the windows this instance evaluates with');
      else if (!isDeepStrictEqual(JSON.parse(JSON.stringify(toStoredWindow(inMemory))), state))
        mismatch(id, 'the window this instance evaluates with differs');
    }
    for (const id of rows.keys()) if (!expected.has(id)) mismatch(id, 'row without a stream');
    return mismatches;
  }
}

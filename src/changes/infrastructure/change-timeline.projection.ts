import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../event-store/domain/stored-event';
import type { StreamedEvent } from '../../event-store/event-store';
import { copyInto } from '../../database/copy-rows';
import type { ChangeEvent } from '../domain/change-event';
import { applyChangeEvent, type ChangeState } from '../domain/change-state';
import { appendChangeSteps, type ChangeStepRecord } from '../domain/change-steps';
import { CHANGE_COLUMNS, changeCopyLine } from './change-row';
import { decodeFoldState } from './fold-state-codec';
import { changeEventOf, isChangeEvent } from '../domain/change-stream';

/** Changes per COPY write while folding: PostgreSQL inserts one slice while the next is folded. */
const COPY_SLICE = 250;
/** Bytes of rows per COPY write in a rebuild: large writes, few event-loop turns, bounded memory. */
const REBUILD_WRITE_BYTES = 1 << 20;

/**
 * Writes the change timeline read model. Runs inline, in the transaction that appended the events,
 * so the timeline is never behind the store; the fold state is kept beside each row so new events
 * merge in without re-reading the change's history.
 *
 * Every writer of `changes` holds the store's append lock (ingest appends first; a rebuild takes it), so
 * the rows read here cannot change or appear before commit: changes not found are new, and go straight
 * into the table by COPY; only changes that already have a row take the upsert.
 */
@Injectable()
export class ChangeTimelineProjection {
  /** Folds the change events into their rows; returns the state of every change they touched. */
  async apply(tx: EntityManager, events: readonly StoredEvent[]): Promise<ChangeState[]> {
    // A change is its source's stream: (namespace = source, changeId).
    const byChange = new Map<string, StoredEvent[]>();
    for (const stored of events) {
      if (!isChangeEvent(stored)) continue;
      const key = changeKey(stored.namespace, stored.streamId);
      const list = byChange.get(key);
      if (list === undefined) byChange.set(key, [stored]);
      else list.push(stored);
    }
    if (byChange.size === 0) return [];
    const touched: ChangeState[] = [];
    const addresses = [...byChange.values()].map((list) => list[0]);
    // One primary-key probe per change (LATERAL … LIMIT 1): as a plain join, the planner sorted or hashed
    // the whole table once a chunk held a few thousand changes (see PostgresEventStore.append).
    const rows = await tx.query<StoredChange[]>(
      `SELECT c.source, c.change_id, c.fold_state, c.steps
         FROM unnest($1::text[], $2::text[]) AS k(source, change_id)
         CROSS JOIN LATERAL (
           SELECT c.source, c.change_id, c.fold_state, c.steps FROM changes c
            WHERE c.source = k.source AND c.change_id = k.change_id LIMIT 1) c`,
      [addresses.map((e) => e?.namespace), addresses.map((e) => e?.streamId)],
    );
    const existing = new Map<string, StoredChange>(rows.map((r) => [changeKey(r.source, r.change_id), r]));
    const fresh = [...byChange.entries()].filter(([id]) => !existing.has(id));
    if (fresh.length > 0) {
      await copyInto(tx, 'changes', CHANGE_COLUMNS, async (write) => {
        for (let start = 0; start < fresh.length; start += COPY_SLICE) {
          let lines = '';
          for (const [, stored] of fresh.slice(start, start + COPY_SLICE)) {
            const { line, state } = changeLine(undefined, stored);
            lines += line;
            touched.push(state);
          }
          await write(lines);
        }
      });
    }
    if (existing.size > 0) {
      let lines = '';
      for (const [id, stored] of byChange) {
        const row = existing.get(id);
        if (row === undefined) continue;
        const { line, state } = changeLine(row, stored);
        lines += line;
        touched.push(state);
      }
      // COPY into a per-session staging table, then one upsert: far cheaper than binding ~26 columns
      // per row. The staging table empties itself at commit.
      await tx.query(
        `CREATE TEMP TABLE IF NOT EXISTS changes_staging (LIKE changes INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
      );
      await copyInto(tx, 'changes_staging', CHANGE_COLUMNS, (write) => write(lines));
      await tx.query(
        `INSERT INTO changes (${CHANGE_COLUMNS.join(', ')}) SELECT ${CHANGE_COLUMNS.join(', ')} FROM changes_staging
         ON CONFLICT (source, change_id) DO UPDATE SET
           ${CHANGE_COLUMNS.filter((c) => c !== 'change_id' && c !== 'source')
             .map((c) => `${c} = EXCLUDED.${c}`)
             .join(', ')}`,
      );
    }
    return touched;
  }

  /** Empties the read model; only inside a rebuild's transaction (a migration's replay uses it). */
  async truncate(tx: EntityManager): Promise<void> {
    await tx.query(`TRUNCATE changes`);
  }

  /**
   * Replaces the read model with one row per change of `streams` (each change's events together, in
   * position order, as BulkStreamReader.readStreams gives them): TRUNCATE, then one COPY of rows folded
   * whole, so no row is read back or written twice. The rows are those incremental projection writes
   * (the same fold, the same steps). Only for a rebuild, inside its transaction, with appends held.
   */
  async replaceAll(
    tx: EntityManager,
    streams: AsyncIterable<readonly StreamedEvent[]>,
    onProgress?: (eventsDone: number) => void,
  ): Promise<{ events: number; changes: number }> {
    await this.truncate(tx);
    let events = 0;
    let changes = 0;
    await copyInto(tx, 'changes', CHANGE_COLUMNS, async (write) => {
      let change: StreamedEvent[] = [];
      let lines = '';
      for await (const chunk of streams) {
        for (const event of chunk) {
          const first = change[0];
          if (
            first !== undefined &&
            (first.streamId !== event.streamId || first.namespace !== event.namespace)
          ) {
            lines += changeLine(undefined, change).line;
            changes += 1;
            change = [];
          }
          change.push(event);
        }
        events += chunk.length;
        if (lines.length >= REBUILD_WRITE_BYTES) {
          await write(lines);
          lines = '';
          onProgress?.(events);
        }
      }
      if (change.length > 0) {
        lines += changeLine(undefined, change).line;
        changes += 1;
      }
      if (lines !== '') await write(lines);
    });
    onProgress?.(events);
    return { events, changes };
  }
}

function changeKey(source: string, changeId: string): string {
  return `${source}\u0000${changeId}`;
}

/** A change's row as the projection reads it back: what the next events merge into. */
interface StoredChange {
  source: string;
  change_id: string;
  /** As stored: decodeFoldState reads it. */
  fold_state: unknown;
  /** Null on rows projected before the column existed: such a history stays unknown (see the migration). */
  steps: ChangeStepRecord[] | null;
}

/** Folds a change's new events into its row: the row in COPY text format, and the state it holds. */
function changeLine(
  row: StoredChange | undefined,
  events: readonly Pick<StoredEvent, 'position' | 'data'>[],
): { line: string; state: ChangeState } {
  let folded: ChangeState | undefined = row === undefined ? undefined : decodeFoldState(row.fold_state);
  let lastPosition = 0n;
  const changeEvents: ChangeEvent[] = [];
  for (const stored of events) {
    const event = changeEventOf(stored);
    changeEvents.push(event);
    folded = applyChangeEvent(folded, event);
    lastPosition = stored.position;
  }
  if (folded === undefined) throw new Error('unreachable: a change row without events');
  const steps = row === undefined ? [] : row.steps;
  const line = changeCopyLine(
    folded,
    lastPosition,
    steps === null ? null : appendChangeSteps(steps, changeEvents),
  );
  return { line, state: folded };
}

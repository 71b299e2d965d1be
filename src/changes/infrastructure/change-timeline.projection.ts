import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../event-store/domain/stored-event';
import { copyField, copyInto, type CopyValue } from '../../database/copy-rows';
import { applyChangeEvent, toChangeView, type ChangeState } from '../domain/change-state';
import { changeEventOf, isChangeEvent } from '../domain/change-stream';

const CHANGE_COLUMNS = [
  'change_id',
  'source',
  'kind',
  'phase',
  'service',
  'environment',
  'region',
  'cluster',
  'team',
  'actor_type',
  'actor_id',
  'summary',
  'version_from',
  'version_to',
  'rollout',
  'override',
  'is_rollback',
  'is_hotfix',
  'planned_at',
  'started_at',
  'finished_at',
  'timeline_at',
  'last_event_at',
  'event_count',
  'last_position',
  'fold_state',
] as const;

/** Changes per COPY write while folding: PostgreSQL inserts one slice while the next is folded. */
const COPY_SLICE = 250;

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
  async apply(tx: EntityManager, events: readonly StoredEvent[]): Promise<number> {
    const byChange = new Map<string, StoredEvent[]>();
    for (const stored of events) {
      if (!isChangeEvent(stored)) continue;
      const list = byChange.get(stored.streamId);
      if (list === undefined) byChange.set(stored.streamId, [stored]);
      else list.push(stored);
    }
    if (byChange.size === 0) return 0;
    const rows = await tx.query<{ change_id: string; fold_state: ChangeState }[]>(
      `SELECT change_id, fold_state FROM changes WHERE change_id = ANY($1::text[])`,
      [[...byChange.keys()]],
    );
    const existing = new Map<string, ChangeState>(rows.map((r) => [r.change_id, r.fold_state]));
    const fresh = [...byChange.entries()].filter(([id]) => !existing.has(id));
    if (fresh.length > 0) {
      await copyInto(tx, 'changes', CHANGE_COLUMNS, async (write) => {
        for (let start = 0; start < fresh.length; start += COPY_SLICE) {
          let lines = '';
          for (const [, stored] of fresh.slice(start, start + COPY_SLICE))
            lines += changeLine(undefined, stored);
          await write(lines);
        }
      });
    }
    if (existing.size > 0) {
      let lines = '';
      for (const [id, stored] of byChange) {
        const state = existing.get(id);
        if (state !== undefined) lines += changeLine(state, stored);
      }
      // COPY into a per-session staging table, then one upsert: far cheaper than binding ~26 columns
      // per row. The staging table empties itself at commit.
      await tx.query(
        `CREATE TEMP TABLE IF NOT EXISTS changes_staging (LIKE changes INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
      );
      await copyInto(tx, 'changes_staging', CHANGE_COLUMNS, (write) => write(lines));
      await tx.query(
        `INSERT INTO changes (${CHANGE_COLUMNS.join(', ')}) SELECT ${CHANGE_COLUMNS.join(', ')} FROM changes_staging
         ON CONFLICT (change_id) DO UPDATE SET
           ${CHANGE_COLUMNS.filter((c) => c !== 'change_id')
             .map((c) => `${c} = EXCLUDED.${c}`)
             .join(', ')}`,
      );
    }
    return byChange.size;
  }

  /** Empties the read model; only for a rebuild, inside the rebuild's transaction. */
  async truncate(tx: EntityManager): Promise<void> {
    await tx.query(`TRUNCATE changes`);
  }
}

/** Folds a change's new events into its state and returns its row in COPY text format. */
function changeLine(state: ChangeState | undefined, events: readonly StoredEvent[]): string {
  let folded = state;
  let lastPosition = 0n;
  for (const stored of events) {
    folded = applyChangeEvent(folded, changeEventOf(stored));
    lastPosition = stored.position;
  }
  if (folded === undefined) throw new Error('unreachable: a change row without events');
  const view = toChangeView(folded);
  const json = (value: unknown): CopyValue => (value === null ? null : JSON.stringify(value));
  const values: CopyValue[] = [
    view.changeId,
    view.source,
    view.kind,
    view.phase,
    view.service,
    view.environment,
    view.region,
    view.cluster,
    view.team,
    view.actor?.type ?? null,
    view.actor?.id ?? null,
    view.summary,
    view.version?.from ?? null,
    view.version?.to ?? null,
    json(view.rollout),
    json(view.override),
    view.isRollback,
    view.isHotfix,
    view.plannedAt,
    view.startedAt,
    view.finishedAt,
    view.timelineAt,
    view.lastEventAt,
    view.eventCount,
    lastPosition.toString(),
    JSON.stringify(folded),
  ];
  let line = '';
  for (let i = 0; i < values.length; i++) line += `${i === 0 ? '' : '\t'}${copyField(values[i] ?? null)}`;
  return `${line}\n`;
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../event-store/domain/stored-event';
import { copyRows, type CopyValue } from '../../database/copy-rows';
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

/**
 * Writes the change timeline read model. Runs inline, in the transaction that appended the events,
 * so the timeline is never behind the store; the fold state is kept beside each row so new events
 * merge in without re-reading the change's history.
 */
@Injectable()
export class ChangeTimelineProjection {
  async apply(tx: EntityManager, events: readonly StoredEvent[]): Promise<number> {
    const changeEvents = events.filter(isChangeEvent);
    if (changeEvents.length === 0) return 0;
    const ids = [...new Set(changeEvents.map((e) => e.streamId))];
    const rows = await tx.query<{ change_id: string; fold_state: ChangeState }[]>(
      `SELECT change_id, fold_state FROM changes WHERE change_id = ANY($1::text[])`,
      [ids],
    );
    const states = new Map<string, ChangeState>(rows.map((r) => [r.change_id, r.fold_state]));
    const lastPosition = new Map<string, bigint>();
    for (const stored of changeEvents) {
      states.set(stored.streamId, applyChangeEvent(states.get(stored.streamId), changeEventOf(stored)));
      lastPosition.set(stored.streamId, stored.position);
    }
    const staged = ids.map((id): CopyValue[] => {
      const state = states.get(id);
      if (state === undefined) throw new Error(`unreachable: no state for change ${id}`);
      const view = toChangeView(state);
      const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));
      return [
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
        (lastPosition.get(id) ?? 0n).toString(),
        JSON.stringify(state),
      ];
    });
    // COPY into a per-session staging table, then one upsert: far cheaper than binding ~26 columns
    // per row. The staging table empties itself at commit.
    await tx.query(
      `CREATE TEMP TABLE IF NOT EXISTS changes_staging (LIKE changes INCLUDING DEFAULTS) ON COMMIT DELETE ROWS`,
    );
    await copyRows(tx, 'changes_staging', CHANGE_COLUMNS, staged);
    await tx.query(
      `INSERT INTO changes (${CHANGE_COLUMNS.join(', ')}) SELECT ${CHANGE_COLUMNS.join(', ')} FROM changes_staging
       ON CONFLICT (change_id) DO UPDATE SET
         ${CHANGE_COLUMNS.filter((c) => c !== 'change_id')
           .map((c) => `${c} = EXCLUDED.${c}`)
           .join(', ')}`,
    );
    return ids.length;
  }

  /** Empties the read model; only for a rebuild, inside the rebuild's transaction. */
  async truncate(tx: EntityManager): Promise<void> {
    await tx.query(`TRUNCATE changes`);
  }
}

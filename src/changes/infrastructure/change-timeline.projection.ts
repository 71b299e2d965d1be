import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../event-store/domain/stored-event';
import { applyChangeEvent, toChangeView, type ChangeState } from '../domain/change-state';
import { changeEventOf, isChangeEvent } from '../domain/change-stream';

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
    const records = ids.map((id) => {
      const state = states.get(id);
      if (state === undefined) throw new Error(`unreachable: no state for change ${id}`);
      const view = toChangeView(state);
      return {
        change_id: view.changeId,
        source: view.source,
        kind: view.kind,
        phase: view.phase,
        service: view.service,
        environment: view.environment,
        region: view.region,
        cluster: view.cluster,
        team: view.team,
        actor_type: view.actor?.type ?? null,
        actor_id: view.actor?.id ?? null,
        summary: view.summary,
        version_from: view.version?.from ?? null,
        version_to: view.version?.to ?? null,
        rollout: view.rollout,
        override: view.override,
        is_rollback: view.isRollback,
        is_hotfix: view.isHotfix,
        planned_at: view.plannedAt,
        started_at: view.startedAt,
        finished_at: view.finishedAt,
        timeline_at: view.timelineAt,
        last_event_at: view.lastEventAt,
        event_count: view.eventCount,
        last_position: (lastPosition.get(id) ?? 0n).toString(),
        fold_state: state,
      };
    });
    await tx.query(
      `INSERT INTO changes SELECT * FROM jsonb_populate_recordset(NULL::changes, $1::jsonb)
       ON CONFLICT (change_id) DO UPDATE SET
         source = EXCLUDED.source, kind = EXCLUDED.kind, phase = EXCLUDED.phase, service = EXCLUDED.service,
         environment = EXCLUDED.environment, region = EXCLUDED.region, cluster = EXCLUDED.cluster,
         team = EXCLUDED.team, actor_type = EXCLUDED.actor_type, actor_id = EXCLUDED.actor_id,
         summary = EXCLUDED.summary, version_from = EXCLUDED.version_from, version_to = EXCLUDED.version_to,
         rollout = EXCLUDED.rollout, override = EXCLUDED.override, is_rollback = EXCLUDED.is_rollback,
         is_hotfix = EXCLUDED.is_hotfix, planned_at = EXCLUDED.planned_at, started_at = EXCLUDED.started_at,
         finished_at = EXCLUDED.finished_at, timeline_at = EXCLUDED.timeline_at,
         last_event_at = EXCLUDED.last_event_at, event_count = EXCLUDED.event_count,
         last_position = EXCLUDED.last_position, fold_state = EXCLUDED.fold_state`,
      [JSON.stringify(records)],
    );
    return ids.length;
  }

  /** Empties the read model; only for a rebuild, inside the rebuild's transaction. */
  async truncate(tx: EntityManager): Promise<void> {
    await tx.query(`TRUNCATE changes`);
  }
}

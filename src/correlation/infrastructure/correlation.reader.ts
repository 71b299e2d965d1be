import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertState } from '../../alerts/domain/alert-state';
import { AlertsReadModel } from '../../alerts/infrastructure/alerts.read-model';
import type { ChangeEvent, ChangeKind, ChangePhase } from '../../changes/domain/change-event';
import type { ChangeView } from '../../changes/domain/change-state';
import type { ChangeStepRecord } from '../../changes/domain/change-steps';
import { CHANGE_EVENT_RECORDED, CHANGE_STREAM } from '../../changes/domain/change-stream';
import { candidateQuery, DEFAULT_CORRELATION_OPTIONS, type CorrelationOptions } from '../domain/candidates';
import {
  correlationAlertFromEvent,
  correlationChangeFromView,
  type CorrelationAlert,
  type CorrelationChange,
  type CorrelationChangeView,
} from '../domain/inputs';

type ActorType = NonNullable<ChangeEvent['actor']>['type'];
import type { ServiceGraph } from '../domain/topology';

/** Per query: a bound on what one alert can pull in (the busiest alert of the 10M-event benchmark reads ~2,500). */
const MAX_ROWS = 5_000;

/** The columns of the change read model that correlation uses: not the fold state (~1.3 KB a row). */
const CHANGE_COLUMNS = `change_id, source, kind, phase, service, environment, region, cluster, summary,
  actor_type, version_from, version_to, rollout, is_rollback, started_at, finished_at, steps`;

interface ChangeColumns {
  change_id: string;
  source: string;
  kind: ChangeKind;
  phase: ChangePhase;
  service: string | null;
  environment: string;
  region: string | null;
  cluster: string | null;
  summary: string | null;
  actor_type: ActorType | null;
  version_from: string | null;
  version_to: string | null;
  rollout: ChangeView['rollout'];
  is_rollback: boolean;
  started_at: Date | null;
  finished_at: Date | null;
  steps: ChangeStepRecord[] | null;
}

function viewOf(row: ChangeColumns): CorrelationChangeView {
  const version =
    row.version_from === null && row.version_to === null
      ? null
      : {
          ...(row.version_from === null ? {} : { from: row.version_from }),
          ...(row.version_to === null ? {} : { to: row.version_to }),
        };
  return {
    changeId: row.change_id,
    source: row.source,
    kind: row.kind,
    phase: row.phase,
    service: row.service,
    environment: row.environment,
    region: row.region,
    cluster: row.cluster,
    summary: row.summary,
    actor: row.actor_type === null ? null : { type: row.actor_type },
    version,
    rollout: row.rollout,
    isRollback: row.is_rollback,
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

/** Rows as the read models hold them; correlation turns them into its inputs. */
export function alertFromState(state: AlertState): CorrelationAlert {
  const alert = correlationAlertFromEvent(state.alert);
  return {
    ...alert,
    status: state.status,
    startsAt: state.startsAt,
    endsAt: state.endsAt,
  };
}

/**
 * What correlation reads from the read models: alerts by key or fingerprint, the alerts around an
 * instant, and the candidate changes of an alert (narrowed by indexes, then decided by the domain) with
 * the steps of their rollouts from the store.
 */
@Injectable()
export class CorrelationReader {
  readonly options: CorrelationOptions = DEFAULT_CORRELATION_OPTIONS;

  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertsReadModel,
  ) {}

  /** An alert instance by its key, or the latest instance of a fingerprint. */
  async alert(id: string): Promise<CorrelationAlert | undefined> {
    const state = await this.alerts.find(id);
    return state === undefined ? undefined : alertFromState(state);
  }

  /** Alerts that started in [from, to] (epoch ms), oldest first, in one environment or all (bounded). */
  async alertsBetween(
    from: number,
    to: number,
    environment?: string,
    limit = 5_000,
  ): Promise<CorrelationAlert[]> {
    return (await this.alerts.startedBetween(from, to, { environment }, limit)).map(alertFromState);
  }

  /**
   * The changes that may have caused any of these alerts, with their rollout steps: what selectCandidates
   * and findReverted (ranking) need, and little more. Per alert, the changes in its time range on the
   * services it relates to are narrowed to those still active in the lookback and starting before the
   * alert (most of a busy range's changes finished long before; selectCandidates would drop them), plus
   * every rollback in the range; the rollbacks' services and kinds are then read whole, so a rollback still
   * finds the change it reverts among all of them, as if nothing had been narrowed.
   */
  async candidateChanges(
    alerts: readonly CorrelationAlert[],
    graph: ServiceGraph,
  ): Promise<CorrelationChange[]> {
    const byId = new Map<string, ChangeColumns>();
    for (const alert of alerts) {
      const q = candidateQuery(alert, graph, this.options);
      const range = [q.environment, new Date(q.startedFrom), new Date(q.startedTo)] as const;
      // The narrowing runs on the index alone (changes_candidates): only the rows that pass are fetched.
      const active = `(is_rollback OR (timeline_at <= $5 AND (finished_at IS NULL OR last_event_at >= $6)))`;
      const rows = await this.dataSource.query<ChangeColumns[]>(
        `SELECT ${CHANGE_COLUMNS} FROM changes WHERE (source, change_id) IN (
           SELECT source, change_id FROM changes
            WHERE environment = $1 AND timeline_at BETWEEN $2 AND $3 AND service IS NULL AND ${active}
           UNION ALL
           SELECT source, change_id FROM changes
            WHERE environment = $1 AND timeline_at BETWEEN $2 AND $3 AND service = ANY($4::text[]) AND ${active}
           LIMIT ${MAX_ROWS})`,
        [...range, q.services, new Date(q.candidatesStartedTo), new Date(q.activeFrom)],
      );
      for (const row of rows) byId.set(changeKey(row), row);
      const rollbacks = rows.filter((r) => r.is_rollback && r.service !== null);
      if (rollbacks.length === 0) continue;
      const revertible = await this.dataSource.query<ChangeColumns[]>(
        `SELECT ${CHANGE_COLUMNS} FROM changes
          WHERE environment = $1 AND timeline_at BETWEEN $2 AND $3
            AND service = ANY($4::text[]) AND kind = ANY($5::text[]) AND NOT is_rollback
          LIMIT ${MAX_ROWS}`,
        [...range, [...new Set(rollbacks.map((r) => r.service))], [...new Set(rollbacks.map((r) => r.kind))]],
      );
      for (const row of revertible) byId.set(changeKey(row), row);
    }
    if (byId.size === 0) return [];
    // Rows projected before the timeline kept steps (steps IS NULL) take them from their events.
    const unknown = [...byId.values()].filter((r) => r.steps === null);
    const eventsOf = unknown.length === 0 ? new Map<string, ChangeEvent[]>() : await this.eventsOf(unknown);
    return [...byId.values()].flatMap(
      (row) => correlationChangeFromView(viewOf(row), row.steps ?? eventsOf.get(changeKey(row)) ?? []) ?? [],
    );
  }

  /** The change events of these changes (each its source's stream), by changeKey. */
  private async eventsOf(changes: readonly ChangeColumns[]): Promise<Map<string, ChangeEvent[]>> {
    const rows = await this.dataSource.query<{ namespace: string; stream_id: string; data: ChangeEvent }[]>(
      `SELECT namespace, stream_id, data FROM events
        WHERE stream_type = $1 AND (namespace, stream_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
          AND event_type = $4`,
      [CHANGE_STREAM, changes.map((c) => c.source), changes.map((c) => c.change_id), CHANGE_EVENT_RECORDED],
    );
    const eventsOf = new Map<string, ChangeEvent[]>();
    for (const { namespace, stream_id, data } of rows) {
      const key = changeKey({ source: namespace, change_id: stream_id });
      const list = eventsOf.get(key);
      if (list === undefined) eventsOf.set(key, [data]);
      else list.push(data);
    }
    return eventsOf;
  }
}

/** A change is identified by its source and changeId. */
function changeKey(row: { readonly source: string; readonly change_id: string }): string {
  return `${row.source}\u0000${row.change_id}`;
}

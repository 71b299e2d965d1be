import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AlertState } from '../../alerts/domain/alert-state';
import { AlertsReadModel } from '../../alerts/infrastructure/alerts.read-model';
import type { ChangeEvent } from '../../changes/domain/change-event';
import type { ChangeState } from '../../changes/domain/change-state';
import { toChangeView } from '../../changes/domain/change-state';
import { CHANGE_EVENT_RECORDED, CHANGE_STREAM } from '../../changes/domain/change-stream';
import { candidateQuery, DEFAULT_CORRELATION_OPTIONS, type CorrelationOptions } from '../domain/candidates';
import {
  correlationAlertFromEvent,
  correlationChangeFromView,
  type CorrelationAlert,
  type CorrelationChange,
} from '../domain/inputs';
import type { ServiceGraph } from '../domain/topology';

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

  /** The changes that may have caused any of these alerts, with their rollout steps. */
  async candidateChanges(
    alerts: readonly CorrelationAlert[],
    graph: ServiceGraph,
  ): Promise<CorrelationChange[]> {
    const byId = new Map<string, ChangeState>();
    for (const alert of alerts) {
      const q = candidateQuery(alert, graph, this.options);
      const rows = await this.dataSource.query<{ fold_state: ChangeState }[]>(
        `SELECT fold_state FROM changes
          WHERE environment = $1
            AND (service IS NULL OR service = ANY($2::text[]))
            AND timeline_at BETWEEN $3 AND $4
          LIMIT 5000`,
        [
          q.environment,
          q.services,
          new Date(q.startedFrom).toISOString(),
          new Date(q.startedTo).toISOString(),
        ],
      );
      for (const row of rows) byId.set(row.fold_state.changeId, row.fold_state);
    }
    if (byId.size === 0) return [];
    const events = await this.dataSource.query<{ stream_id: string; data: ChangeEvent }[]>(
      `SELECT stream_id, data FROM events
        WHERE stream_type = $1 AND stream_id = ANY($2::text[]) AND event_type = $3`,
      [CHANGE_STREAM, [...byId.keys()], CHANGE_EVENT_RECORDED],
    );
    const eventsOf = new Map<string, ChangeEvent[]>();
    for (const { stream_id, data } of events) {
      const list = eventsOf.get(stream_id);
      if (list === undefined) eventsOf.set(stream_id, [data]);
      else list.push(data);
    }
    return [...byId.values()].flatMap(
      (state) => correlationChangeFromView(toChangeView(state), eventsOf.get(state.changeId) ?? []) ?? [],
    );
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AlertState } from '../../alerts/domain/alert-state';
import { AlertsReadModel } from '../../alerts/infrastructure/alerts.read-model';
import { ChangeTimelineQueries, type CandidateChange } from '../../changes/change-timeline-queries';
import type { ChangeEvent } from '../../changes/domain/change-event';
import { CHANGE_EVENT_RECORDED, CHANGE_STREAM } from '../../changes/domain/change-stream';
import { EventStore } from '../../event-store/event-store';
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
    private readonly changes: ChangeTimelineQueries,
    private readonly alerts: AlertsReadModel,
    private readonly store: EventStore<EntityManager>,
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
   * finds the change it reverts among all of them, as if nothing had been narrowed. `context`, the alerts
   * around them, names the incident peers whose changes are candidates too.
   */
  async candidateChanges(
    alerts: readonly CorrelationAlert[],
    graph: ServiceGraph,
    context: readonly CorrelationAlert[] = [],
  ): Promise<CorrelationChange[]> {
    const byId = new Map<string, CandidateChange>();
    for (const alert of alerts) {
      const q = candidateQuery(alert, graph, this.options, context);
      const rows = await this.changes.candidates({
        environment: q.environment,
        startedFrom: q.startedFrom,
        startedTo: q.startedTo,
        services: q.services,
        candidatesStartedTo: q.candidatesStartedTo,
        activeFrom: q.activeFrom,
      });
      for (const row of rows) byId.set(changeKey(row.view), row);
      const rollbacks = rows.filter((r) => r.view.isRollback && r.view.service !== null);
      if (rollbacks.length === 0) continue;
      const revertible = await this.changes.notRollbacks(
        q,
        [...new Set(rollbacks.map((r) => r.view.service ?? ''))],
        [...new Set(rollbacks.map((r) => r.view.kind))],
      );
      for (const row of revertible) byId.set(changeKey(row.view), row);
    }
    if (byId.size === 0) return [];
    // Rows projected before the timeline kept steps (steps IS NULL) take them from their events.
    const unknown = [...byId.values()].filter((r) => r.steps === null);
    const eventsOf = unknown.length === 0 ? new Map<string, ChangeEvent[]>() : await this.eventsOf(unknown);
    return [...byId.values()].flatMap(
      (row) =>
        correlationChangeFromView(row.view, row.steps ?? eventsOf.get(changeKey(row.view)) ?? []) ?? [],
    );
  }

  /** The change events of these changes (each its source's stream), by changeKey. */
  private async eventsOf(changes: readonly CandidateChange[]): Promise<Map<string, ChangeEvent[]>> {
    const events = await this.store.readStreams(
      CHANGE_STREAM,
      changes.map((c) => ({ namespace: c.view.source, streamId: c.view.changeId })),
      [CHANGE_EVENT_RECORDED],
    );
    const eventsOf = new Map<string, ChangeEvent[]>();
    for (const { namespace, streamId, data } of events) {
      const key = changeKey({ source: namespace, changeId: streamId });
      const list = eventsOf.get(key);
      if (list === undefined) eventsOf.set(key, [data as unknown as ChangeEvent]);
      else list.push(data as unknown as ChangeEvent);
    }
    return eventsOf;
  }
}

/** A change is identified by its source and changeId. */
function changeKey(change: { readonly source: string; readonly changeId: string }): string {
  return `${change.source}\u0000${change.changeId}`;
}

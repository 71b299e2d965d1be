/**
 * Turns a generated data set into what the ranking reads, as the service would know it at a given
 * instant: the change read model folded from the change events that had arrived, the alerts folded from
 * the Alertmanager notifications that had arrived, and the topology.
 *
 * This is the seam for the end-to-end version of the harness: an implementation of CorrelationSource that
 * ingests the same events through the service (Kafka / HTTP) and answers these calls with its queries can
 * replace InMemoryCorrelationSource without touching the scenarios or the evaluation.
 */
import { mapAlertmanagerWebhook, DEFAULT_ALERTMANAGER_MAPPING } from '../../src/alerts/domain/alertmanager';
import type { AlertEvent } from '../../src/alerts/domain/alert-event';
import { alertInstanceKey } from '../../src/alerts/domain/alert-event';
import { applyAlertEvent, type AlertState } from '../../src/alerts/domain/alert-state';
import type { ChangeEvent } from '../../src/changes/domain/change-event';
import {
  candidateQuery,
  DEFAULT_CORRELATION_OPTIONS,
  type CorrelationOptions,
} from '../../src/correlation/domain/candidates';
import {
  correlationAlertFromEvent,
  correlationChangeFromEvents,
  type CorrelationAlert,
  type CorrelationChange,
} from '../../src/correlation/domain/inputs';
import { changeKey } from '../../src/correlation/domain/ranking';
import {
  alertCoverage,
  COVERAGE_LOOKBACK_MS,
  type AlertCoverage,
} from '../../src/correlation/domain/coverage';
import { ServiceGraph } from '../../src/correlation/domain/topology';
import type { CorrelationDataset } from './scenarios';

export interface CorrelationSource {
  readonly graph: ServiceGraph;
  /**
   * Which services `alert` is ranked as able to alert, as known at `at`: those seen alerting in its
   * environment from 30 days before it to the corroboration window after it, as the service computes it.
   * Neither corpus's world has teams declaring their alert rules to an inventory, so nothing is declared.
   */
  coverageFor(alert: CorrelationAlert, at: number): AlertCoverage;
  /** The alert instance as known at `at` (its fingerprint and reported startsAt address it). */
  alert(source: string, fingerprint: string, startsAt: string, at: number): CorrelationAlert | undefined;
  /** Changes that may be candidates for `alert` (and rollbacks that may revert them), as known at `at`. */
  changesFor(alert: CorrelationAlert, at: number): CorrelationChange[];
  /**
   * Every change of `environment` whose earliest reported instant is in [from, to], as known at `at`
   * (whatever its service: for baselines that do not use the topology).
   */
  changesBetween(environment: string, from: number, to: number, at: number): CorrelationChange[];
  /** Alert instances that started in [at - windowMs, at], as known at `at`. */
  alertsAround(at: number, windowMs: number): CorrelationAlert[];
  /** Every alert-event.v1 event the notifications map to (for contract checks). */
  readonly alertEvents: readonly AlertEvent[];
}

interface ChangeRecord {
  readonly environment: string;
  /** Its earliest occurredAt, close to the read model's startedAt. */
  firstAt: number;
  /** Its events in order of arrival. */
  readonly events: { readonly arrivesAt: number; readonly event: ChangeEvent }[];
}

interface TimedAlertEvent {
  readonly arrivesAt: number;
  readonly startsAt: number;
  readonly event: AlertEvent;
}

function upperBound(items: readonly { arrivesAt: number }[], at: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((items[mid]?.arrivesAt ?? Infinity) <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class InMemoryCorrelationSource implements CorrelationSource {
  readonly graph: ServiceGraph;
  readonly alertEvents: readonly AlertEvent[];
  private readonly changes = new Map<string, ChangeRecord>();
  private readonly byService = new Map<string, string[]>();
  private readonly serviceless: string[] = [];
  private readonly timedAlerts: TimedAlertEvent[];
  /** Notifications repeat alerts: how many alert events the webhooks carried in all, and the rejections. */
  readonly alertNotificationItems: number;
  readonly rejectedAlertItems: number;

  constructor(
    dataset: CorrelationDataset,
    private readonly options: CorrelationOptions = DEFAULT_CORRELATION_OPTIONS,
  ) {
    this.graph = ServiceGraph.fromEdges(dataset.world.edges);
    for (const { event, arrivesAt } of dataset.changeEvents) {
      // A change is (source, changeId), as in the service.
      const id = changeKey(event);
      let record = this.changes.get(id);
      if (record === undefined) {
        record = { environment: event.environment, firstAt: Date.parse(event.occurredAt), events: [] };
        this.changes.set(id, record);
        const list =
          event.service === undefined ? this.serviceless : (this.byService.get(event.service) ?? []);
        if (event.service !== undefined) this.byService.set(event.service, list);
        list.push(id);
      }
      record.events.push({ arrivesAt, event });
      record.firstAt = Math.min(record.firstAt, Date.parse(event.occurredAt));
    }
    const timed: TimedAlertEvent[] = [];
    let items = 0;
    let rejected = 0;
    for (const { payload, arrivesAt } of dataset.notifications) {
      const mapped = mapAlertmanagerWebhook(payload, DEFAULT_ALERTMANAGER_MAPPING);
      if (!mapped.ok) throw new Error(`generated notification rejected: ${JSON.stringify(mapped.errors)}`);
      items += payload.alerts.length;
      rejected += mapped.rejected.length;
      for (const { event } of mapped.mapped)
        timed.push({ arrivesAt, startsAt: Date.parse(event.startsAt), event });
    }
    this.timedAlerts = timed.sort((a, b) => a.arrivesAt - b.arrivesAt);
    this.alertEvents = timed.map((t) => t.event);
    this.alertNotificationItems = items;
    this.rejectedAlertItems = rejected;
  }

  alert(source: string, fingerprint: string, startsAt: string, at: number): CorrelationAlert | undefined {
    const key = alertInstanceKey({ source, fingerprint, startsAt });
    return this.alertsAround(at, this.options.lookbackMs).find((a) => a.key === key);
  }

  changesFor(alert: CorrelationAlert, at: number): CorrelationChange[] {
    // The alerts known by then name the incident peers whose changes are candidates too.
    const query = candidateQuery(
      alert,
      this.graph,
      this.options,
      this.alertsAround(at, this.options.lookbackMs),
    );
    const ids = [...query.services.flatMap((s) => this.byService.get(s) ?? []), ...this.serviceless];
    return this.visibleChanges(
      ids,
      query.environment,
      query.startedFrom - this.options.clockSkewMs,
      query.startedTo,
      at,
    );
  }

  changesBetween(environment: string, from: number, to: number, at: number): CorrelationChange[] {
    return this.visibleChanges(this.changes.keys(), environment, from, to, at);
  }

  private visibleChanges(
    ids: Iterable<string>,
    environment: string,
    from: number,
    to: number,
    at: number,
  ): CorrelationChange[] {
    const out: CorrelationChange[] = [];
    for (const id of ids) {
      const record = this.changes.get(id);
      if (record === undefined || record.environment !== environment) continue;
      if (record.firstAt < from || record.firstAt > to) continue;
      const visible = record.events.slice(0, upperBound(record.events, at)).map((e) => e.event);
      if (visible.length === 0) continue;
      const change = correlationChangeFromEvents(visible);
      if (change !== undefined) out.push(change);
    }
    return out;
  }

  coverageFor(alert: CorrelationAlert, at: number): AlertCoverage {
    const from = alert.startsAt - COVERAGE_LOOKBACK_MS;
    const to = alert.startsAt + this.options.corroborationWindowMs;
    const seen = new Set<string>();
    for (const { event, startsAt } of this.timedAlerts.slice(0, upperBound(this.timedAlerts, at)))
      if (
        event.service !== undefined &&
        event.environment === alert.environment &&
        startsAt >= from &&
        startsAt <= to
      )
        seen.add(event.service);
    return alertCoverage([], seen);
  }

  alertsAround(at: number, windowMs: number): CorrelationAlert[] {
    const end = upperBound(this.timedAlerts, at);
    const states = new Map<string, AlertState>();
    // Notifications arrive after the alert started, so scanning back to the window's start finds them all.
    for (let i = end - 1; i >= 0; i -= 1) {
      const timed = this.timedAlerts[i];
      if (timed === undefined || timed.arrivesAt < at - windowMs) break;
      if (timed.startsAt < at - windowMs) continue;
      const key = alertInstanceKey(timed.event);
      states.set(key, applyAlertEvent(states.get(key), timed.event).state);
    }
    return [...states.values()].map((state) => ({
      ...correlationAlertFromEvent(state.alert),
      status: state.status,
      endsAt: state.endsAt,
    }));
  }
}

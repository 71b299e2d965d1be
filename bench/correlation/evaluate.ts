/**
 * Runs the labelled cases of a data set through the suspect ranking and through two baselines, and
 * scores them (HR@1, HR@3, MRR).
 *
 * - baseline ("most recent change on the alerting service", what most tools ship): the alerting service's
 *   changes in the alert's environment that started in the lookback (or within the skew allowance after
 *   the alert), newest first;
 * - recent incl. dependencies: the same over the alerting service and its direct dependencies (a
 *   topology-aware timeline, still ordered by recency only);
 * - alerting services first: every change in the alert's environment in that window, those on any service
 *   alerting when the reviewer looks first, newest first, then the rest, newest first (no topology).
 *
 * Each alert is ranked as a reviewer would see it: a few minutes after its first notification, with only
 * the events that had arrived by then.
 */
import {
  calledService,
  DEFAULT_CALL_EDGE_LABELS,
  type AlertmanagerAlert,
} from '../../src/alerts/domain/alertmanager';
import type { CorrelationOptions } from '../../src/correlation/domain/candidates';
import { groupIncidents } from '../../src/correlation/domain/incidents';
import type { CorrelationAlert, CorrelationChange } from '../../src/correlation/domain/inputs';
import { causeRank, qualityFromRanks, type RankingQuality } from '../../src/correlation/domain/quality';
import {
  rankAlertSuspects,
  rankIncidentSuspects,
  type AlertRanking,
  type Suspect,
} from '../../src/correlation/domain/ranking';
import type { ServiceGraph } from '../../src/correlation/domain/topology';
import type { WeightsInUse } from '../../src/correlation/domain/weights';
import { seededRandom } from '../generators/change-events';
import type { AlertInstance, CorrelationDataset, Fault } from './scenarios';
import type { CorrelationSource } from './source';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const RANKERS = ['suspects', 'baseline', 'recentWithDependencies', 'alertingFirst'] as const;
export type RankerName = (typeof RANKERS)[number];

export const RANKER_LABELS: Readonly<Record<RankerName, string>> = {
  suspects: 'suspect ranking (this service)',
  baseline: 'baseline: most recent change on the alerting service',
  recentWithDependencies: 'most recent change on the service or its direct dependencies',
  alertingFirst: 'changes on any alerting service first, then the rest (most recent first each)',
};

/** How long after an alert started its service still counts as alerting, once resolved. */
const ALERTING_RECENTLY_MS = 30 * MINUTE;

export type CaseSet = 'alerts' | 'firstAlerts' | 'incidents';
export const CASE_SETS: readonly CaseSet[] = ['alerts', 'firstAlerts', 'incidents'];

export interface SuspectSummary {
  readonly changeId: string;
  readonly kind: string;
  readonly service: string | null;
  readonly score: number;
  readonly reasons: readonly string[];
}

export interface CaseOutcome {
  readonly id: string;
  readonly faultId: string;
  readonly faultType: Fault['type'];
  readonly confounders: readonly string[];
  /** For alert cases: 0 on the changed service (or a broad change's scope), n for a caller n hops up. */
  readonly hops: number;
  readonly first: boolean;
  readonly causeId: string;
  readonly ranks: Readonly<Record<RankerName, number | undefined>>;
  /** The ranking's score of its first suspect (calibration). */
  readonly topScore: number | undefined;
  readonly candidates: number;
  readonly alert: {
    readonly service: string | null;
    readonly name: string;
    readonly severity: string;
    /** An alert on a call edge (client and server labels), whose service is the called one. */
    readonly onCallEdge: boolean;
  };
  /** Filled for misses of the suspect ranking: what came first and how the cause was seen. */
  readonly miss?: { readonly top: SuspectSummary | undefined; readonly cause: SuspectSummary | undefined };
}

export interface DatasetEvaluation {
  readonly seed: number;
  readonly services: number;
  readonly edges: number;
  readonly changes: number;
  readonly changeEvents: number;
  readonly alertInstances: number;
  readonly notifications: number;
  readonly faults: number;
  readonly alertCases: readonly CaseOutcome[];
  readonly incidentCases: readonly CaseOutcome[];
  readonly noiseTopScores: readonly number[];
  readonly quality: Readonly<Record<CaseSet, Readonly<Record<RankerName, RankingQuality>>>>;
}

/** Baseline orderings: the given services' changes around the alert, newest first. */
export function mostRecentChanges(
  alert: CorrelationAlert,
  changes: readonly CorrelationChange[],
  services: ReadonlySet<string>,
  options: CorrelationOptions,
): string[] {
  return changes
    .filter(
      (c) =>
        c.environment === alert.environment &&
        c.service !== undefined &&
        services.has(c.service) &&
        c.startedAt <= alert.startsAt + options.clockSkewMs &&
        c.startedAt >= alert.startsAt - options.lookbackMs,
    )
    .sort((a, b) => b.startedAt - a.startedAt || (a.changeId < b.changeId ? -1 : 1))
    .map((c) => c.changeId);
}

/**
 * Every change of the alert's environment in the baselines' window (`pool`), those on a service alerting at
 * the time (an alert of the environment firing, or started at most 30 minutes before this one) first;
 * newest first within each part.
 */
export function alertingServicesFirst(
  alert: CorrelationAlert,
  pool: readonly CorrelationChange[],
  context: readonly CorrelationAlert[],
  options: CorrelationOptions,
): string[] {
  const alerting = new Set<string>();
  for (const a of [alert, ...context]) {
    if (a.service === undefined || a.environment !== alert.environment) continue;
    if (a.status === 'firing' || a.startsAt >= alert.startsAt - ALERTING_RECENTLY_MS) alerting.add(a.service);
  }
  const inWindow = pool.filter(
    (c) =>
      c.environment === alert.environment &&
      c.startedAt <= alert.startsAt + options.clockSkewMs &&
      c.startedAt >= alert.startsAt - options.lookbackMs,
  );
  const onAlerting = (c: CorrelationChange) => c.service !== undefined && alerting.has(c.service);
  const newestFirst = (a: CorrelationChange, b: CorrelationChange) =>
    b.startedAt - a.startedAt || (a.changeId < b.changeId ? -1 : 1);
  return [
    ...inWindow.filter(onAlerting).sort(newestFirst),
    ...inWindow.filter((c) => !onAlerting(c)).sort(newestFirst),
  ].map((c) => c.changeId);
}

function baselines(
  alert: CorrelationAlert,
  changes: readonly CorrelationChange[],
  graph: ServiceGraph,
  options: CorrelationOptions,
): { baseline: string[]; recentWithDependencies: string[] } {
  if (alert.service === undefined) return { baseline: [], recentWithDependencies: [] };
  const withDependencies = new Set([alert.service, ...graph.directDependencies(alert.service)]);
  return {
    baseline: mostRecentChanges(alert, changes, new Set([alert.service]), options),
    recentWithDependencies: mostRecentChanges(alert, changes, withDependencies, options),
  };
}

/** The changes the alerting-services-first baseline orders: all of the environment around the alert. */
function baselinePool(
  source: CorrelationSource,
  alert: CorrelationAlert,
  at: number,
  options: CorrelationOptions,
): CorrelationChange[] {
  return source.changesBetween(
    alert.environment,
    alert.startsAt - options.lookbackMs - options.clockSkewMs,
    alert.startsAt + options.clockSkewMs,
    at,
  );
}

const summary = (s: Suspect | undefined): SuspectSummary | undefined =>
  s === undefined
    ? undefined
    : {
        changeId: s.changeId,
        kind: s.change.kind,
        service: s.change.service ?? null,
        score: s.score,
        reasons: s.reasons,
      };

const rankOf = (ranking: readonly string[], cause: string) => causeRank({ ranking, causes: [cause] });

function qualityOf(cases: readonly CaseOutcome[]): Record<RankerName, RankingQuality> {
  const out = {} as Record<RankerName, RankingQuality>;
  for (const ranker of RANKERS) out[ranker] = qualityFromRanks(cases.map((c) => c.ranks[ranker]));
  return out;
}

export interface AlertLook {
  readonly fingerprint: string;
  /** When the reviewer looks at the alert: 1-10 min after it was first notified. */
  readonly at: number;
  /** An alert on a call edge (client and server labels), whose service is the called one. */
  readonly onCallEdge: boolean;
}

/**
 * When each alert of each fault is looked at, for the in-memory harness and the pass through the service
 * alike. Seeded apart from the generator, so changing how cases are looked at never changes the data.
 * Alerts on call edges (a world with tracing) take their draws from a stream of their own, so the service
 * alerts of that world are looked at exactly when they are in the same world without it.
 */
export function alertLooks(dataset: CorrelationDataset): Map<AlertInstance, AlertLook> {
  const random = seededRandom(dataset.seed * 7_919 + 17);
  const edgeRandom = seededRandom(dataset.seed * 7_919 + 29);
  const onCallEdge = new Set(
    dataset.notifications
      .flatMap((n) => n.payload.alerts as readonly AlertmanagerAlert[])
      .filter((a) => calledService(a.labels, DEFAULT_CALL_EDGE_LABELS) !== undefined)
      .map((a) => a.fingerprint),
  );
  const looks = new Map<AlertInstance, AlertLook>();
  for (const fault of dataset.faults) {
    for (const instance of fault.alerts) {
      const edge = onCallEdge.has(instance.fingerprint);
      const at = instance.firstNotifiedAt + (1 + (edge ? edgeRandom() : random()) * 9) * MINUTE;
      looks.set(instance, { fingerprint: instance.fingerprint, at, onCallEdge: edge });
    }
  }
  return looks;
}

/** Each alert case's ranking as the reviewer saw it (`at`), with the fault that caused it. */
export type AlertCaseObserver = (fault: Fault, ranking: AlertRanking, at: number) => void;

export function evaluateDataset(
  dataset: CorrelationDataset,
  source: CorrelationSource,
  options: CorrelationOptions,
  observe?: AlertCaseObserver,
  /** The factor weights the suspect ranking uses (the priors when not given). */
  weights?: WeightsInUse,
): DatasetEvaluation {
  const looks = alertLooks(dataset);
  const graph = source.graph;
  const alertCases: CaseOutcome[] = [];
  const incidentCases: CaseOutcome[] = [];

  const lookAt = (instance: AlertInstance, at: number) => {
    const alert = source.alert('alertmanager', instance.fingerprint, instance.startsAt, at);
    if (alert === undefined)
      throw new Error(`alert ${instance.fingerprint} unknown at ${new Date(at).toISOString()}`);
    const changes = source.changesFor(alert, at);
    const context = source.alertsAround(at, 6 * HOUR);
    return { alert, changes, context };
  };

  for (const fault of dataset.faults) {
    const firstInstance = fault.alerts.reduce((a, b) => (b.trueStart < a.trueStart ? b : a));
    let firstQueryAt = 0;
    for (const instance of fault.alerts) {
      const look = looks.get(instance);
      if (look === undefined) throw new Error(`no look at ${instance.fingerprint}`);
      const { at, onCallEdge: edge } = look;
      if (instance === firstInstance) firstQueryAt = at;
      const { alert, changes, context } = lookAt(instance, at);
      const ranking = rankAlertSuspects(
        { alert, changes, graph, alerts: context, coverage: source.coverageFor(alert, at), weights },
        options,
      );
      observe?.(fault, ranking, at);
      const ids = ranking.suspects.map((s) => s.changeId);
      const base = baselines(alert, changes, graph, options);
      const alertingFirst = alertingServicesFirst(
        alert,
        baselinePool(source, alert, at, options),
        context,
        options,
      );
      const ranks = {
        suspects: rankOf(ids, fault.causeChangeId),
        baseline: rankOf(base.baseline, fault.causeChangeId),
        recentWithDependencies: rankOf(base.recentWithDependencies, fault.causeChangeId),
        alertingFirst: rankOf(alertingFirst, fault.causeChangeId),
      };
      alertCases.push({
        id: `${fault.id}/${instance.fingerprint}`,
        faultId: fault.id,
        faultType: fault.type,
        confounders: fault.confounders,
        hops: instance.hops,
        first: instance === firstInstance,
        causeId: fault.causeChangeId,
        ranks,
        topScore: ranking.suspects[0]?.score,
        candidates: ranking.suspects.length,
        alert: {
          service: alert.service ?? null,
          name: alert.name,
          severity: alert.severity,
          onCallEdge: edge,
        },
        ...(ranks.suspects === 1
          ? {}
          : {
              miss: {
                top: summary(ranking.suspects[0]),
                cause: summary(ranking.suspects.find((s) => s.changeId === fault.causeChangeId)),
              },
            }),
      });
    }

    // The incident around the fault's first alert, a few minutes later (more of the cascade is in).
    const at = firstQueryAt + 5 * MINUTE;
    const { alert: firstAlert, context } = lookAt(firstInstance, at);
    const incident = groupIncidents(context, graph).find((i) =>
      i.alerts.some((a) => a.key === firstAlert.key),
    );
    if (incident === undefined) throw new Error(`no incident holds ${firstAlert.key}`);
    const changes = new Map<string, CorrelationChange>();
    for (const member of incident.alerts)
      for (const c of source.changesFor(member, at)) changes.set(c.changeId, c);
    const ranking = rankIncidentSuspects(
      {
        incident: incident.alerts,
        changes: [...changes.values()],
        graph,
        alerts: context,
        // The service ranks an incident with the coverage of its first alert.
        coverage: source.coverageFor(incident.alerts[0] ?? firstAlert, at),
        weights,
      },
      options,
    );
    const ids = ranking.suspects.map((s) => s.changeId);
    const anchor = incident.alerts.find((a) => a.service !== undefined) ?? firstAlert;
    const base = baselines(anchor, [...changes.values()], graph, options);
    const alertingFirst = alertingServicesFirst(
      anchor,
      baselinePool(source, anchor, at, options),
      context,
      options,
    );
    const ranks = {
      suspects: rankOf(ids, fault.causeChangeId),
      baseline: rankOf(base.baseline, fault.causeChangeId),
      recentWithDependencies: rankOf(base.recentWithDependencies, fault.causeChangeId),
      alertingFirst: rankOf(alertingFirst, fault.causeChangeId),
    };
    const top = ranking.suspects[0];
    const cause = ranking.suspects.find((s) => s.changeId === fault.causeChangeId);
    incidentCases.push({
      id: `${fault.id}/incident`,
      faultId: fault.id,
      faultType: fault.type,
      confounders: fault.confounders,
      hops: 0,
      first: true,
      causeId: fault.causeChangeId,
      ranks,
      topScore: top?.score,
      candidates: ranking.suspects.length,
      alert: {
        service: anchor.service ?? null,
        name: `${incident.alerts.length} alerts`,
        severity: anchor.severity,
        onCallEdge: [...looks.values()].some((l) => l.fingerprint === anchor.fingerprint && l.onCallEdge),
      },
      ...(ranks.suspects === 1
        ? {}
        : {
            miss: {
              top:
                top === undefined
                  ? undefined
                  : {
                      changeId: top.changeId,
                      kind: top.change.kind,
                      service: top.change.service ?? null,
                      score: top.score,
                      reasons: top.reasons,
                    },
              cause:
                cause === undefined
                  ? undefined
                  : {
                      changeId: cause.changeId,
                      kind: cause.change.kind,
                      service: cause.change.service ?? null,
                      score: cause.score,
                      reasons: cause.reasons,
                    },
            },
          }),
    });
  }

  // Calibration: how confident the ranking is about alerts no change caused.
  const noiseTopScores: number[] = [];
  for (const instance of dataset.noiseAlerts.filter((_, i) => i % 7 === 0).slice(0, 60)) {
    if (instance.trueStart < dataset.start) continue;
    const at = instance.firstNotifiedAt + 5 * MINUTE;
    const { alert, changes, context } = lookAt(instance, at);
    const ranking = rankAlertSuspects(
      { alert, changes, graph, alerts: context, coverage: source.coverageFor(alert, at) },
      options,
    );
    noiseTopScores.push(ranking.suspects[0]?.score ?? 0);
  }

  const changeIds = new Set(dataset.changeEvents.map((e) => e.event.changeId));
  return {
    seed: dataset.seed,
    services: dataset.world.services.length,
    edges: dataset.world.edges.length,
    changes: changeIds.size,
    changeEvents: dataset.changeEvents.length,
    alertInstances: dataset.faults.reduce((n, f) => n + f.alerts.length, 0) + dataset.noiseAlerts.length,
    notifications: dataset.notifications.length,
    faults: dataset.faults.length,
    alertCases,
    incidentCases,
    noiseTopScores,
    quality: {
      alerts: qualityOf(alertCases),
      firstAlerts: qualityOf(alertCases.filter((c) => c.first)),
      incidents: qualityOf(incidentCases),
    },
  };
}

/**
 * Ranks the candidate changes of an alert, or of an incident (a group of alerts), by how likely each is to
 * have caused it, with the reasons.
 */
import {
  DEFAULT_CORRELATION_OPTIONS,
  firstReach,
  selectCandidates,
  type Candidate,
  type CorrelationOptions,
  type Relation,
} from './candidates';
import { plural } from './explain';
import {
  CLOCK_DISAGREEMENT_MS,
  candidateFactors,
  competitionReason,
  competitionScore,
  severityFactor,
  type ClusterAlerting,
  type Corroboration,
  type Factor,
  type RevertingChange,
} from './factors';
import { FULL_COVERAGE, type AlertCoverage } from './coverage';
import { groupIncidents } from './incidents';
import type { CorrelationAlert, CorrelationChange } from './inputs';
import type { ServiceGraph } from './topology';
import { delayFactor } from './delay-profile';
import {
  PRIOR_WEIGHTS_IN_USE,
  weightedLikelihood,
  weightsReason,
  type TrainingCandidate,
  type WeightsInUse,
} from './weights';

export interface Suspect {
  readonly changeId: string;
  /** 1 for the most likely. */
  readonly rank: number;
  /** 0..1: the suspect's share of the evidence, next to the other candidates and "no change did it". */
  readonly score: number;
  /** The product of the factors' weights, before competition. */
  readonly likelihood: number;
  readonly reasons: readonly string[];
  readonly factors: readonly Factor[];
  readonly relation: Relation;
  /** When the change reached the alert's scope (epoch ms). */
  readonly exposureAt: number;
  readonly change: CorrelationChange;
}

export interface AlertRanking {
  readonly alert: CorrelationAlert;
  /** Every candidate, most likely first. */
  readonly suspects: readonly Suspect[];
  /** The share left for "none of these changes caused it". */
  readonly noChangeScore: number;
  /** The factor weights the ranking used (version 0: the priors). */
  readonly weights: WeightsInUse;
}

export interface AlertRankingInput {
  readonly alert: CorrelationAlert;
  /** Changes around the alert; selectCandidates keeps those that qualify. Rollbacks among them mark what they revert. */
  readonly changes: readonly CorrelationChange[];
  readonly graph: ServiceGraph;
  /** Other alerts around the same time, for corroboration; the ranked alert itself may be included. */
  readonly alerts?: readonly CorrelationAlert[] | undefined;
  /** Which services can alert; every one when not given. */
  readonly coverage?: AlertCoverage | undefined;
  /** The factor weights; the priors when not given. */
  readonly weights?: WeightsInUse | undefined;
}

const compatible = (a: string | undefined, b: string | undefined): boolean =>
  a === undefined || b === undefined || a === b;

/** How far back a rollback looks for the change it reverts. */
const REVERT_LOOKBACK_MS = 24 * 3_600_000;

/**
 * The change each rollback change reverts: on the same service, environment and kind, before it, in a
 * compatible region; the one whose previous version the rollback returns to when versions say so, else
 * the latest one.
 */
export function findReverted(changes: readonly CorrelationChange[]): Map<string, RevertingChange> {
  const byService = new Map<string, CorrelationChange[]>();
  for (const change of changes) {
    if (change.service === undefined) continue;
    const key = `${change.environment}\u0000${change.service}`;
    let list = byService.get(key);
    if (list === undefined) byService.set(key, (list = []));
    list.push(change);
  }
  const reverted = new Map<string, RevertingChange>();
  for (const list of byService.values()) {
    for (const rollback of list) {
      if (!rollback.isRollback) continue;
      const earlier = list.filter(
        (c) =>
          !c.isRollback &&
          c.kind === rollback.kind &&
          c.startedAt < rollback.startedAt &&
          c.startedAt >= rollback.startedAt - REVERT_LOOKBACK_MS &&
          compatible(c.region, rollback.region),
      );
      const target = rollback.version?.to;
      const byVersion = target === undefined ? [] : earlier.filter((c) => c.version?.from === target);
      const pool = byVersion.length > 0 ? byVersion : earlier;
      const latest = pool.reduce<CorrelationChange | undefined>(
        (best, c) => (best === undefined || c.startedAt > best.startedAt ? c : best),
        undefined,
      );
      if (latest === undefined) continue;
      const known = reverted.get(changeKey(latest));
      if (known === undefined || rollback.startedAt < known.at) {
        reverted.set(changeKey(latest), { changeId: rollback.changeId, at: rollback.startedAt });
      }
    }
  }
  return reverted;
}

export { firstReach };

/** A change is identified by its source and changeId (each source has its own changeIds). */
export function changeKey(change: Pick<CorrelationChange, 'source' | 'changeId'>): string {
  return `${change.source}\u0000${change.changeId}`;
}

function connected(graph: ServiceGraph, a: string, b: string, maxHops: number): boolean {
  return a === b || graph.dependencies(a, maxHops).has(b) || graph.dependencies(b, maxHops).has(a);
}

/** Alerts that started while the candidate could have been behind them, in its region. */
function alertsAfter(
  candidate: Candidate,
  alert: CorrelationAlert,
  alerts: readonly CorrelationAlert[],
  options: CorrelationOptions,
) {
  const from = firstReach(candidate, alert) - options.clockSkewMs;
  const to = candidate.exposure.at + options.corroborationWindowMs;
  return alerts.filter(
    (other) =>
      other.key !== alert.key &&
      other.environment === alert.environment &&
      other.startsAt >= from &&
      other.startsAt <= to &&
      compatible(other.region, candidate.exposure.region),
  );
}

/** Whether a fault brought by the candidate would explain `other` (given it started after the change). */
function explains(
  candidate: Candidate,
  other: CorrelationAlert,
  graph: ServiceGraph,
  options: CorrelationOptions,
): boolean {
  const { change, exposure } = candidate;
  if (change.service === undefined) return compatible(other.cluster, exposure.cluster);
  if (other.service === undefined) return false;
  return (
    other.service === change.service ||
    graph.dependencies(other.service, options.maxDependencyHops).has(change.service)
  );
}

/**
 * The other alerts of the alert's incident (grouped as incidents are), leaving out more alerts on the
 * alerting service itself: every candidate explains those the same.
 */
export function incidentPeers(
  alert: CorrelationAlert,
  alerts: readonly CorrelationAlert[],
  graph: ServiceGraph,
  options: CorrelationOptions,
): CorrelationAlert[] {
  const incident = groupIncidents(
    [alert, ...alerts.filter((a) => a.key !== alert.key)],
    graph,
    options.incidents,
  ).find((i) => i.alerts.some((a) => a.key === alert.key));
  const members = (incident?.alerts ?? []).filter(
    (a) => a.key !== alert.key && (a.service === undefined || a.service !== alert.service),
  );
  // An alert naming no service (a region's error budget, a cluster's nodes) links to no service in the
  // topology, but one that starts close to this alert in its region is the same trouble seen as a whole:
  // a good explanation explains it too.
  const keys = new Set(members.map((a) => a.key));
  const regionWide = alerts.filter(
    (a) =>
      a.service === undefined &&
      a.key !== alert.key &&
      !keys.has(a.key) &&
      a.environment === alert.environment &&
      compatible(a.region, alert.region) &&
      Math.abs(a.startsAt - alert.startsAt) <= options.incidents.windowMs,
  );
  return [...members, ...regionWide];
}

/**
 * For an alert that names no cluster: the one cluster of its region alerting as a whole among its
 * incident peers (alerts naming a cluster and no service), if exactly one is.
 */
export function clusterAlertingAround(
  alert: CorrelationAlert,
  peers: readonly CorrelationAlert[],
): ClusterAlerting | undefined {
  if (alert.cluster !== undefined) return undefined;
  const scopeAlerts = peers.filter(
    (a) => a.service === undefined && a.cluster !== undefined && compatible(a.region, alert.region),
  );
  const clusters = new Set(scopeAlerts.map((a) => a.cluster));
  const [cluster] = clusters;
  if (clusters.size !== 1 || cluster === undefined) return undefined;
  return { cluster, alerts: [...new Set(scopeAlerts.map((a) => a.name))].sort() };
}

/**
 * The other alerts this candidate would explain as well, and those of the incident it would not (see
 * corroborationFactor). `peers` are the alert's incident peers (incidentPeers).
 */
export function corroborate(
  candidate: Candidate,
  alert: CorrelationAlert,
  alerts: readonly CorrelationAlert[],
  peers: readonly CorrelationAlert[],
  graph: ServiceGraph,
  options: CorrelationOptions,
  coverage: AlertCoverage = FULL_COVERAGE,
): Corroboration {
  const { change, exposure } = candidate;
  const onChangedService: CorrelationAlert[] = [];
  const dependents = new Map<string, number>();
  const inScope: CorrelationAlert[] = [];
  const scopeAlerting: string[] = [];
  const after = alertsAfter(candidate, alert, alerts, options);
  for (const other of after) {
    // More alerts on the alerting service itself are the same symptom, and every candidate explains them.
    if (other.service !== undefined && other.service === alert.service) continue;
    if (change.service === undefined) {
      // An alert naming no service and no cluster is the whole region's: it covers the change's cluster.
      if (other.service === undefined) {
        if (compatible(other.cluster, exposure.cluster)) scopeAlerting.push(other.name);
      } else if (exposure.cluster === undefined || other.cluster === exposure.cluster) inScope.push(other);
    } else if (other.service === change.service) {
      onChangedService.push(other);
    } else if (other.service !== undefined) {
      const hops = graph.dependencies(other.service, options.maxDependencyHops).get(change.service)?.hops;
      if (hops !== undefined)
        dependents.set(other.service, Math.min(hops, dependents.get(other.service) ?? hops));
    }
  }
  let callers: Corroboration['callers'];
  if (change.service !== undefined && change.service !== alert.service) {
    // A caller shows the fault when it alerts, or when a service that depends on it does (it passed it on).
    const alerting = [
      ...new Set([alert.service, ...after.map((a) => a.service)].filter((s): s is string => s !== undefined)),
    ];
    const direct = graph.directCallers(change.service);
    const showing = direct.filter((caller) =>
      alerting.some((s) => s === caller || graph.dependencies(s, options.maxDependencyHops).has(caller)),
    );
    // A caller that cannot alert (no alert rule) says nothing by staying silent.
    const uncovered = direct.filter((caller) => !showing.includes(caller) && !coverage.covers(caller));
    callers = {
      alerting: showing.length,
      silent: direct.length - showing.length - uncovered.length,
      uncovered: uncovered.length,
      total: direct.length,
    };
  }
  const unexplained = new Set<string>();
  const reached = firstReach(candidate, alert);
  for (const peer of peers) {
    // Alerts are stamped by other clocks than changes, but rarely more than a minute apart: an alert
    // that began longer before the change first reached its region is trouble the change did not start.
    const before = peer.startsAt < reached - CLOCK_DISAGREEMENT_MS;
    if (before || !compatible(peer.region, exposure.region) || !explains(candidate, peer, graph, options)) {
      unexplained.add(peer.service ?? peer.name);
    }
  }
  return {
    onChangedService,
    onDependents: [...dependents]
      .map(([service, hops]) => ({ service, hops }))
      .sort((a, b) => a.hops - b.hops || (a.service < b.service ? -1 : 1)),
    unrelatedServicesInScope: unrelatedGroups(alert, inScope, graph, options.maxDependencyHops),
    scopeAlerting,
    scope:
      change.service !== undefined
        ? undefined
        : exposure.cluster !== undefined
          ? 'cluster'
          : exposure.region !== undefined
            ? 'region'
            : 'environment',
    unexplainedInIncident: [...unexplained].sort(),
    callers,
  };
}

/**
 * A dependency further than one hop is judged by its most visible way up to the alerting service: the
 * path through the most services seen alerting after the change.
 */
function withVisiblePath(
  candidate: Candidate,
  alert: CorrelationAlert,
  alerts: readonly CorrelationAlert[],
  graph: ServiceGraph,
  options: CorrelationOptions,
): Candidate {
  const { relation } = candidate;
  if (relation.type !== 'dependency' || relation.hops === 1 || alert.service === undefined) return candidate;
  const alerting = new Set(
    alertsAfter(candidate, alert, alerts, options)
      .map((a) => a.service)
      .filter((s): s is string => s !== undefined),
  );
  if (alerting.size === 0) return candidate;
  const path = graph.dependencyPath(alert.service, relation.service, options.maxDependencyHops, (s) =>
    alerting.has(s),
  );
  if (path === undefined) return candidate;
  return {
    ...candidate,
    relation: {
      ...relation,
      hops: path.hops,
      via: path.via,
      alertingVia: path.via.filter((s) => alerting.has(s)),
    },
  };
}

/**
 * One name per group of alerting services that the topology connects neither to each other nor to the
 * alerting service: a cascade from one service counts once. Alerts without a service count one each.
 */
function unrelatedGroups(
  alert: CorrelationAlert,
  alerts: readonly CorrelationAlert[],
  graph: ServiceGraph,
  maxHops: number,
): string[] {
  const representatives: string[] = alert.service === undefined ? [] : [alert.service];
  const names: string[] = [];
  const services = [
    ...new Set(alerts.map((a) => a.service).filter((s): s is string => s !== undefined)),
  ].sort();
  for (const service of services) {
    if (representatives.some((r) => connected(graph, r, service, maxHops))) continue;
    representatives.push(service);
    names.push(service);
  }
  for (const other of alerts) if (other.service === undefined) names.push(other.name);
  return names;
}

function compareSuspects(
  a: { likelihood: number; exposureAt: number; changeId: string },
  b: typeof a,
): number {
  if (a.likelihood !== b.likelihood) return b.likelihood - a.likelihood;
  if (a.exposureAt !== b.exposureAt) return b.exposureAt - a.exposureAt;
  return a.changeId < b.changeId ? -1 : a.changeId > b.changeId ? 1 : 0;
}

/** The time and topology reasons read as one sentence: "started 6 min before the alert on a direct dependency (db)". */
function reasonsOf(factors: readonly Factor[]): string[] {
  const [time, topology, ...rest] = factors;
  const head = [time?.reason, topology?.reason].filter((r): r is string => r !== undefined).join(' ');
  const others = rest.map((f) => f.reason).filter((r): r is string => r !== undefined);
  return head === '' ? others : [head, ...others];
}

/**
 * Whether `other` had resolved before `alert` started: a past episode (say, of an earlier change since
 * rolled back), neither part of this alert's incident nor evidence about its cause, even when it shares
 * its Alertmanager group.
 */
export function resolvedBefore(other: CorrelationAlert, alert: CorrelationAlert): boolean {
  return other.status === 'resolved' && other.endsAt !== undefined && other.endsAt < alert.startsAt;
}

export function rankAlertSuspects(
  input: AlertRankingInput,
  options: CorrelationOptions = DEFAULT_CORRELATION_OPTIONS,
): AlertRanking {
  const { alert, changes, graph } = input;
  const alerts = (input.alerts ?? []).filter((other) => !resolvedBefore(other, alert));
  const reverted = findReverted(changes);
  const peers = incidentPeers(alert, alerts, graph, options);
  const clusterAlerting = clusterAlertingAround(alert, peers);
  const weights = input.weights ?? PRIOR_WEIGHTS_IN_USE;
  const weighted = weights.version === 0 ? [] : [weightsReason(weights)];
  const scored = selectCandidates(alert, changes, graph, options, alerts).map((selected) => {
    const candidate = withVisiblePath(selected, alert, alerts, graph, options);
    const corroboration = corroborate(candidate, alert, alerts, peers, graph, options, input.coverage);
    const factors = candidateFactors(
      candidate,
      alert,
      corroboration,
      options.clockSkewMs,
      reverted.get(changeKey(candidate.change)),
      clusterAlerting,
    );
    if (weights.delays !== undefined)
      factors.push(
        delayFactor(weights.delays, candidate.change.kind, alert.startsAt - candidate.exposure.at),
      );
    const likelihood = weightedLikelihood(factors, weights.weights);
    return {
      candidate,
      factors,
      likelihood,
      exposureAt: candidate.exposure.at,
      changeId: candidate.change.changeId,
    };
  });
  scored.sort(compareSuspects);
  const total = scored.reduce((sum, s) => sum + s.likelihood, 0);
  const { noChangeLikelihood } = severityFactor(alert.severity);
  const suspects = scored.map((s, i): Suspect => ({
    changeId: s.changeId,
    rank: i + 1,
    score: competitionScore(s.likelihood, total, noChangeLikelihood),
    likelihood: s.likelihood,
    reasons: [...reasonsOf(s.factors), ...weighted, competitionReason(i + 1, scored.length)],
    factors: s.factors,
    relation: s.candidate.relation,
    exposureAt: s.exposureAt,
    change: s.candidate.change,
  }));
  return {
    alert,
    suspects,
    noChangeScore: competitionScore(noChangeLikelihood, total, noChangeLikelihood),
    weights,
  };
}

/**
 * What a verdict records of a suspect for training: its factors' values as ranked, its kind, and how long
 * after it reached the scope the alert started.
 */
export function trainingCandidate(
  suspect: Suspect,
  alert: Pick<CorrelationAlert, 'startsAt'>,
): TrainingCandidate {
  return {
    source: suspect.change.source,
    changeId: suspect.changeId,
    factors: Object.fromEntries(suspect.factors.map((f) => [f.name, f.weight])),
    kind: suspect.change.kind,
    delayMs: alert.startsAt - suspect.exposureAt,
  };
}

// ---------------------------------------------------------------------------------------------------
// Incidents

export interface IncidentSuspect {
  readonly changeId: string;
  readonly rank: number;
  /** Severity-weighted mean of the change's score over the incident's alerts (0 where it is no candidate). */
  readonly score: number;
  readonly reasons: readonly string[];
  /** The alerts for which it is a candidate: the alert's key, its rank and score there. */
  readonly alerts: readonly { readonly key: string; readonly rank: number; readonly score: number }[];
  readonly change: CorrelationChange;
}

export interface IncidentRanking {
  readonly suspects: readonly IncidentSuspect[];
  readonly alertRankings: readonly AlertRanking[];
}

export interface IncidentRankingInput {
  /** The incident's alerts. */
  readonly incident: readonly CorrelationAlert[];
  readonly changes: readonly CorrelationChange[];
  readonly graph: ServiceGraph;
  /** Alerts outside the incident that may corroborate (the incident's own are always used). */
  readonly alerts?: readonly CorrelationAlert[] | undefined;
  /** Which services can alert; every one when not given. */
  readonly coverage?: AlertCoverage | undefined;
  /** The factor weights; the priors when not given. */
  readonly weights?: WeightsInUse | undefined;
}

/**
 * Each alert ranks the changes on its own; an incident's suspect is the change that explains its alerts
 * best overall, critical alerts counting more than warnings. Its reasons are those of the alert where it
 * is most suspect, plus how many of the alerts it explains.
 */
export function rankIncidentSuspects(
  input: IncidentRankingInput,
  options: CorrelationOptions = DEFAULT_CORRELATION_OPTIONS,
): IncidentRanking {
  const { incident, changes, graph } = input;
  const keys = new Set(incident.map((a) => a.key));
  const context = [...incident, ...(input.alerts ?? []).filter((a) => !keys.has(a.key))];
  const alertRankings = incident.map((alert) =>
    rankAlertSuspects(
      { alert, changes, graph, alerts: context, coverage: input.coverage, weights: input.weights },
      options,
    ),
  );
  const totalWeight = incident.reduce((sum, a) => sum + severityFactor(a.severity).incidentWeight, 0);
  const byChange = new Map<
    string,
    {
      weighted: number;
      best: Suspect;
      bestWeighted: number;
      alerts: { key: string; rank: number; score: number }[];
    }
  >();
  for (const ranking of alertRankings) {
    const weight = severityFactor(ranking.alert.severity).incidentWeight;
    for (const suspect of ranking.suspects) {
      const entry = byChange.get(changeKey(suspect.change));
      const weighted = weight * suspect.score;
      const alertEntry = { key: ranking.alert.key, rank: suspect.rank, score: suspect.score };
      if (entry === undefined) {
        byChange.set(changeKey(suspect.change), {
          weighted,
          best: suspect,
          bestWeighted: weighted,
          alerts: [alertEntry],
        });
      } else {
        entry.weighted += weighted;
        entry.alerts.push(alertEntry);
        if (weighted > entry.bestWeighted) {
          entry.best = suspect;
          entry.bestWeighted = weighted;
        }
      }
    }
  }
  const ranked = [...byChange.entries()]
    .map(([, entry]) => ({
      changeId: entry.best.changeId,
      score: totalWeight > 0 ? entry.weighted / totalWeight : 0,
      entry,
      exposureAt: entry.best.exposureAt,
    }))
    .sort((a, b) => compareSuspects({ ...a, likelihood: a.score }, { ...b, likelihood: b.score }));
  const suspects = ranked.map(({ changeId, score, entry }, i): IncidentSuspect => {
    const firsts = entry.alerts.filter((a) => a.rank === 1).length;
    const explained =
      incident.length === 1
        ? undefined
        : `a suspect for ${entry.alerts.length} of ${plural(incident.length, 'alert')} in the incident` +
          (firsts > 0 ? ` (the first suspect for ${firsts})` : '');
    const ownReasons = entry.best.reasons.slice(0, -1);
    return {
      changeId,
      rank: i + 1,
      score,
      reasons: [
        ...ownReasons,
        ...(explained === undefined ? [] : [explained]),
        competitionReason(i + 1, ranked.length),
      ],
      alerts: entry.alerts,
      change: entry.best.change,
    };
  });
  return { suspects, alertRankings };
}

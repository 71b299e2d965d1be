/**
 * Which changes can have caused an alert.
 *
 * A change is a candidate when, in the alert's environment and region, it
 * - started within the lookback before the alert (or is still active then: a long rollout or migration
 *   that began earlier), and no later than a small clock-skew allowance after the alert started; and
 * - is on the alerting service, on one of its dependencies (what it calls, up to a few hops: a broken
 *   dependency breaks its callers), on a direct caller (a caller's new traffic pattern can overload it),
 *   or has no service at all (infrastructure, database, shared configuration: a broad change); or
 * - is on a service the topology does not connect to the alerting service at all but that began alerting
 *   after the change, around the alert (an incident peer): the declared graph misses calls (an undeclared
 *   dependency, a catalogue that lags a new edge), and a fault still travels along them.
 */
import { CLOCK_DISAGREEMENT_MS, KIND_ONSET_MS, timeWeight } from './factors';
import { DEFAULT_INCIDENT_GROUPING, type IncidentGroupingOptions } from './incidents';
import type { ChangeStep, CorrelationAlert, CorrelationChange } from './inputs';
import type { ServiceGraph } from './topology';

export interface CorrelationOptions {
  /** How far before the alert's start a change may have started (or last progressed). */
  readonly lookbackMs: number;
  /** How far after the alert's start a change may appear to start: producers' clocks disagree. */
  readonly clockSkewMs: number;
  /**
   * A change still in progress counts as active for at most this long after it started: a change whose
   * terminal event was lost must not stay a suspect forever.
   */
  readonly maxActiveMs: number;
  readonly maxDependencyHops: number;
  readonly maxCallerHops: number;
  /** Other alerts corroborate a change when they start within this long after it reached them. */
  readonly corroborationWindowMs: number;
  /** Which other alerts form the alert's incident: those a good explanation should explain too. */
  readonly incidents: IncidentGroupingOptions;
}

export const DEFAULT_CORRELATION_OPTIONS: CorrelationOptions = {
  lookbackMs: 4 * 3_600_000,
  clockSkewMs: 5 * 60_000,
  maxActiveMs: 24 * 3_600_000,
  maxDependencyHops: 3,
  maxCallerHops: 1,
  corroborationWindowMs: 2 * 3_600_000,
  incidents: DEFAULT_INCIDENT_GROUPING,
};

/** How a change's target relates to the alerting service. */
export type Relation =
  | { readonly type: 'same_service'; readonly service: string }
  | {
      readonly type: 'dependency';
      readonly service: string;
      readonly hops: number;
      readonly via: readonly string[];
      /** The services on `via` seen alerting: the fault's way up to the alert is visible there. */
      readonly alertingVia: readonly string[];
    }
  | {
      readonly type: 'caller';
      readonly service: string;
      readonly hops: number;
      readonly via: readonly string[];
    }
  | {
      readonly type: 'incident_peer';
      readonly service: string;
      /** The names of its alerts around the alert. */
      readonly alerts: readonly string[];
      /** Its direct callers alerting around the alert (when it does not alert itself, or besides). */
      readonly alertingCallers: readonly string[];
    }
  | { readonly type: 'broad' };

/** When the change reached the alert's scope, the latest time before the alert. */
export interface Exposure {
  readonly at: number;
  /** The step of the change's rollout that did it; undefined when only the change's start is known. */
  readonly step?: ChangeStep | undefined;
  readonly region?: string | undefined;
  readonly cluster?: string | undefined;
}

export interface Candidate {
  readonly change: CorrelationChange;
  readonly relation: Relation;
  readonly exposure: Exposure;
}

export function relationTo(
  alert: CorrelationAlert,
  change: CorrelationChange,
  graph: ServiceGraph,
  options: CorrelationOptions,
  peers: AlertingPeers = NO_PEERS,
): Relation | undefined {
  if (change.service === undefined) return { type: 'broad' };
  if (alert.service === undefined) return undefined;
  if (change.service === alert.service) return { type: 'same_service', service: change.service };
  const dependency = graph.dependencies(alert.service, options.maxDependencyHops).get(change.service);
  if (dependency !== undefined) {
    return { type: 'dependency', service: change.service, ...dependency, alertingVia: [] };
  }
  const caller = graph.callers(alert.service, options.maxCallerHops).get(change.service);
  if (caller !== undefined) return { type: 'caller', service: change.service, ...caller };
  const peer = peers.get(change.service);
  if (peer !== undefined) {
    return {
      type: 'incident_peer',
      service: change.service,
      alerts: [...new Set(peer.own.map((a) => a.name))].sort(),
      alertingCallers: [...new Set(peer.callers.map((a) => a.service ?? ''))].sort(),
    };
  }
  return undefined;
}

/** What shows a peer in trouble around the alert: its own alerts, or those of its direct callers. */
export interface PeerEvidence {
  readonly own: readonly CorrelationAlert[];
  readonly callers: readonly CorrelationAlert[];
}

/** Services around an alert that the topology does not connect to it, shown in trouble (alertingPeers). */
export type AlertingPeers = ReadonlyMap<string, PeerEvidence>;

const NO_PEERS: AlertingPeers = new Map();

/**
 * How much later than the alert a peer may begin alerting: a fault shows on its origin first, and a
 * caller's alert follows it; the origin's rule may be slower than the caller's, but by its delay (up to a
 * minute and a half), not by the incident window.
 */
const PEER_LATER_MS = 2 * 60_000;

/**
 * A service that cannot alert (a data store without rules, a service nobody wrote rules for) shows a
 * fault only on its callers: this many of them alerting around the alert stand for its own alert. One
 * would be that caller's own trouble as likely as its dependency's.
 */
const PEER_ALERTING_CALLERS = 2;

/**
 * The services in trouble around `alert` that the topology connects to the alerting service in neither
 * direction: not its dependencies within the candidate hops (candidates already), nor its callers however
 * far up (they show the alert's own trouble passed on, not its cause). In trouble: alerting from the
 * incident window before the alert to a little after it (the origin's rule may be slower than a
 * caller's), in its environment and region; or having at least two such unconnected services among its
 * direct callers alerting so.
 */
export function alertingPeers(
  alert: CorrelationAlert,
  alerts: readonly CorrelationAlert[],
  graph: ServiceGraph,
  options: CorrelationOptions,
): AlertingPeers {
  const service = alert.service;
  if (service === undefined) return NO_PEERS;
  const related = new Set([
    service,
    ...graph.dependencies(service, options.maxDependencyHops).keys(),
    ...graph.callers(service, options.maxDependencyHops).keys(),
  ]);
  const around = alerts.filter(
    (other) =>
      other.service !== undefined &&
      other.service !== service &&
      other.key !== alert.key &&
      other.environment === alert.environment &&
      compatible(other.region, alert.region) &&
      other.startsAt >= alert.startsAt - options.incidents.windowMs &&
      other.startsAt <= alert.startsAt + PEER_LATER_MS,
  );
  const own = new Map<string, CorrelationAlert[]>();
  const viaCallers = new Map<string, CorrelationAlert[]>();
  const add = (map: Map<string, CorrelationAlert[]>, key: string, value: CorrelationAlert) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [value]);
    else list.push(value);
  };
  for (const other of around) {
    const name = other.service as string;
    if (related.has(name)) continue;
    add(own, name, other);
    for (const dependency of graph.directDependencies(name))
      if (!related.has(dependency)) add(viaCallers, dependency, other);
  }
  const peers = new Map<string, PeerEvidence>();
  for (const name of new Set([...own.keys(), ...viaCallers.keys()])) {
    const callers = viaCallers.get(name) ?? [];
    const ownAlerts = own.get(name) ?? [];
    if (ownAlerts.length > 0 || distinctServices(callers) >= PEER_ALERTING_CALLERS)
      peers.set(name, { own: ownAlerts, callers });
  }
  return peers;
}

const distinctServices = (alerts: readonly CorrelationAlert[]): number =>
  new Set(alerts.map((a) => a.service)).size;

/**
 * Whether a peer was shown in trouble after the change first reached the region (give or take the clocks'
 * usual disagreement): a service already alerting before the change was not broken by it. The alerts that
 * show it, or none.
 */
function peerShownAfter(peer: PeerEvidence, reached: number): readonly CorrelationAlert[] {
  const own = peer.own.filter((a) => a.startsAt >= reached);
  if (own.length > 0) return own;
  const callers = peer.callers.filter((a) => a.startsAt >= reached);
  return distinctServices(callers) >= PEER_ALERTING_CALLERS ? callers : [];
}

const compatible = (a: string | undefined, b: string | undefined): boolean =>
  a === undefined || b === undefined || a === b;

/** Steps that put more of the change in front of traffic (terminal events do not). */
const EXPOSING: ReadonlySet<ChangeStep['phase']> = new Set(['started', 'progressed']);

/**
 * When the change reached the alert's scope, as the step of its rollout that best explains the alert's
 * timing (see timeWeight): usually the latest step before the alert, not one that came after it (only the
 * clock-skew allowance lets those count at all). Only steps that reached the alert's region count, and
 * steps in its cluster win over others when clusters are comparable (same service, or a broad change; a
 * dependency's cluster is another system's). A step without a cluster covers its region. Undefined when
 * the change never reached the alert's region by then.
 */
export function exposureFor(
  alert: CorrelationAlert,
  change: CorrelationChange,
  relation: Relation,
  options: CorrelationOptions,
): Exposure | undefined {
  const limit = alert.startsAt + options.clockSkewMs;
  const compareClusters = relation.type === 'same_service' || relation.type === 'broad';
  const steps = change.steps.filter((s) => EXPOSING.has(s.phase));
  if (steps.length === 0) {
    if (change.startedAt > limit || !compatible(change.region, alert.region)) return undefined;
    return { at: change.startedAt, region: change.region, cluster: change.cluster };
  }
  const inRegion = steps.filter((s) => s.at <= limit && compatible(s.region ?? change.region, alert.region));
  const inCluster = compareClusters ? inRegion.filter((s) => compatible(s.cluster, alert.cluster)) : inRegion;
  const pool = inCluster.length > 0 ? inCluster : inRegion;
  let step: ChangeStep | undefined;
  let best = -1;
  for (const s of pool) {
    const weight = timeWeight(alert.startsAt - s.at, options.clockSkewMs, KIND_ONSET_MS[change.kind]);
    if (weight >= best) {
      best = weight;
      step = s;
    }
  }
  if (step === undefined) return undefined;
  return {
    at: step.at,
    step: step === steps[0] && step.rollout === undefined ? undefined : step,
    region: step.region ?? change.region,
    cluster: step.cluster,
  };
}

/**
 * When the change first reached the alert's region: the first step of its rollout there (or its start).
 * The exposure step is the one that best explains this alert's timing, often a later one; but the
 * incident's earlier alerts may follow an earlier step, and the change explains them just as well.
 */
export function firstReach(candidate: Candidate, alert: Pick<CorrelationAlert, 'region'>): number {
  const { change, exposure } = candidate;
  let first = exposure.at;
  for (const step of change.steps) {
    if (!EXPOSING.has(step.phase)) continue;
    if (step.at < first && compatible(step.region ?? change.region, alert.region)) first = step.at;
  }
  return first;
}

/**
 * Changes around the alert that may have caused it; `alerts` are the other alerts known around it, for
 * the incident peers (alertingPeers). A change on a peer is a candidate only when the peer was shown in
 * trouble after the change first reached the region, and no fresh change the graph connects explains
 * that as well.
 */
export function selectCandidates(
  alert: CorrelationAlert,
  changes: readonly CorrelationChange[],
  graph: ServiceGraph,
  options: CorrelationOptions = DEFAULT_CORRELATION_OPTIONS,
  alerts: readonly CorrelationAlert[] = [],
): Candidate[] {
  const peers = alertingPeers(alert, alerts, graph, options);
  const earliestActivity = alert.startsAt - options.lookbackMs;
  const earliestStart = alert.startsAt - Math.max(options.maxActiveMs, options.lookbackMs);
  const candidates: Candidate[] = [];
  const peerCandidates: { candidate: Candidate; shown: readonly CorrelationAlert[] }[] = [];
  for (const change of changes) {
    if (change.environment !== alert.environment || change.startedAt < earliestStart) continue;
    const relation = relationTo(alert, change, graph, options, peers);
    if (relation === undefined) continue;
    const exposure = exposureFor(alert, change, relation, options);
    if (exposure === undefined) continue;
    const lastActivity = Math.max(exposure.at, change.finishedAt ?? Number.POSITIVE_INFINITY);
    if (lastActivity < earliestActivity) continue;
    const candidate = { change, relation, exposure };
    if (relation.type === 'incident_peer') {
      const peer = peers.get(relation.service);
      const shown =
        peer === undefined ? [] : peerShownAfter(peer, firstReach(candidate, alert) - CLOCK_DISAGREEMENT_MS);
      if (shown.length === 0) continue;
      peerCandidates.push({ candidate, shown });
    } else candidates.push(candidate);
  }
  const connected = [...candidates];
  for (const { candidate, shown } of peerCandidates)
    if (!explainedByConnected(shown, connected, graph, options)) candidates.push(candidate);
  return candidates;
}

/**
 * Alerts that a fresh change the graph does connect to the alert explains as well (their service depends
 * on the changed one, which reached the region within the time plateau before them) are that change's
 * fault seen twice: they need no call the graph does not know about to be part of the incident, so a
 * change on the peer they show is no candidate.
 */
function explainedByConnected(
  shown: readonly CorrelationAlert[],
  connected: readonly Candidate[],
  graph: ServiceGraph,
  options: CorrelationOptions,
): boolean {
  return shown.every((peerAlert) => {
    const dependencies = graph.dependencies(peerAlert.service ?? '', options.maxDependencyHops);
    return connected.some(
      (c) =>
        c.relation.type !== 'broad' &&
        dependencies.has(c.relation.service) &&
        timeWeight(peerAlert.startsAt - c.exposure.at, options.clockSkewMs, KIND_ONSET_MS[c.change.kind]) >=
          1,
    );
  });
}

/**
 * What to read from the change read model for an alert: a superset of the candidates, for the query to
 * narrow with indexes before selectCandidates decides.
 */
export interface CandidateQuery {
  readonly environment: string;
  /** Changes on these services, plus every change without a service. */
  readonly services: readonly string[];
  /** Started at or after this instant (epoch ms)... */
  readonly startedFrom: number;
  /**
   * ...and at or before this one: candidates start before the alert (plus skew), but rollbacks up to a
   * lookback after it are read too, to mark the changes they revert.
   */
  readonly startedTo: number;
  /** Its last event (or its start) no earlier than this, or still in progress. */
  readonly activeFrom: number;
  /**
   * Candidates start no later than this (the alert plus the clock-skew allowance); what starts between
   * it and startedTo is read only for the rollbacks.
   */
  readonly candidatesStartedTo: number;
}

export function candidateQuery(
  alert: CorrelationAlert,
  graph: ServiceGraph,
  options: CorrelationOptions = DEFAULT_CORRELATION_OPTIONS,
  alerts: readonly CorrelationAlert[] = [],
): CandidateQuery {
  const services = new Set<string>();
  if (alert.service !== undefined) {
    services.add(alert.service);
    for (const service of graph.dependencies(alert.service, options.maxDependencyHops).keys())
      services.add(service);
    for (const service of graph.callers(alert.service, options.maxCallerHops).keys()) services.add(service);
    for (const service of alertingPeers(alert, alerts, graph, options).keys()) services.add(service);
  }
  return {
    environment: alert.environment,
    services: [...services].sort(),
    startedFrom: alert.startsAt - Math.max(options.maxActiveMs, options.lookbackMs),
    startedTo: alert.startsAt + Math.max(options.clockSkewMs, options.lookbackMs),
    activeFrom: alert.startsAt - options.lookbackMs,
    candidatesStartedTo: alert.startsAt + options.clockSkewMs,
  };
}

/**
 * The scoring factors. Each one looks at one kind of evidence and returns a weight (1 is neutral, above
 * raises suspicion, below lowers it) and, when it says something, a reason a reviewer can read. A suspect's
 * likelihood is the product of its weights; its score is its share of all candidates' likelihoods plus the
 * chance that no change caused the alert (see competitionScore).
 *
 * The weights are priors from how incidents usually unfold, not fitted to data: most are caused by a
 * deploy or a configuration change, within minutes of it reaching the failing scope, on the failing
 * service or on something it depends on; a change that failed or was rolled back is more often the culprit
 * than one that completed; an autoscaler's scaling action is more often a reaction than a cause.
 */
import type { AlertSeverity } from '../../alerts/domain/alert-event';
import type { ChangeKind } from '../../changes/domain/change-event';
import type { Candidate, Exposure, Relation } from './candidates';
import { formatDuration, listNames, plural, relativeToAlert } from './explain';
import type { ChangeStep, CorrelationAlert, CorrelationChange } from './inputs';

export type FactorName =
  | 'time'
  | 'topology'
  | 'scope'
  | 'kind'
  | 'outcome'
  | 'corroboration'
  /** Learned from verdicts (delay-profile.ts): present only when the weights in use carry a delay profile. */
  | 'timing';

export interface Factor {
  readonly name: FactorName;
  readonly weight: number;
  /** Undefined when the factor has nothing worth saying (a neutral weight). */
  readonly reason?: string | undefined;
}

const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------------
// Time

/**
 * Under a minute between a change that takes a while to show (a deploy's pods rolling) reaching the scope
 * and the alert is barely time for a symptom to show; from a minute on, a fresh change is as plausible as
 * any other. Alert rules hold for minutes and the alert's start is often stamped from when the condition
 * began, so a release that started 1-2 minutes before detection is often the cause, not "too fresh to have
 * fired". A change that takes effect at once (a configuration push, a flag flip) needs no such minute.
 */
export const TIME_RAMP_MS = 1 * MINUTE;
/**
 * How far apart the clocks of different systems (a deploy tool, a flag service, each Prometheus) commonly
 * are: a change stamped up to this long after the alert's start, or an alert stamped this long before a
 * change, may well have come after it.
 */
export const CLOCK_DISAGREEMENT_MS = 1 * MINUTE;
/**
 * Changes that reached the scope up to this long before the alert (plus their kind's onset, below) are all
 * equally plausible: the symptom starts within minutes and the alert rule holds for a few more.
 */
export const TIME_PLATEAU_MS = 12 * MINUTE;
/** Beyond the plateau, the weight halves after this much more time... */
export const TIME_HALF_LIFE_MS = 10 * MINUTE;
/** ...down to this floor: a slow burn (a leak, a filling disk) can take hours to alert. */
export const TIME_FLOOR = 0.1;

/**
 * How long a change of this kind typically takes to show once it reaches traffic. A configuration push or
 * a flag flip takes effect at once; a deploy as pods roll, a migration or infrastructure change as it
 * applies; a scaling action as replicas or nodes come and go; an experiment only as traffic accrues to
 * its variant.
 */
export const KIND_ONSET_MS: { readonly [K in ChangeKind]: number } = {
  config: 0,
  feature_flag: 0,
  deploy: 2 * MINUTE,
  database: 2 * MINUTE,
  infra: 2 * MINUTE,
  other: 2 * MINUTE,
  scaling: 4 * MINUTE,
  experiment: 8 * MINUTE,
};

/**
 * Weight of the time from a change reaching the alert's scope to the alert's start (`deltaMs`, positive
 * when the change came first), for a change that takes `onsetMs` to show. Full weight up to 12 min plus
 * the onset: the onset widens the plateau (a slow change can still be the cause later) but never discounts
 * a fresh change; less within the first minute for a change that takes a while to show (0.6 rising to 1),
 * full at once for one that shows at once; decaying after the plateau (1/(1+x^1.5), half-life 10 min,
 * never below 0.1: a change 1 h earlier is a weaker but still possible cause). A change stamped after the
 * alert's start: within a minute (clocks disagree that much) 0.6, as at the alert's start; later, only
 * within the clock-skew allowance, and low.
 */
export function timeWeight(deltaMs: number, clockSkewMs: number, onsetMs = 0): number {
  if (deltaMs < -clockSkewMs) return 0;
  if (deltaMs < -CLOCK_DISAGREEMENT_MS) return 0.3 - 0.2 * (-deltaMs / Math.max(clockSkewMs, 1));
  if (deltaMs < 0) return 0.6;
  if (deltaMs < TIME_RAMP_MS && onsetMs > 0) return 0.6 + 0.4 * (deltaMs / TIME_RAMP_MS);
  const plateau = TIME_PLATEAU_MS + onsetMs;
  if (deltaMs <= plateau) return 1;
  return TIME_FLOOR + (1 - TIME_FLOOR) / (1 + ((deltaMs - plateau) / TIME_HALF_LIFE_MS) ** 1.5);
}

function describeStep(step: ChangeStep): string {
  const parts: string[] = [];
  const rollout = step.rollout;
  if (rollout?.stage !== undefined && rollout.stage !== 'batch') parts.push(rollout.stage);
  if (rollout?.batch !== undefined) {
    parts.push(
      rollout.totalBatches === undefined
        ? `batch ${rollout.batch}`
        : `batch ${rollout.batch}/${rollout.totalBatches}`,
    );
  }
  if (rollout?.percent !== undefined && rollout.percent > 0) parts.push(`${rollout.percent}%`);
  return parts.join(', ');
}

export function timeFactor(
  alert: CorrelationAlert,
  change: CorrelationChange,
  exposure: Exposure,
  clockSkewMs: number,
): Factor {
  const weight = timeWeight(alert.startsAt - exposure.at, clockSkewMs, KIND_ONSET_MS[change.kind]);
  const skewNote = exposure.at > alert.startsAt ? ' (within the clock-skew allowance)' : '';
  if (exposure.step === undefined) {
    return {
      name: 'time',
      weight,
      reason: `started ${relativeToAlert(exposure.at, alert.startsAt)}${skewNote}`,
    };
  }
  const where = exposure.step.cluster ?? exposure.step.region;
  const what = describeStep(exposure.step);
  // A step at 0% (a rollout that has begun but runs the new version on no replica yet) reached nothing.
  const reached =
    exposure.step.rollout?.percent === 0
      ? `began rolling out${where === undefined ? '' : ` to ${where}`} (${what === '' ? '' : `${what}; `}no replica on the new version yet)`
      : where === undefined
        ? `rollout step${what === '' ? '' : ` (${what})`}`
        : `reached ${where}${what === '' ? '' : ` (${what})`}`;
  const started =
    exposure.at - change.startedAt >= MINUTE
      ? ` (started ${relativeToAlert(change.startedAt, alert.startsAt)})`
      : '';
  return {
    name: 'time',
    weight,
    reason: `${reached} ${relativeToAlert(exposure.at, alert.startsAt)}${skewNote}${started}`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Topology

/** What each hop beyond a direct dependency keeps, unless the service there is seen alerting. */
const DARK_HOP = 0.7;

/**
 * A service the topology does not connect to the alerting one, alerting after the change around the same
 * time: declared graphs miss calls (a dependency nobody declared, a new call the catalogue has not caught
 * up with), so such a change may well be the cause, but less likely than one the graph explains.
 */
const INCIDENT_PEER = 0.3;

/**
 * A direct dependency is nearly as suspect as the service itself; each further hop loses 30%, except
 * through services seen alerting: there the fault's way up to the alert is visible, so they do not count
 * as distance. A caller can break the service (a new traffic pattern, retry storms) but less often. A
 * broad change (no service) starts lower; its scope (scopeFactor) says how close it came.
 */
export function topologyFactor(
  relation: Relation,
  change: Pick<CorrelationChange, 'region' | 'environment'>,
): Factor {
  switch (relation.type) {
    case 'same_service':
      return { name: 'topology', weight: 1, reason: `on the alerting service (${relation.service})` };
    case 'dependency': {
      const dark = Math.max(0, relation.hops - 1 - relation.alertingVia.length);
      const alerting =
        relation.alertingVia.length === 0 ? '' : `; ${listNames(relation.alertingVia)} alerting`;
      return {
        name: 'topology',
        weight: 0.75 * DARK_HOP ** dark,
        reason:
          relation.hops === 1
            ? `on a direct dependency (${relation.service})`
            : `on a dependency ${relation.hops} hops away (${relation.service}, via ${relation.via.join(' → ')}${alerting})`,
      };
    }
    case 'caller':
      return {
        name: 'topology',
        weight: 0.3 * 0.5 ** (relation.hops - 1),
        reason:
          relation.hops === 1
            ? `on a direct caller (${relation.service}), whose traffic it receives`
            : `on a caller ${relation.hops} hops away (${relation.service}, via ${relation.via.join(' → ')})`,
      };
    case 'incident_peer':
      return {
        name: 'topology',
        weight: INCIDENT_PEER,
        reason:
          relation.alerts.length > 0
            ? `on ${relation.service}, which the topology does not connect to the alerting service but which began alerting around it (${listNames(relation.alerts)}): a call the graph does not know about, or one it does not know yet`
            : `on ${relation.service}, which the topology does not connect to the alerting service but whose callers began alerting around it (${listNames(relation.alertingCallers)}): a call the graph does not know about, or one it does not know yet`,
      };
    case 'broad':
      return {
        name: 'topology',
        weight: 0.5,
        reason: `affecting no single service but all of ${change.environment}${change.region === undefined ? '' : `/${change.region}`}`,
      };
  }
}

// ---------------------------------------------------------------------------------------------------
// Scope: region and cluster

/** A broad change confined to the alert's cluster. */
const BROAD_SAME_CLUSTER = 1.6;

/**
 * The one cluster of the alert's region alerting as a whole (an alert naming a cluster and no service,
 * such as a region's error budget burning) around an alert that names no cluster, with those alerts' names.
 */
export interface ClusterAlerting {
  readonly cluster: string;
  readonly alerts: readonly string[];
}

/**
 * The environment always matches and the region never conflicts (candidates are selected so). Clusters
 * only compare for the alerting service itself and for broad changes (a dependency's cluster is another
 * system's). For a broad change the scope is all there is to go on: one confined to the alert's cluster
 * is a far better suspect than one spread over its region, and one over the whole environment a weak one.
 */
export function scopeFactor(
  relation: Relation,
  exposure: Pick<Exposure, 'region' | 'cluster'>,
  alert: Pick<CorrelationAlert, 'region' | 'cluster'>,
  clusterAlerting?: ClusterAlerting,
): Factor {
  if (
    relation.type === 'broad' &&
    alert.cluster === undefined &&
    clusterAlerting !== undefined &&
    exposure.cluster === clusterAlerting.cluster
  ) {
    // The alert names no cluster, but its region's cluster the change is confined to is alerting as a
    // whole around it: the alert is most likely part of that cluster's trouble.
    return {
      name: 'scope',
      weight: BROAD_SAME_CLUSTER,
      reason: `confined to ${clusterAlerting.cluster}, which is alerting as a whole around the alert (${listNames(clusterAlerting.alerts)})`,
    };
  }
  const sameCluster =
    exposure.cluster !== undefined && alert.cluster !== undefined && exposure.cluster === alert.cluster;
  const otherCluster =
    exposure.cluster !== undefined && alert.cluster !== undefined && exposure.cluster !== alert.cluster;
  const global = alert.region !== undefined && exposure.region === undefined;
  switch (relation.type) {
    case 'broad':
      if (sameCluster)
        return {
          name: 'scope',
          weight: BROAD_SAME_CLUSTER,
          reason: `confined to the alert's cluster (${alert.cluster ?? ''})`,
        };
      if (otherCluster) {
        return {
          name: 'scope',
          weight: 0.3,
          reason: `on cluster ${exposure.cluster ?? ''}, not the alert's (${alert.cluster ?? ''})`,
        };
      }
      return global ? { name: 'scope', weight: 0.6 } : { name: 'scope', weight: 0.9 };
    case 'same_service':
      if (sameCluster) {
        return { name: 'scope', weight: 1.25, reason: `on the alert's cluster (${alert.cluster ?? ''})` };
      }
      if (otherCluster) {
        return {
          name: 'scope',
          weight: 0.4,
          reason: `on cluster ${exposure.cluster ?? ''}, not the alert's (${alert.cluster ?? ''})`,
        };
      }
      return { name: 'scope', weight: 1 };
    case 'dependency':
    case 'caller':
    case 'incident_peer':
      return { name: 'scope', weight: 1 };
  }
}

// ---------------------------------------------------------------------------------------------------
// Kind

const KIND_WEIGHTS: { readonly [K in ChangeKind]: number } = {
  deploy: 1,
  config: 1,
  database: 0.9,
  feature_flag: 0.85,
  infra: 0.85,
  experiment: 0.6,
  other: 0.5,
  scaling: 0.3,
};

/**
 * Which way a scaling action went: from its versions when both are counts (replicas, nodes), else from
 * its summary when that says "down" or "up" (and not both); undefined when neither tells.
 */
export function scalingDirection(
  change: Partial<Pick<CorrelationChange, 'version' | 'summary'>>,
): 'down' | 'up' | undefined {
  const from = Number(change.version?.from);
  const to = Number(change.version?.to);
  if (change.version?.from !== undefined && change.version.to !== undefined && from !== to) {
    if (Number.isFinite(from) && Number.isFinite(to)) return to < from ? 'down' : 'up';
  }
  const summary = change.summary ?? '';
  const down = /\bdown\b/i.test(summary);
  const up = /\bup\b/i.test(summary);
  return down === up ? undefined : down ? 'down' : 'up';
}

/**
 * How often changes of this kind cause incidents. A configuration push is as suspect as a deploy:
 * published outage analyses put configuration changes next to binary releases among triggers, and a push
 * takes effect everywhere at once, with none of a rollout's gradual exposure. A change that returns to an
 * earlier version rarely causes one; neither does an autoscaler's action, which is far more often a
 * reaction to the load that also set off the alert (a person resizing a service is another matter). Which
 * way it scaled says more: removing capacity is how scaling breaks a service, adding it is how a service is
 * rescued.
 */
export function kindFactor(
  change: Pick<CorrelationChange, 'kind' | 'isRollback' | 'actorType'> &
    Partial<Pick<CorrelationChange, 'version' | 'summary'>>,
): Factor {
  const base = KIND_WEIGHTS[change.kind];
  if (change.isRollback) {
    return {
      name: 'kind',
      weight: base * 0.35,
      reason: 'a rollback to an earlier version (rarely the cause)',
    };
  }
  switch (change.kind) {
    case 'scaling': {
      const automatic = change.actorType === 'automation';
      const who = automatic ? 'an automatic' : 'a manual';
      const direction = scalingDirection(change);
      if (direction === 'down') {
        return {
          name: 'kind',
          weight: automatic ? 0.5 : 0.9,
          reason: `${who} scale-down (less capacity: a cause of latency and saturation once traffic rises)`,
        };
      }
      if (direction === 'up') {
        return {
          name: 'kind',
          weight: automatic ? 0.15 : 0.35,
          reason: `${who} scale-up (more capacity rarely breaks anything: usually a reaction to load)`,
        };
      }
      return automatic
        ? {
            name: 'kind',
            weight: base,
            reason: 'an automatic scaling action (more often a reaction to load than a cause)',
          }
        : { name: 'kind', weight: 0.7, reason: 'a manual scaling action' };
    }
    case 'experiment':
      return { name: 'kind', weight: base, reason: 'an experiment (less often a cause than a deploy)' };
    case 'deploy':
    case 'config':
    case 'database':
    case 'feature_flag':
    case 'infra':
    case 'other':
      return { name: 'kind', weight: base };
  }
}

// ---------------------------------------------------------------------------------------------------
// Outcome

/** A later change on the same service that returned it to this change's previous version. */
export interface RevertingChange {
  readonly changeId: string;
  readonly at: number;
}

/**
 * A change undone up to this long before the alert's start may have been undone because of the first
 * symptoms (a canary analysis reacts before an alert rule that holds for minutes, and sources' clocks
 * disagree); one undone longer before had stopped acting before the alert's condition began.
 */
const UNDONE_LONG_BEFORE_MS = 10 * MINUTE;

/**
 * A change still in progress is where on-call looks first, and rightly a little more suspect. One that was
 * still rolling out when the alert started but went on to complete is not: it passed whatever gates its
 * rollout had (canary analysis, the people watching it) while the symptom was there to see.
 */
const IN_PROGRESS_WEIGHT = 1.15;

/**
 * What became of the change, as known now. Being undone is the strongest sign (someone, or a canary
 * analysis, judged it bad), more so after the alert than before; but a change undone well before the
 * alert's condition began was no longer there to cause it. A deploy, migration or infrastructure
 * change that failed often left things half done; a configuration push or flag flip that failed usually
 * did not apply at all. A change still in progress is somewhat more suspect (and said, because it is what
 * to stop); one that completed after the alert started is said but not raised; a cancelled change barely
 * ran.
 */
export function outcomeFactor(
  change: Pick<CorrelationChange, 'phase' | 'finishedAt' | 'rollout' | 'kind'>,
  alert: Pick<CorrelationAlert, 'startsAt'>,
  revertedBy?: RevertingChange,
): Factor {
  const undoneAt = change.phase === 'rolled_back' ? change.finishedAt : revertedBy?.at;
  if (undoneAt !== undefined) {
    const how =
      revertedBy !== undefined && change.phase !== 'rolled_back'
        ? `reverted by ${revertedBy.changeId}`
        : 'rolled back';
    if (undoneAt >= alert.startsAt) {
      return {
        name: 'outcome',
        weight: 2,
        reason: `${how} ${formatDuration(undoneAt - alert.startsAt)} after the alert started`,
      };
    }
    if (undoneAt < alert.startsAt - UNDONE_LONG_BEFORE_MS) {
      return {
        name: 'outcome',
        weight: 0.5,
        reason: `${how} ${relativeToAlert(undoneAt, alert.startsAt)}, so its effect was gone before the alert's condition began`,
      };
    }
    return { name: 'outcome', weight: 1.4, reason: `${how} ${relativeToAlert(undoneAt, alert.startsAt)}` };
  }
  switch (change.phase) {
    case 'failed': {
      const when =
        change.finishedAt === undefined ? '' : ` ${relativeToAlert(change.finishedAt, alert.startsAt)}`;
      const halfDone =
        change.kind === 'deploy' ||
        change.kind === 'database' ||
        change.kind === 'infra' ||
        change.kind === 'other';
      return halfDone
        ? { name: 'outcome', weight: 1.6, reason: `failed${when}` }
        : { name: 'outcome', weight: 1, reason: `failed to apply${when}` };
    }
    case 'started':
    case 'progressed': {
      const rollout = change.rollout;
      if (rollout?.stage !== undefined && /canary/i.test(rollout.stage)) {
        const share = rollout.percent === undefined ? '' : ` (${rollout.percent}%)`;
        return { name: 'outcome', weight: IN_PROGRESS_WEIGHT, reason: `still in canary${share}` };
      }
      const step =
        rollout?.batch !== undefined
          ? ` (batch ${rollout.batch}${rollout.totalBatches === undefined ? '' : `/${rollout.totalBatches}`})`
          : rollout?.percent !== undefined
            ? ` (${rollout.percent}%)`
            : '';
      return { name: 'outcome', weight: IN_PROGRESS_WEIGHT, reason: `still rolling out${step}` };
    }
    case 'succeeded':
      return change.finishedAt !== undefined && change.finishedAt >= alert.startsAt
        ? {
            name: 'outcome',
            weight: 1,
            reason: 'was still rolling out when the alert started, and completed',
          }
        : { name: 'outcome', weight: 1 };
    case 'cancelled':
      return { name: 'outcome', weight: 0.6, reason: 'cancelled' };
    case 'planned':
    case 'rolled_back':
      return { name: 'outcome', weight: 1 };
  }
}

// ---------------------------------------------------------------------------------------------------
// Corroboration: other alerts the change would also explain

export interface Corroboration {
  /** Other alerts on the changed service itself that started after the change reached them. */
  readonly onChangedService: readonly CorrelationAlert[];
  /** Alerts on other services that depend on the changed one (through `hops` edges), one per service. */
  readonly onDependents: readonly { readonly service: string; readonly hops: number }[];
  /**
   * For a broad change: alerting services in its scope that are not connected to each other (or to the
   * alerting service) in the topology, i.e. that one service's fault would not explain. Only alerts that
   * name the change's cluster count for a change confined to one.
   */
  readonly unrelatedServicesInScope: readonly string[];
  /**
   * For a broad change: alerts naming no service (a region's or a cluster's own alert, such as an error
   * budget burning for the whole region) in its scope that began after it: the scope itself alerting.
   */
  readonly scopeAlerting?: readonly string[] | undefined;
  /** How wide that scope is: the narrower, the more each alert in it says. */
  readonly scope?: 'cluster' | 'region' | 'environment' | undefined;
  /**
   * For a change on another service than the alerting one: how many of that service's direct callers
   * show a fault, of how many. A caller shows it when it is alerting (the alerting service included) or a
   * service that depends on it is: a fault in the changed service would show on most of its callers.
   * The others are silent when they have alert coverage, and say nothing (uncovered) when they have none.
   */
  readonly callers?: CallerEvidence | undefined;
  /**
   * Services (or, without one, alert names) alerting in the same incident that the change does not
   * explain: not downstream of it, outside its scope, or alerting before it happened.
   */
  readonly unexplainedInIncident: readonly string[];
}

export interface CallerEvidence {
  readonly alerting: number;
  /** Callers with alert coverage that show nothing. */
  readonly silent: number;
  /** Callers that show nothing but could not have alerted: no alert coverage. */
  readonly uncovered: number;
  readonly total: number;
}

export const NO_CORROBORATION: Corroboration = {
  onChangedService: [],
  onDependents: [],
  unrelatedServicesInScope: [],
  scopeAlerting: [],
  unexplainedInIncident: [],
};

/**
 * The evidence of the changed service (or a broad change's scope) alerting too, against 0.5 for another
 * alerting service that depends on it: the fault showing where the change was made is the most direct
 * sign there is, worth more than three of its callers passing it on.
 */
const OWN_ALERT = 1.6;

/**
 * A change that also explains other alerts (the changed service alerting too, its callers alerting, many
 * unrelated services in a broad change's scope) is a better explanation than one that explains only this
 * alert, and one that leaves alerts of the same incident unexplained is a worse one. Evidence saturates:
 * beyond a few alerts, more of them says little more.
 */
export function corroborationFactor(
  corroboration: Corroboration,
  changedService: string | undefined,
): Factor {
  const { onChangedService, onDependents, unrelatedServicesInScope, unexplainedInIncident } = corroboration;
  const onSelf = onChangedService.length === 0 ? 0 : OWN_ALERT + 0.3 * (onChangedService.length - 1);
  const dependents = onDependents.reduce((sum, d) => sum + 0.5 * 0.6 ** (d.hops - 1), 0);
  const perAlert = corroboration.scope === 'cluster' ? 0.4 : corroboration.scope === 'region' ? 0.2 : 0.1;
  const scope = perAlert * unrelatedServicesInScope.length;
  // The scope's own alert is to a broad change what the changed service alerting is to a service's change.
  const scopeAlerting = corroboration.scopeAlerting ?? [];
  const onScope = scopeAlerting.length === 0 ? 0 : OWN_ALERT + 0.3 * (scopeAlerting.length - 1);
  const evidence = Math.min(onSelf + dependents + scope + onScope, 3);
  const unexplained = Math.min(unexplainedInIncident.length, 4);
  const breadth = callerBreadth(corroboration.callers);
  const uncovered = corroboration.callers?.uncovered ?? 0;
  if (evidence === 0 && unexplained === 0 && breadth === 1 && uncovered === 0)
    return { name: 'corroboration', weight: 1 };
  const reasons: string[] = [];
  if (onChangedService.length > 0 && changedService !== undefined) {
    const names = [...new Set(onChangedService.map((a) => a.name))];
    reasons.push(`${changedService} is alerting too (${listNames(names)})`);
  }
  if (onDependents.length > 0 && changedService !== undefined) {
    const services = onDependents.map((d) => d.service);
    reasons.push(
      `${plural(services.length, 'other alerting service')} ${services.length === 1 ? 'depends' : 'depend'} on ${changedService} (${listNames(services)})`,
    );
  }
  if (scopeAlerting.length > 0) {
    reasons.push(`its scope is alerting as a whole since it (${listNames([...new Set(scopeAlerting)])})`);
  }
  if (unrelatedServicesInScope.length > 0) {
    reasons.push(
      `alerts on ${plural(unrelatedServicesInScope.length, 'unrelated service')} in its scope began after it (${listNames(unrelatedServicesInScope)})`,
    );
  }
  if (unexplained > 0) {
    reasons.push(`does not explain the incident's alerts on ${listNames(unexplainedInIncident)}`);
  }
  const callers = corroboration.callers;
  if (callers !== undefined && (breadth < 1 || callers.uncovered > 0)) reasons.push(callersReason(callers));
  return {
    name: 'corroboration',
    weight: (1 + 0.6 * evidence) * 0.75 ** unexplained * breadth,
    reason: reasons.join('; '),
  };
}

/** What the changed service's callers say: silent covered ones count against it, uncovered ones not. */
function callersReason({ alerting, silent, uncovered, total }: CallerEvidence): string {
  const are = (n: number) => (n === 1 ? 'is' : 'are');
  if (uncovered === 0) {
    return total === 1
      ? 'its only caller is not alerting, nor is anything that calls it'
      : alerting === 0
        ? `none of its ${total} callers is alerting, nor is anything that calls them`
        : `only ${alerting} of its ${total} callers ${are(alerting)} alerting or called by an alerting service`;
  }
  const parts: string[] = [];
  if (alerting > 0)
    parts.push(
      `${alerting} of its ${total} callers ${are(alerting)} alerting or called by an alerting service`,
    );
  if (silent > 0) parts.push(`${silent} of ${total} callers ${are(silent)} covered by alerts and silent`);
  parts.push(
    total === 1
      ? 'its only caller has no alert coverage, so its silence says nothing'
      : uncovered === total
        ? `none of its ${total} callers has alert coverage, so their silence says nothing`
        : `${uncovered} ${uncovered === 1 ? 'has' : 'have'} no alert coverage`,
  );
  return parts.join('; ');
}

/** What each of the changed service's direct callers that is not alerting leaves of its weight... */
const SILENT_CALLER = 0.85;
/** ...counting at most this many: beyond a few, more silence says little more (a hub has many callers). */
const SILENT_CALLERS_COUNTED = 5;

/**
 * A broken service shows on the services that call it: each of its direct callers that could alert but
 * is silent makes a change on it a little less likely the cause; a caller without alert coverage says
 * nothing. For a service only the alerting one calls this says nothing; for a hub most services call (an
 * auth service, otherwise a dependency, and so a suspect, of nearly every alert) it bites hardest.
 */
export function callerBreadth(callers: Pick<CallerEvidence, 'silent'> | undefined): number {
  if (callers === undefined) return 1;
  return SILENT_CALLER ** Math.min(Math.max(0, callers.silent), SILENT_CALLERS_COUNTED);
}

// ---------------------------------------------------------------------------------------------------
// Severity and competition: from likelihoods to a score

/**
 * The weight left for "no change caused this": higher for minor alerts (often noise, capacity or
 * external causes), lower for critical ones, which follow a change most of the time. It does not reorder
 * one alert's suspects; it sets how confident their scores are, and how much the alert counts within an
 * incident (`incidentWeight`).
 */
export function severityFactor(severity: AlertSeverity): {
  readonly noChangeLikelihood: number;
  readonly incidentWeight: number;
} {
  switch (severity) {
    case 'critical':
      return { noChangeLikelihood: 0.1, incidentWeight: 1 };
    case 'high':
      return { noChangeLikelihood: 0.15, incidentWeight: 0.7 };
    case 'warning':
      return { noChangeLikelihood: 0.25, incidentWeight: 0.4 };
    case 'info':
      return { noChangeLikelihood: 0.5, incidentWeight: 0.15 };
  }
}

/**
 * A suspect's score: its likelihood's share of every candidate's plus the no-change likelihood. The more
 * (and the stronger) the other candidates, the lower the score: one strong candidate among weak ones
 * scores near 1, two equal ones near 0.5 each.
 */
export function competitionScore(
  likelihood: number,
  allLikelihoods: number,
  noChangeLikelihood: number,
): number {
  const total = allLikelihoods + noChangeLikelihood;
  return total <= 0 ? 0 : likelihood / total;
}

export function competitionReason(rank: number, candidates: number): string {
  if (candidates === 1) return 'the only candidate change';
  return rank === 1
    ? `the strongest of ${plural(candidates, 'candidate change')}`
    : `ranked ${rank} of ${plural(candidates, 'candidate change')}`;
}

/** The factors of one candidate, in the order their reasons read best. */
export function candidateFactors(
  candidate: Candidate,
  alert: CorrelationAlert,
  corroboration: Corroboration,
  clockSkewMs: number,
  revertedBy?: RevertingChange,
  clusterAlerting?: ClusterAlerting,
): Factor[] {
  const { change, relation, exposure } = candidate;
  return [
    timeFactor(alert, change, exposure, clockSkewMs),
    topologyFactor(relation, change),
    scopeFactor(relation, exposure, alert, clusterAlerting),
    kindFactor(change),
    outcomeFactor(change, alert, revertedBy),
    corroborationFactor(corroboration, change.service),
  ];
}

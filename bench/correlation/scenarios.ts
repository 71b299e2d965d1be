/**
 * Labelled correlation scenarios: a few days of a synthetic production estate with its background of
 * changes and noise alerts, and dozens of faults, each caused by one known change and showing up as
 * alerts minutes later on the changed service and, cascading, on its callers.
 *
 * Everything is produced as the service would receive it: change-event.v1 events, Alertmanager webhook
 * (v4) notifications, and the topology's edges, each with the instant it arrives (for "what was known
 * when the reviewer looked"). Producers' clocks disagree (per-source skew), so occurredAt and startsAt are
 * not the true instants. Turning these into ranking inputs is a separate step (source.ts), so that it can
 * be replaced by "ingest through the service, then query it".
 *
 * What makes it hard, on purpose and at rates an SRE would recognise:
 * - a background of deploys, config pushes, flag flips, autoscaler actions, experiments, migrations and
 *   infrastructure changes on every service, some of which fail or are rolled back for unrelated reasons;
 * - faults on dependencies (datastores, shared services) that alert on callers first or only;
 * - concurrent benign changes on the alerting service and its neighbours around the fault, including
 *   the autoscaler reacting to the fault before the alert fires;
 * - canary, batched and regional-wave rollouts where the fault shows at a later step;
 * - rollbacks (of the culprit, usually after the reviewer first looks) and noise alerts;
 * - clock skew between change systems (one badly so) and between Prometheus servers.
 */
import { createHash } from 'node:crypto';
import type { ChangeEventV1 } from '../../src/contracts/generated/change-event.v1';
import type { AlertmanagerWebhook } from '../../src/alerts/domain/alertmanager';
import type { ChangePhase } from '../../src/changes/domain/change-event';
import { seededRandom, shuffle } from '../generators/change-events';
import {
  generateWorld,
  NOISE_RULES,
  RULES,
  type AlertRule,
  type Layer,
  type ServiceNode,
  type World,
} from './world';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface TimedChangeEvent {
  readonly event: ChangeEventV1;
  /** When the service receives it (true time plus a little transport delay). */
  readonly arrivesAt: number;
}

export interface TimedNotification {
  readonly payload: AlertmanagerWebhook;
  readonly arrivesAt: number;
}

export type FaultType =
  | 'bad-deploy'
  | 'bad-config'
  | 'bad-feature-flag'
  | 'bad-dependency'
  | 'bad-migration'
  | 'bad-infra'
  | 'bad-experiment'
  | 'bad-scaling';

/** An alert instance: what Alertmanager would report, plus the truth. */
export interface AlertInstance {
  readonly fingerprint: string;
  /** As reported (the Prometheus server's clock). */
  readonly startsAt: string;
  readonly endsAt: string;
  readonly service: string | undefined;
  readonly region: string;
  readonly trueStart: number;
  readonly firstNotifiedAt: number;
  /** Position in the fault's cascade: 0 on the changed service (or in a broad change's scope), n hops up otherwise. */
  readonly hops: number;
}

export interface Fault {
  readonly id: string;
  readonly type: FaultType;
  readonly causeChangeId: string;
  /** The changed service; undefined for a broad change. */
  readonly origin: string | undefined;
  readonly region: string;
  readonly alerts: readonly AlertInstance[];
  /** Which confounders were added around it (for the breakdown). */
  readonly confounders: readonly string[];
}

export interface CorrelationDataset {
  readonly seed: number;
  readonly world: World;
  readonly start: number;
  readonly end: number;
  readonly changeEvents: readonly TimedChangeEvent[];
  readonly notifications: readonly TimedNotification[];
  readonly faults: readonly Fault[];
  readonly noiseAlerts: readonly AlertInstance[];
}

export interface ScenarioOptions {
  readonly services: number;
  readonly faults: number;
  readonly days: number;
  readonly start: number;
  /** A different true fault mix (the default: DEFAULT_FAULT_MIX, the data set is then unchanged). */
  readonly faultMix?: FaultMix | undefined;
}

/**
 * How faults come about: the relative weight of each fault type, and for a faulty dependency, the share
 * of config changes among its causes (undefined: the default's mix of deploys and config changes).
 */
export interface FaultMix {
  readonly types: readonly (readonly [FaultType, number])[];
  readonly dependencyConfigShare?: number | undefined;
}

export const DEFAULT_FAULT_MIX: FaultMix = {
  types: [
    ['bad-deploy', 30],
    ['bad-config', 14],
    ['bad-feature-flag', 9],
    ['bad-dependency', 20],
    ['bad-migration', 8],
    ['bad-infra', 11],
    ['bad-experiment', 4],
    ['bad-scaling', 4],
  ],
};

export const DEFAULT_SCENARIO_START = Date.parse('2026-09-07T00:00:00Z');

type Random = () => number;

interface StepSpec {
  readonly at: number;
  readonly phase: ChangePhase;
  readonly region?: string | undefined;
  readonly cluster?: string | undefined;
  readonly rollout?: ChangeEventV1['rollout'];
  readonly isRollback?: boolean;
}

interface ChangeSpec {
  readonly changeId: string;
  readonly kind: ChangeEventV1['kind'];
  readonly source: string;
  readonly service?: string | undefined;
  readonly environment: string;
  readonly team?: string | undefined;
  readonly actor: NonNullable<ChangeEventV1['actor']>;
  readonly summary: string;
  readonly version?: ChangeEventV1['version'];
  readonly steps: readonly StepSpec[];
}

type DeployStyle = 'single' | 'waves' | 'canary' | 'batched';

const SOURCES: Readonly<Record<ChangeEventV1['kind'], readonly string[]>> = {
  deploy: ['argo-cd', 'spinnaker', 'github-actions'],
  config: ['consul', 'config-service'],
  feature_flag: ['launchdarkly'],
  scaling: ['karpenter', 'keda', 'hpa-controller'],
  experiment: ['optimizely'],
  database: ['flyway', 'rds-console'],
  infra: ['terraform-cloud', 'crossplane'],
  other: ['jenkins'],
};
const ALL_SOURCES = [...new Set(Object.values(SOURCES).flat())].sort();

class Simulation {
  readonly changeEvents: TimedChangeEvent[] = [];
  readonly alerts: {
    instance: AlertInstance;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    groupKey: string;
    trueEnd: number;
  }[] = [];
  private readonly sourceSkew = new Map<string, number>();
  private readonly regionSkew = new Map<string, number>();
  private readonly callers = new Map<string, string[]>();
  private readonly labelStyle = new Map<string, { service: string; env: string }>();
  private readonly versions = new Map<string, number>();
  private readonly deploys = new Map<string, { changeId: string; from: number; to: number }[]>();
  private nextChange = 0;
  readonly layerOf = new Map<string, Layer>();

  constructor(
    readonly random: Random,
    readonly world: World,
  ) {
    // Most producers keep good time; one is badly off (an unsynchronised CI runner), within the allowance.
    const badlyOff = ALL_SOURCES[Math.floor(random() * ALL_SOURCES.length)];
    for (const source of ALL_SOURCES) {
      const skew =
        source === badlyOff ? this.sign() * this.uniform(2 * MINUTE, 4 * MINUTE) : this.normal(0, 40_000);
      this.sourceSkew.set(source, Math.max(-4 * MINUTE, Math.min(4 * MINUTE, skew)));
    }
    for (const region of world.regions) this.regionSkew.set(region, this.normal(0, 15_000));
    for (const { caller, dependency } of world.edges) {
      const list = this.callers.get(dependency) ?? [];
      list.push(caller);
      this.callers.set(dependency, list);
    }
    for (const service of world.services) {
      this.layerOf.set(service.name, service.layer);
      const r = random();
      const env = random();
      this.labelStyle.set(service.name, {
        service: r < 0.6 ? 'service' : r < 0.85 ? 'app' : 'job',
        env: env < 0.7 ? 'env' : env < 0.9 ? 'environment' : 'namespace',
      });
    }
  }

  uniform(min: number, max: number): number {
    return min + this.random() * (max - min);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  sign(): number {
    return this.random() < 0.5 ? -1 : 1;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let roll = this.random() * total;
    for (const [item, w] of entries) {
      roll -= w;
      if (roll < 0) return item;
    }
    const last = entries[entries.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }
  normal(mean: number, sd: number): number {
    const u = Math.max(this.random(), 1e-12);
    const v = this.random();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal with the given median; `spread` is the geometric standard deviation. */
  logNormal(median: number, spread: number): number {
    return median * Math.exp(this.normal(0, Math.log(spread)));
  }

  callersOf(service: string): readonly string[] {
    return this.callers.get(service) ?? [];
  }
  dependenciesOf(service: string): string[] {
    return this.world.edges.filter((e) => e.caller === service).map((e) => e.dependency);
  }
  servicesIn(...layers: Layer[]): ServiceNode[] {
    return this.world.services.filter((s) => layers.includes(s.layer));
  }
  team(service: string | undefined): string | undefined {
    return service === undefined ? undefined : `team-${service.split('-')[0] ?? service}`;
  }
  clusterIn(region: string): string {
    return this.pick(this.world.clusters[region] ?? [`prod-${region}-a`]);
  }

  newChangeId(source: string, service: string | undefined): string {
    this.nextChange += 1;
    return `${source}:${service ?? 'global'}:${this.nextChange}`;
  }

  nextVersion(service: string): { from: string; to: string } {
    const n = this.versions.get(service) ?? this.int(10, 90);
    this.versions.set(service, n + 1);
    return { from: `v2.${n}.0`, to: `v2.${n + 1}.0` };
  }

  /** A production deploy pipeline runs one deploy of a service at a time. */
  deployBusy(service: string, from: number, to: number): boolean {
    return (this.deploys.get(service) ?? []).some((d) => d.from <= to && d.to >= from);
  }

  /** Removes the production deploys of `service` overlapping [from, to] (a fault's deploy takes the slot). */
  dropOverlappingDeploys(service: string, from: number, to: number): void {
    const list = this.deploys.get(service) ?? [];
    const dropped = new Set(list.filter((d) => d.from <= to && d.to >= from).map((d) => d.changeId));
    if (dropped.size === 0) return;
    this.deploys.set(
      service,
      list.filter((d) => !dropped.has(d.changeId)),
    );
    const kept = this.changeEvents.filter((e) => !dropped.has(e.event.changeId));
    this.changeEvents.length = 0;
    this.changeEvents.push(...kept);
  }

  emit(spec: ChangeSpec): void {
    const first = spec.steps[0];
    const last = spec.steps[spec.steps.length - 1];
    if (
      spec.kind === 'deploy' &&
      spec.environment === 'production' &&
      spec.service !== undefined &&
      first !== undefined &&
      last !== undefined
    ) {
      const list = this.deploys.get(spec.service) ?? [];
      list.push({ changeId: spec.changeId, from: first.at, to: last.at });
      this.deploys.set(spec.service, list);
    }
    const skew = this.sourceSkew.get(spec.source) ?? 0;
    spec.steps.forEach((step, i) => {
      const occurredAt = new Date(Math.round(step.at + skew + this.uniform(-2000, 2000))).toISOString();
      const event: ChangeEventV1 = {
        eventId: `${spec.changeId}:${i + 1}`,
        changeId: spec.changeId,
        source: spec.source,
        kind: spec.kind,
        phase: step.phase,
        occurredAt,
        environment: spec.environment,
        ...(spec.service === undefined ? {} : { service: spec.service }),
        ...(step.region === undefined ? {} : { region: step.region }),
        ...(step.cluster === undefined ? {} : { cluster: step.cluster }),
        ...(spec.team === undefined ? {} : { team: spec.team }),
        actor: spec.actor,
        summary: spec.summary,
        ...(spec.version === undefined ? {} : { version: spec.version }),
        ...(step.rollout === undefined ? {} : { rollout: step.rollout }),
        ...(step.isRollback === true ? { isRollback: true } : {}),
      };
      this.changeEvents.push({ event, arrivesAt: step.at + this.uniform(500, 20_000) });
    });
  }

  /** Reported time of an alert: the region's Prometheus clock. */
  promTime(region: string, at: number): string {
    return new Date(Math.round(at + (this.regionSkew.get(region) ?? 0))).toISOString();
  }

  addAlert(options: {
    service: string | undefined;
    rule: AlertRule;
    region: string;
    cluster?: string | undefined;
    trueStart: number;
    trueEnd: number;
    hops: number;
  }): AlertInstance {
    const { service, rule, region } = options;
    const style = service === undefined ? undefined : this.labelStyle.get(service);
    const labels: Record<string, string> = { alertname: rule.name, severity: rule.severity, region };
    if (service !== undefined) labels[style?.service ?? 'service'] = service;
    labels[style?.env ?? 'env'] = 'production';
    if (options.cluster !== undefined) labels['cluster'] = options.cluster;
    const team = this.team(service);
    if (team !== undefined) labels['team'] = team;
    const fingerprint = createHash('sha256')
      .update(JSON.stringify(Object.entries(labels).sort()))
      .digest('hex')
      .slice(0, 16);
    const startsAt = this.promTime(region, options.trueStart);
    const endsAt = this.promTime(region, Math.max(options.trueEnd, options.trueStart + MINUTE));
    const instance: AlertInstance = {
      fingerprint,
      startsAt,
      endsAt,
      service,
      region,
      trueStart: options.trueStart,
      firstNotifiedAt: options.trueStart + 30_000,
      hops: options.hops,
    };
    // Alertmanager route: group_by [alertname, region]; critical alerts go through their own sub-route.
    const route = rule.severity === 'critical' ? '{}/{severity="critical"}' : '{}';
    const groupKey = `${route}:{alertname="${rule.name}", region="${region}"}`;
    this.alerts.push({
      instance,
      labels,
      annotations: {
        summary: `${rule.name} on ${service ?? options.cluster ?? region}`,
        runbook_url: `https://runbooks.example.com/${rule.name}`,
      },
      groupKey,
      trueEnd: Math.max(options.trueEnd, options.trueStart + MINUTE),
    });
    return instance;
  }

  /** Alertmanager's notifications: each group is re-sent, with all its firing alerts, whenever one of them changes. */
  notifications(): TimedNotification[] {
    type Happening = { at: number; index: number; resolved: boolean };
    const byGroup = new Map<string, Happening[]>();
    this.alerts.forEach((a, index) => {
      const list = byGroup.get(a.groupKey) ?? [];
      list.push({ at: a.instance.firstNotifiedAt, index, resolved: false });
      list.push({ at: a.trueEnd + 30_000, index, resolved: true });
      byGroup.set(a.groupKey, list);
    });
    const out: TimedNotification[] = [];
    for (const [groupKey, happenings] of byGroup) {
      happenings.sort((x, y) => x.at - y.at || Number(x.resolved) - Number(y.resolved));
      const firing = new Set<number>();
      for (const h of happenings) {
        if (h.resolved) firing.delete(h.index);
        else firing.add(h.index);
        const members = [...firing].map((i) => ({ i, resolved: false }));
        if (h.resolved) members.push({ i: h.index, resolved: true });
        const alerts = members.map(({ i, resolved }) => {
          const a = this.alerts[i];
          if (a === undefined) throw new Error('unreachable');
          return {
            status: resolved ? ('resolved' as const) : ('firing' as const),
            labels: a.labels,
            annotations: a.annotations,
            startsAt: a.instance.startsAt,
            endsAt: resolved ? a.instance.endsAt : '0001-01-01T00:00:00Z',
            generatorURL: `https://prometheus.${a.instance.region}.example.com/graph?g0.expr=ALERTS`,
            fingerprint: a.instance.fingerprint,
          };
        });
        const first = alerts[0];
        out.push({
          arrivesAt: h.at + this.uniform(200, 3000),
          payload: {
            version: '4',
            groupKey,
            truncatedAlerts: 0,
            status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
            receiver: 'change-audit',
            groupLabels: {
              alertname: first?.labels['alertname'] ?? '',
              region: first?.labels['region'] ?? '',
            },
            commonLabels: {},
            commonAnnotations: {},
            externalURL: 'https://alertmanager.example.com',
            alerts,
          },
        });
      }
    }
    return out.sort((a, b) => a.arrivesAt - b.arrivesAt);
  }
}

// ---------------------------------------------------------------------------------------------------
// Change lifecycles

function deploySteps(sim: Simulation, start: number, style: DeployStyle, region?: string): StepSpec[] {
  const regions = sim.world.regions;
  switch (style) {
    case 'single': {
      const r = region ?? sim.pick(regions);
      const cluster = sim.chance(0.5) ? sim.clusterIn(r) : undefined;
      return [
        { at: start, phase: 'started', region: r, cluster },
        { at: start + sim.uniform(3, 10) * MINUTE, phase: 'succeeded', region: r, cluster },
      ];
    }
    case 'waves': {
      const order = shuffle(regions, sim.random);
      if (region !== undefined) order.sort((a, b) => Number(b === region) - Number(a === region));
      const steps: StepSpec[] = [];
      let at = start;
      order.forEach((r, i) => {
        steps.push({
          at,
          phase: i === 0 ? 'started' : 'progressed',
          region: r,
          rollout: { stage: 'wave', batch: i + 1, totalBatches: order.length },
        });
        at += sim.uniform(10, 30) * MINUTE;
      });
      steps.push({
        at: at - sim.uniform(5, 9) * MINUTE,
        phase: 'succeeded',
        region: order[order.length - 1],
      });
      return steps;
    }
    case 'canary': {
      const r = region ?? sim.pick(regions);
      const cluster = sim.clusterIn(r);
      const t1 = start + sim.uniform(8, 20) * MINUTE;
      const t2 = t1 + sim.uniform(8, 20) * MINUTE;
      return [
        { at: start, phase: 'started', region: r, cluster, rollout: { stage: 'canary', percent: 5 } },
        { at: t1, phase: 'progressed', region: r, cluster, rollout: { stage: 'canary', percent: 25 } },
        { at: t2, phase: 'progressed', region: r, rollout: { stage: 'full', percent: 100 } },
        { at: t2 + sim.uniform(2, 5) * MINUTE, phase: 'succeeded', region: r },
      ];
    }
    case 'batched': {
      const r = region ?? sim.pick(regions);
      const steps: StepSpec[] = [];
      let at = start;
      for (let batch = 1; batch <= 4; batch += 1) {
        steps.push({
          at,
          phase: batch === 1 ? 'started' : 'progressed',
          region: r,
          rollout: { stage: 'batch', batch, totalBatches: 4, percent: batch * 25 },
        });
        at += sim.uniform(5, 15) * MINUTE;
      }
      steps.push({ at: at - sim.uniform(3, 4) * MINUTE, phase: 'succeeded', region: r });
      return steps;
    }
  }
}

/** Ends the change early: failed or rolled back at `at` (later steps never happened). */
function endAt(steps: readonly StepSpec[], at: number, phase: 'failed' | 'rolled_back'): StepSpec[] {
  const kept = steps.filter((s, i) => i === 0 || (s.at < at && s.phase !== 'succeeded'));
  const last = kept[kept.length - 1];
  return [
    ...kept,
    {
      at: Math.max(at, (last?.at ?? at) + 1000),
      phase,
      region: last?.region,
      cluster: last?.cluster,
      isRollback: phase === 'rolled_back',
    },
  ];
}

interface BuiltChange {
  readonly spec: ChangeSpec;
  /** Steps that can trigger a fault (they put more of it in front of traffic). */
  readonly exposing: readonly StepSpec[];
}

function buildChange(
  sim: Simulation,
  kind: ChangeEventV1['kind'],
  service: string | undefined,
  start: number,
  options: {
    environment?: string;
    region?: string;
    style?: DeployStyle;
    cluster?: string;
    actor?: 'human' | 'automation';
  } = {},
): BuiltChange {
  const source = sim.pick(SOURCES[kind]);
  const environment = options.environment ?? 'production';
  const automation =
    kind === 'scaling' && (options.actor ?? (sim.chance(0.9) ? 'automation' : 'human')) === 'automation';
  const actor: ChangeSpec['actor'] = automation
    ? { type: 'automation', id: `${source}-controller` }
    : kind === 'deploy'
      ? { type: 'service', id: `${source}-pipeline` }
      : { type: 'human', id: `eng${sim.int(1, 400)}@example.com` };
  let steps: StepSpec[];
  let version: ChangeSpec['version'];
  let summary: string;
  const region = options.region ?? sim.pick(sim.world.regions);
  switch (kind) {
    case 'deploy': {
      const style =
        options.style ??
        sim.weighted<DeployStyle>([
          ['single', 0.4],
          ['waves', 0.3],
          ['canary', 0.2],
          ['batched', 0.1],
        ]);
      steps = deploySteps(sim, start, style, options.region);
      version = sim.nextVersion(service ?? 'global');
      summary = `Deploy ${service ?? ''} ${version.to} (${style})`;
      break;
    }
    case 'config': {
      const regional = options.region !== undefined || sim.chance(0.5);
      const r = regional ? region : undefined;
      steps = [
        { at: start, phase: 'started', region: r },
        { at: start + sim.uniform(10, 90) * 1000, phase: 'succeeded', region: r },
      ];
      version = { from: `rev-${sim.int(1000, 9999)}`, to: `rev-${sim.int(1000, 9999)}` };
      summary = `Config push to ${service ?? 'shared mesh config'}`;
      break;
    }
    case 'feature_flag': {
      if (sim.chance(0.2)) {
        const t1 = start + sim.uniform(10, 40) * MINUTE;
        const t2 = t1 + sim.uniform(10, 40) * MINUTE;
        steps = [
          { at: start, phase: 'started', rollout: { stage: 'ramp', percent: 10 } },
          { at: t1, phase: 'progressed', rollout: { stage: 'ramp', percent: 50 } },
          { at: t2, phase: 'progressed', rollout: { stage: 'ramp', percent: 100 } },
          { at: t2 + 1000, phase: 'succeeded' },
        ];
      } else {
        steps = [
          { at: start, phase: 'started' },
          { at: start + 1000, phase: 'succeeded' },
        ];
      }
      summary = `Flag ${service ?? 'global'}.new-flow-${sim.int(1, 99)} enabled`;
      break;
    }
    case 'scaling': {
      const cluster = options.cluster ?? sim.clusterIn(region);
      steps = [
        { at: start, phase: 'started', region, cluster },
        { at: start + sim.uniform(1, 4) * MINUTE, phase: 'succeeded', region, cluster },
      ];
      summary = `Scale ${service ?? 'node pool'} from ${sim.int(3, 20)} to ${sim.int(4, 30)} replicas`;
      break;
    }
    case 'experiment': {
      steps = [
        { at: start, phase: 'started', rollout: { stage: 'experiment', percent: 10 } },
        {
          at: start + sim.uniform(1, 3) * HOUR,
          phase: 'progressed',
          rollout: { stage: 'experiment', percent: 50 },
        },
      ];
      summary = `Experiment on ${service ?? 'global'}: variant B at 10%`;
      break;
    }
    case 'database': {
      const cluster = service === undefined ? `shared-pg-${region}` : `${service}-${region}`;
      steps = [
        { at: start, phase: 'started', region, cluster },
        { at: start + sim.uniform(2, 25) * MINUTE, phase: 'succeeded', region, cluster },
      ];
      summary =
        service === undefined
          ? `Parameter group change on shared-pg-${region}`
          : `Migration V${sim.int(100, 999)} on ${service}`;
      break;
    }
    case 'infra': {
      const regional = options.region !== undefined || sim.chance(0.85);
      const r = regional ? region : undefined;
      const cluster = options.cluster ?? (r !== undefined && sim.chance(0.5) ? sim.clusterIn(r) : undefined);
      steps = [
        { at: start, phase: 'started', region: r, cluster },
        { at: start + sim.uniform(3, 30) * MINUTE, phase: 'succeeded', region: r, cluster },
      ];
      summary = `Terraform apply: ${sim.pick(['node pool upgrade', 'security group rules', 'load balancer listeners', 'NAT gateway', 'service mesh version'])}`;
      break;
    }
    case 'other': {
      steps = [
        { at: start, phase: 'started', region },
        { at: start + sim.uniform(1, 10) * MINUTE, phase: 'succeeded', region },
      ];
      summary = `Maintenance job on ${service ?? 'platform'}`;
      break;
    }
  }
  const spec: ChangeSpec = {
    changeId: sim.newChangeId(source, service),
    kind,
    source,
    service,
    environment,
    team: sim.team(service),
    actor,
    summary,
    version,
    steps,
  };
  return { spec, exposing: steps.filter((s) => s.phase === 'started' || s.phase === 'progressed') };
}

/** Benign fates of background changes: most succeed, a few fail or are undone for reasons of their own. */
function backgroundOutcome(sim: Simulation, built: BuiltChange): ChangeSpec {
  const { spec } = built;
  if (spec.kind !== 'deploy' && spec.kind !== 'config' && spec.kind !== 'database') return spec;
  const roll = sim.random();
  const first = spec.steps[0];
  if (first === undefined) return spec;
  if (roll < 0.04)
    return { ...spec, steps: endAt(spec.steps, first.at + sim.uniform(2, 20) * MINUTE, 'failed') };
  if (roll < 0.06)
    return { ...spec, steps: endAt(spec.steps, first.at + sim.uniform(5, 40) * MINUTE, 'rolled_back') };
  return spec;
}

/** A separate change that returns a service to the version before `original`. */
function revertingChange(sim: Simulation, original: ChangeSpec, at: number): ChangeSpec {
  const region = original.steps[0]?.region;
  return {
    changeId: sim.newChangeId(original.source, original.service),
    kind: original.kind,
    source: original.source,
    service: original.service,
    environment: original.environment,
    team: original.team,
    actor: { type: 'human', id: `oncall${sim.int(1, 40)}@example.com` },
    summary: `Rollback ${original.service ?? ''} to ${original.version?.from ?? 'previous version'}`,
    ...(original.version?.from === undefined || original.version.to === undefined
      ? {}
      : { version: { from: original.version.to, to: original.version.from } }),
    steps: [
      { at, phase: 'started', region, isRollback: true },
      { at: at + sim.uniform(2, 5) * MINUTE, phase: 'succeeded', region, isRollback: true },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Background

/** Changes per service per day, by layer and kind (production). */
const BACKGROUND_RATES: Readonly<Record<Layer, Partial<Record<ChangeEventV1['kind'], number>>>> = {
  edge: { deploy: 1.5, config: 0.8, feature_flag: 1, scaling: 2, experiment: 0.4, other: 0.05 },
  api: { deploy: 1.5, config: 0.8, feature_flag: 0.8, scaling: 2, experiment: 0.2, other: 0.05 },
  core: { deploy: 1.2, config: 0.8, feature_flag: 0.5, scaling: 1.5, other: 0.05 },
  data: { deploy: 0.15, config: 0.3, scaling: 0.3, database: 0.5, other: 0.05 },
};
/** Changes without a service, per day across the estate (production). */
const BROAD_RATES: Partial<Record<ChangeEventV1['kind'], number>> = { infra: 10, config: 3, database: 1 };

function poissonTimes(sim: Simulation, perDay: number, from: number, to: number): number[] {
  const times: number[] = [];
  if (perDay <= 0) return times;
  const mean = DAY / perDay;
  for (
    let t = from + -Math.log(Math.max(sim.random(), 1e-12)) * mean;
    t < to;
    t += -Math.log(Math.max(sim.random(), 1e-12)) * mean
  ) {
    times.push(t);
  }
  return times;
}

function background(sim: Simulation, from: number, to: number): void {
  for (const service of sim.world.services) {
    const rates = BACKGROUND_RATES[service.layer];
    for (const [kind, perDay] of Object.entries(rates) as [ChangeEventV1['kind'], number][]) {
      for (const at of poissonTimes(sim, perDay, from, to)) {
        const built = buildChange(sim, kind, service.name, at);
        const spec = backgroundOutcome(sim, built);
        const end = spec.steps[spec.steps.length - 1]?.at ?? at;
        if (kind === 'deploy' && sim.deployBusy(service.name, at - 5 * MINUTE, end + 5 * MINUTE)) continue;
        sim.emit(spec);
        if (kind === 'deploy' && sim.chance(0.015))
          sim.emit(revertingChange(sim, spec, at + sim.uniform(10, 60) * MINUTE));
      }
      // Staging sees the same kinds of change, at half the rate; they must never be suspects in production.
      if (kind === 'deploy' || kind === 'config') {
        for (const at of poissonTimes(sim, perDay / 2, from, to))
          sim.emit(buildChange(sim, kind, service.name, at, { environment: 'staging' }).spec);
      }
    }
  }
  for (const [kind, perDay] of Object.entries(BROAD_RATES) as [ChangeEventV1['kind'], number][]) {
    for (const at of poissonTimes(sim, perDay, from, to))
      sim.emit(buildChange(sim, kind, undefined, at).spec);
  }
}

function noise(sim: Simulation, from: number, to: number): AlertInstance[] {
  const perServicePerDay = 0.25;
  const out: AlertInstance[] = [];
  for (const at of poissonTimes(sim, perServicePerDay * sim.world.services.length, from, to)) {
    const service = sim.pick(sim.world.services);
    const region = sim.pick(sim.world.regions);
    out.push(
      sim.addAlert({
        service: service.name,
        rule: sim.pick(NOISE_RULES),
        region,
        cluster: sim.chance(0.5) ? sim.clusterIn(region) : undefined,
        trueStart: at,
        trueEnd: at + sim.uniform(5, 45) * MINUTE,
        hops: 0,
      }),
    );
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Faults

/** Minutes from exposure to the symptom, by kind: configuration and flags bite at once, deploys as pods roll. */
function onsetDelay(sim: Simulation, kind: ChangeEventV1['kind']): number {
  switch (kind) {
    case 'config':
    case 'feature_flag':
      return sim.logNormal(0.7 * MINUTE, 2);
    case 'deploy':
      return sim.logNormal(3 * MINUTE, 1.8);
    case 'database':
      return sim.logNormal(2 * MINUTE, 2.5);
    case 'infra':
      return sim.logNormal(3 * MINUTE, 2);
    case 'experiment':
      return sim.logNormal(10 * MINUTE, 2);
    case 'scaling':
      return sim.logNormal(5 * MINUTE, 1.8);
    case 'other':
      return sim.logNormal(3 * MINUTE, 2);
  }
}

function alertStart(sim: Simulation, onset: number, rule: AlertRule): number {
  // The rule evaluates every 30-60 s and must hold for its `for` duration.
  return onset + rule.forMs + sim.uniform(0, 60_000);
}

interface FaultPlan {
  readonly type: FaultType;
  readonly kind: ChangeEventV1['kind'];
  readonly origin: string | undefined;
  readonly built: BuiltChange;
  readonly trigger: StepSpec;
}

function planFault(sim: Simulation, at: number, mix: FaultMix): FaultPlan {
  const type = sim.weighted<FaultType>(mix.types);
  const serving = sim.servicesIn('edge', 'api', 'core').map((s) => s.name);
  const withCallers = (names: string[]) => names.filter((n) => sim.callersOf(n).length > 0);
  let kind: ChangeEventV1['kind'];
  let origin: string | undefined;
  switch (type) {
    case 'bad-deploy':
      kind = 'deploy';
      origin = sim.pick(serving);
      break;
    case 'bad-config':
      kind = 'config';
      origin = sim.pick(serving);
      break;
    case 'bad-feature-flag':
      kind = 'feature_flag';
      origin = sim.pick(sim.servicesIn('edge', 'api', 'core').map((s) => s.name));
      break;
    case 'bad-dependency': {
      const data = sim.chance(0.6);
      origin = sim.pick(
        withCallers(
          data ? sim.servicesIn('data').map((s) => s.name) : sim.servicesIn('core').map((s) => s.name),
        ),
      );
      kind =
        mix.dependencyConfigShare !== undefined
          ? sim.chance(mix.dependencyConfigShare)
            ? 'config'
            : 'deploy'
          : data
            ? sim.pick(['config', 'deploy'] as const)
            : sim.pick(['deploy', 'deploy', 'config'] as const);
      break;
    }
    case 'bad-migration':
      kind = 'database';
      origin = sim.pick(withCallers(sim.servicesIn('data').map((s) => s.name)));
      break;
    case 'bad-infra':
      kind = 'infra';
      origin = undefined;
      break;
    case 'bad-experiment':
      kind = 'experiment';
      origin = sim.pick(sim.servicesIn('edge', 'api').map((s) => s.name));
      break;
    case 'bad-scaling':
      kind = 'scaling';
      origin = sim.pick(sim.servicesIn('api', 'core').map((s) => s.name));
      break;
  }
  const region = sim.pick(sim.world.regions);
  const built =
    kind === 'infra'
      ? buildChange(sim, 'infra', undefined, at, { region, cluster: sim.clusterIn(region) })
      : // A scaling action that breaks a service is more often a person's resize than an autoscaler's.
        buildChange(sim, kind, origin, at, { region, actor: sim.chance(0.6) ? 'human' : 'automation' });
  // Most faults show at the first exposure; some only once enough traffic reaches the new version.
  const exposing = built.exposing;
  const later = exposing.length > 1 && sim.chance(0.4);
  const trigger = (later ? exposing[sim.int(1, exposing.length - 1)] : exposing[0]) ?? built.spec.steps[0];
  if (trigger === undefined) throw new Error('a change without steps');
  return { type, kind, origin, built, trigger };
}

function addFault(sim: Simulation, id: string, at: number, mix: FaultMix): Fault {
  const plan = planFault(sim, at, mix);
  const { built, trigger, kind, origin } = plan;
  const region =
    trigger.region ??
    built.spec.steps.find((s) => s.region !== undefined)?.region ??
    sim.pick(sim.world.regions);
  const onset = trigger.at + onsetDelay(sim, kind);
  const confounders: string[] = [];

  // What the fault does to the culprit itself: some are rolled back (often after the reviewer first
  // looks), a few fail outright, canaries are sometimes stopped automatically.
  const autoRollback =
    built.spec.steps.some((s) => s.rollout?.stage === 'canary') &&
    trigger.rollout?.stage === 'canary' &&
    sim.chance(0.4);
  const fate = autoRollback
    ? 'auto'
    : sim.weighted<'rollback' | 'revert' | 'failed' | 'fix-forward'>([
        ['rollback', 0.35],
        ['revert', 0.25],
        ['failed', 0.1],
        ['fix-forward', 0.3],
      ]);

  // The alerts: on the changed service (or the broad change's scope), then up the callers.
  const alertsPlanned: {
    service: string | undefined;
    rule: AlertRule;
    start: number;
    hops: number;
    cluster?: string | undefined;
  }[] = [];
  const layerRules = (service: string) => RULES[sim.layerOf.get(service) ?? 'core'];
  const cascadeFrom = (service: string, from: number, probabilities: readonly number[]) => {
    let frontier = [service];
    const seen = new Set([service]);
    let budget = 6;
    probabilities.forEach((p, i) => {
      const next: string[] = [];
      for (const s of frontier) {
        for (const caller of sim.callersOf(s)) {
          if (seen.has(caller)) continue;
          seen.add(caller);
          next.push(caller);
          if (budget > 0 && sim.chance(p)) {
            budget -= 1;
            const rule = sim.pick(layerRules(caller).filter((r) => r.name !== 'PodCrashLooping'));
            alertsPlanned.push({
              service: caller,
              rule,
              start: alertStart(sim, from + (i + 1) * sim.uniform(0.5, 3) * MINUTE, rule),
              hops: i + 1,
            });
          }
        }
      }
      frontier = next;
    });
  };
  if (origin !== undefined) {
    const selfAlerts = plan.type === 'bad-dependency' || plan.type === 'bad-migration' ? 0.55 : 0.9;
    if (sim.chance(selfAlerts)) {
      const rules = layerRules(origin);
      for (const rule of sim.chance(0.3) ? [sim.pick(rules), sim.pick(rules)] : [sim.pick(rules)]) {
        if (alertsPlanned.some((a) => a.rule.name === rule.name)) continue;
        const cluster = trigger.cluster ?? (sim.chance(0.5) ? sim.clusterIn(region) : undefined);
        alertsPlanned.push({ service: origin, rule, start: alertStart(sim, onset, rule), hops: 0, cluster });
      }
    }
    cascadeFrom(origin, onset, [0.6, 0.35, 0.15]);
  } else {
    const cluster = trigger.cluster;
    const hosted = sim.servicesIn('api', 'core', 'data').map((s) => s.name);
    for (const service of shuffle(hosted, sim.random).slice(0, sim.int(2, 5))) {
      const rule = sim.pick(layerRules(service));
      const start = alertStart(sim, onset + sim.uniform(0, 3) * MINUTE, rule);
      alertsPlanned.push({ service, rule, start, hops: 0, cluster });
      if (sim.chance(0.3)) cascadeFrom(service, onset, [0.4]);
    }
    if (sim.chance(0.5)) {
      const rule: AlertRule = { name: 'KubeNodeNotReady', severity: 'high', forMs: 5 * MINUTE };
      alertsPlanned.push({ service: undefined, rule, start: alertStart(sim, onset, rule), hops: 0, cluster });
    }
  }
  if (alertsPlanned.length === 0) {
    // Nobody noticed on the origin; the first caller is where it shows.
    const callers = origin === undefined ? [] : sim.callersOf(origin);
    const caller = callers.length === 0 ? undefined : sim.pick(callers);
    const service = caller ?? origin;
    const rule = sim.pick(layerRules(service ?? 'x'));
    alertsPlanned.push({
      service,
      rule,
      start: alertStart(sim, onset, rule),
      hops: caller === undefined ? 0 : 1,
    });
  }
  const firstAlert = Math.min(...alertsPlanned.map((a) => a.start));

  // The culprit's fate, then its events.
  let spec = built.spec;
  let undoneAt: number | undefined;
  switch (fate) {
    case 'auto':
      undoneAt = onset + sim.uniform(3, 8) * MINUTE;
      spec = { ...spec, steps: endAt(spec.steps, undoneAt, 'rolled_back') };
      break;
    case 'rollback':
      undoneAt = firstAlert + sim.logNormal(18 * MINUTE, 1.8);
      spec = { ...spec, steps: endAt(spec.steps, undoneAt, 'rolled_back') };
      break;
    case 'revert': {
      const revertAt = firstAlert + sim.logNormal(20 * MINUTE, 1.8);
      undoneAt = revertAt;
      sim.emit(revertingChange(sim, spec, revertAt));
      // The reverted pipeline stops where it was; a deploy that had finished stays finished.
      spec = { ...spec, steps: spec.steps.filter((s) => s.at < revertAt) };
      break;
    }
    case 'failed':
      if (kind === 'deploy' || kind === 'database' || kind === 'infra') {
        spec = { ...spec, steps: endAt(spec.steps, trigger.at + sim.uniform(4, 15) * MINUTE, 'failed') };
      }
      break;
    case 'fix-forward':
      if (origin !== undefined && sim.chance(0.7)) {
        sim.emit(
          buildChange(sim, 'deploy', origin, firstAlert + sim.logNormal(40 * MINUTE, 1.6), {
            region,
            style: 'single',
          }).spec,
        );
      }
      break;
  }
  /** A deploy of a service the fault (or a confounder) deploys takes the pipeline: others move out of the way. */
  const emitDeploy = (change: ChangeSpec) => {
    const from = change.steps[0]?.at;
    const to = change.steps[change.steps.length - 1]?.at;
    if (change.kind === 'deploy' && change.service !== undefined && from !== undefined && to !== undefined) {
      sim.dropOverlappingDeploys(change.service, from - 5 * MINUTE, to + 5 * MINUTE);
    }
    sim.emit(change);
  };
  emitDeploy(spec);

  const alertingServices = [
    ...new Set(alertsPlanned.map((a) => a.service).filter((s): s is string => s !== undefined)),
  ];
  const firstAlerting = alertsPlanned.reduce((a, b) => (b.start < a.start ? b : a)).service;

  // Confounders around the fault.
  if (firstAlerting !== undefined && sim.chance(0.35)) {
    confounders.push('concurrent-same-service');
    const kindOf = sim.weighted<ChangeEventV1['kind']>([
      ['config', 0.4],
      ['feature_flag', 0.3],
      ['deploy', 0.2],
      ['experiment', 0.1],
    ]);
    // Not a second deploy of a service the fault is being deployed to: its pipeline is busy.
    const kindOfChange =
      kindOf === 'deploy' && kind === 'deploy' && firstAlerting === origin ? 'config' : kindOf;
    emitDeploy(
      buildChange(sim, kindOfChange, firstAlerting, at + sim.uniform(-30, 15) * MINUTE, {
        region: sim.chance(0.6) ? region : undefined,
      }).spec,
    );
  }
  if (kind !== 'scaling' && sim.chance(0.5)) {
    confounders.push('autoscaler-reaction');
    for (const service of alertingServices.slice(0, 3)) {
      if (!sim.chance(0.6)) continue;
      sim.emit(
        buildChange(sim, 'scaling', service, onset + sim.uniform(1, 4) * MINUTE, {
          region,
          actor: 'automation',
        }).spec,
      );
    }
  }
  if (sim.chance(0.7)) {
    confounders.push('neighbour-changes');
    const anchor = origin ?? firstAlerting;
    if (anchor !== undefined) {
      const near = [...sim.callersOf(anchor), ...sim.dependenciesOf(anchor)];
      for (const service of shuffle(near, sim.random).slice(0, sim.int(1, 3))) {
        const kindOf = sim.weighted<ChangeEventV1['kind']>([
          ['deploy', 0.4],
          ['config', 0.3],
          ['feature_flag', 0.2],
          ['scaling', 0.1],
        ]);
        emitDeploy(
          buildChange(sim, kindOf, service, at + sim.uniform(-40, 20) * MINUTE, {
            region: sim.chance(0.7) ? region : undefined,
          }).spec,
        );
      }
    }
  }
  if (sim.chance(0.35)) {
    confounders.push('broad-change-nearby');
    const kindOf = sim.weighted<ChangeEventV1['kind']>([
      ['infra', 0.6],
      ['config', 0.3],
      ['database', 0.1],
    ]);
    sim.emit(buildChange(sim, kindOf, undefined, at + sim.uniform(-45, 10) * MINUTE, { region }).spec);
  }

  const endOf = (start: number) =>
    undoneAt !== undefined
      ? Math.max(start + 2 * MINUTE, undoneAt + sim.uniform(2, 10) * MINUTE)
      : start + sim.uniform(20, 90) * MINUTE;
  const originCluster = alertsPlanned.find((a) => a.hops === 0 && a.cluster !== undefined)?.cluster;
  const alerts = alertsPlanned.map((a) =>
    sim.addAlert({
      service: a.service,
      rule: a.rule,
      region,
      // A caller alerting because of its dependency reports the cluster it shares with it, or none.
      cluster:
        a.cluster ??
        (a.hops > 0
          ? sim.chance(0.4)
            ? originCluster
            : undefined
          : sim.chance(0.4)
            ? sim.clusterIn(region)
            : undefined),
      trueStart: a.start,
      trueEnd: endOf(a.start),
      hops: a.hops,
    }),
  );
  return { id, type: plan.type, causeChangeId: spec.changeId, origin, region, alerts, confounders };
}

/** One labelled data set: `options.faults` faults over `options.days` days of an estate of `options.services` services. */
export function generateDataset(seed: number, options: ScenarioOptions): CorrelationDataset {
  const random = seededRandom(seed);
  const world = generateWorld(random, options.services);
  const sim = new Simulation(random, world);
  const start = options.start;
  const end = start + options.days * DAY;
  // A day of history before the first fault, so the lookback is always full.
  background(sim, start - DAY, end);
  const noiseAlerts = noise(sim, start - DAY, end);
  const faults: Fault[] = [];
  const spacing = (end - start - 6 * HOUR) / options.faults;
  for (let i = 0; i < options.faults; i += 1) {
    const at = start + 3 * HOUR + i * spacing + sim.uniform(0, spacing * 0.5);
    faults.push(addFault(sim, `s${seed}-f${i + 1}`, at, options.faultMix ?? DEFAULT_FAULT_MIX));
  }
  const changeEvents = [...sim.changeEvents].sort((a, b) => a.arrivesAt - b.arrivesAt);
  return { seed, world, start, end, changeEvents, notifications: sim.notifications(), faults, noiseAlerts };
}

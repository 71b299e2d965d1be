/**
 * The data set of `npm run bench:suspects`: months of change events of a 500-service estate (the layered
 * graph of bench/correlation/world.ts) in three environments, produced in arrival order as the service
 * would receive them, and the alerts the benchmark asks suspects for. Deterministic for a seed.
 *
 * Rates are per service and day, by layer and kind. Production carries what a busy estate records:
 * deploys rolled out in waves, canaries and batches (some planned ahead in a change ticket), config
 * pushes, feature flags, experiments, and the autoscaler's actions per cluster, which are most of the
 * volume; some deploys fail or are rolled back. Staging and dev see CI-driven deploys and configuration.
 * Every environment also has changes without a service (infrastructure, shared config, databases).
 */
import { createHash } from 'node:crypto';
import type { AlertEvent } from '../../src/alerts/domain/alert-event';
import type { ChangeEventV1 } from '../../src/contracts/generated/change-event.v1';
import type { TopologyV1 } from '../../src/contracts/generated/topology.v1';
import { ServiceGraph } from '../../src/correlation/domain/topology';
import {
  generateWorld,
  NOISE_RULES,
  RULES,
  type AlertRule,
  type Layer,
  type World,
} from '../correlation/world';
import { seededRandom } from '../generators/change-events';

/** Bump when anything below changes what is generated: cached databases of another version are rebuilt. */
export const SUSPECTS_DATASET_VERSION = 4;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The first day of the data set; it lasts as many days as the requested number of events takes. */
export const DATASET_START = Date.parse('2026-06-01T00:00:00Z');
const SERVICES = 500;

type Kind = ChangeEventV1['kind'];
type Rates = Partial<Record<Kind, number>>;

interface EnvironmentSpec {
  readonly name: string;
  readonly regions: readonly string[];
  readonly clusters: Readonly<Record<string, readonly string[]>>;
  /** Changes per service and day. */
  readonly rates: Readonly<Record<Layer, Rates>>;
  /** Changes without a service, per day across the environment. */
  readonly broad: Rates;
  /** Production pipelines roll out in stages; staging and dev deploy in one go. */
  readonly staged: boolean;
}

function environments(world: World): EnvironmentSpec[] {
  const clusters = (prefix: string, regions: readonly string[]) =>
    Object.fromEntries(regions.map((r) => [r, [`${prefix}-${r}-a`, `${prefix}-${r}-b`]]));
  const serving = (deploy: number, config: number, flags: number, scaling: number): Rates => ({
    deploy,
    config,
    feature_flag: flags,
    scaling,
  });
  const staging = ['eu-west-1', 'us-east-1'];
  const dev = ['eu-west-1'];
  return [
    {
      name: 'production',
      regions: world.regions,
      clusters: world.clusters,
      rates: {
        edge: { ...serving(4, 2, 3, 24), experiment: 0.5, other: 0.2 },
        api: { ...serving(3, 2, 2, 18), experiment: 0.3, other: 0.2 },
        core: { ...serving(2.5, 2, 1, 12), other: 0.2 },
        data: { deploy: 0.3, config: 1, scaling: 3, database: 2, other: 0.2 },
      },
      broad: { infra: 40, config: 10, database: 4 },
      staged: true,
    },
    {
      name: 'staging',
      regions: staging,
      clusters: clusters('staging', staging),
      rates: {
        edge: serving(12, 4, 3, 12),
        api: serving(12, 4, 3, 12),
        core: serving(12, 4, 3, 12),
        data: { deploy: 1, config: 2, database: 3 },
      },
      broad: { infra: 20, config: 5 },
      staged: false,
    },
    {
      name: 'dev',
      regions: dev,
      clusters: clusters('dev', dev),
      rates: {
        edge: { deploy: 30, config: 4 },
        api: { deploy: 30, config: 4 },
        core: { deploy: 30, config: 4 },
        data: { database: 4, config: 2 },
      },
      broad: { infra: 10 },
      staged: false,
    },
  ];
}

const SOURCES: Readonly<Record<Kind, readonly string[]>> = {
  deploy: ['argo-cd', 'spinnaker', 'github-actions'],
  config: ['consul', 'config-service'],
  feature_flag: ['launchdarkly'],
  scaling: ['karpenter', 'keda', 'hpa-controller'],
  experiment: ['optimizely'],
  database: ['flyway', 'rds-console'],
  infra: ['terraform-cloud', 'crossplane'],
  other: ['jenkins'],
};

export interface TimedChangeEvent {
  readonly event: ChangeEventV1;
  /** When the service receives it: the true instant plus transport delay (occurredAt carries clock skew). */
  readonly arrivesAt: number;
  /** The last of its change's events to arrive (its steps can arrive out of order). */
  readonly closesChange: boolean;
}

/** A production change on a service, kept to place alerts shortly after real changes. */
export interface SampledChange {
  readonly changeId: string;
  readonly service: string;
  readonly region: string | undefined;
  readonly startedAt: number;
}

interface Step {
  readonly at: number;
  readonly phase: ChangeEventV1['phase'];
  readonly region?: string | undefined;
  readonly cluster?: string | undefined;
  readonly rollout?: ChangeEventV1['rollout'];
  readonly isRollback?: boolean;
}

interface ChangeSpec {
  readonly kind: Kind;
  readonly source: string;
  readonly service: string | undefined;
  readonly environment: EnvironmentSpec;
  readonly actor: NonNullable<ChangeEventV1['actor']>;
  readonly summary: string;
  readonly version?: ChangeEventV1['version'];
  readonly attributes?: ChangeEventV1['attributes'];
  readonly steps: readonly Step[];
}

class Random {
  constructor(readonly next: () => number) {}
  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
  normal(mean: number, sd: number): number {
    const u = Math.max(this.next(), 1e-12);
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  /** Knuth's method: fine for the small means used here. */
  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }
}

/**
 * Change events of the estate in arrival order, a day at a time, up to a given count. The world (and so
 * the topology) and the sampled changes come with it.
 */
export class SuspectsDataset {
  readonly world: World;
  readonly graph: ServiceGraph;
  private readonly random: Random;
  private readonly envs: readonly EnvironmentSpec[];
  private readonly skew = new Map<string, number>();
  private readonly versions = new Map<string, number>();
  private readonly sampled: SampledChange[] = [];
  private sampleSeen = 0;
  private nextChange = 0;
  private lastArrival = DATASET_START;

  constructor(readonly seed: number) {
    const next = seededRandom(seed);
    this.world = generateWorld(next, SERVICES);
    this.graph = ServiceGraph.fromEdges(this.world.edges);
    this.random = new Random(next);
    this.envs = environments(this.world);
    // Producers' clocks disagree a little (the ranking allows for skew).
    for (const source of [...new Set(Object.values(SOURCES).flat())].sort())
      this.skew.set(source, Math.max(-3 * MINUTE, Math.min(3 * MINUTE, this.random.normal(0, 40_000))));
  }

  /**
   * The dependency graph as a service catalogue publishes it (topology.v1). The store holds it from a day
   * before the first change, so "the topology at the alert's start" is this version, as in production.
   */
  get topology(): TopologyV1 {
    return {
      snapshotId: `bench-suspects-v${SUSPECTS_DATASET_VERSION}-s${this.seed}`,
      source: 'service-catalog',
      edges: this.world.edges.map(({ caller, dependency }) => ({ caller, dependency })),
    };
  }

  /** When the topology was recorded. */
  get topologyRecordedAt(): Date {
    return new Date(DATASET_START - DAY);
  }

  /** Up to 2,000 production changes on services (deploys, config, flags, migrations), sampled uniformly. */
  get samples(): readonly SampledChange[] {
    return this.sampled;
  }

  /** From DATASET_START to the arrival of the last event produced. */
  get span(): { readonly start: number; readonly end: number } {
    return { start: DATASET_START, end: this.lastArrival };
  }

  /** Batches in arrival order, `count` events in all. */
  *events(count: number): Generator<TimedChangeEvent[]> {
    let pending: TimedChangeEvent[] = [];
    let emitted = 0;
    for (let day = 0; emitted < count; day += 1) {
      const dayStart = DATASET_START + day * DAY;
      const generating = emitted + pending.length < count;
      if (generating) this.generateDay(dayStart, pending);
      else if (pending.length === 0) break;
      pending.sort((a, b) => a.arrivesAt - b.arrivesAt);
      // Changes of later days start no earlier than the next midnight, and are planned at most 2 h ahead:
      // everything that arrives before this horizon is final.
      const horizon = generating ? dayStart + DAY - 3 * HOUR : Number.POSITIVE_INFINITY;
      let ready = 0;
      while (ready < pending.length && (pending[ready] as TimedChangeEvent).arrivesAt < horizon) ready += 1;
      const batch = pending.slice(0, Math.min(ready, count - emitted));
      pending = pending.slice(ready);
      emitted += batch.length;
      const last = batch[batch.length - 1];
      if (last !== undefined) this.lastArrival = last.arrivesAt;
      if (batch.length > 0) yield batch;
    }
  }

  private generateDay(dayStart: number, out: TimedChangeEvent[]): void {
    const r = this.random;
    for (const env of this.envs) {
      for (const service of this.world.services) {
        for (const [kind, perDay] of Object.entries(env.rates[service.layer]) as [Kind, number][]) {
          for (let n = r.poisson(perDay); n > 0; n -= 1) {
            const change = this.build(kind, service.name, env, dayStart + r.uniform(0, DAY));
            this.emit(change, out);
            // Now and then on-call reverts a production deploy with a change of its own.
            if (kind === 'deploy' && env.staged && r.chance(0.015)) this.emit(this.revert(change), out);
          }
        }
      }
      for (const [kind, perDay] of Object.entries(env.broad) as [Kind, number][]) {
        for (let n = r.poisson(perDay); n > 0; n -= 1)
          this.emit(this.build(kind, undefined, env, dayStart + r.uniform(0, DAY)), out);
      }
    }
  }

  private build(kind: Kind, service: string | undefined, env: EnvironmentSpec, start: number): ChangeSpec {
    const r = this.random;
    const source = r.pick(SOURCES[kind]);
    const region = r.pick(env.regions);
    const cluster = () => r.pick(env.clusters[region] ?? [`${env.name}-${region}-a`]);
    const human = { type: 'human' as const, id: `eng${r.int(1, 400)}@example.com` };
    const base = { kind, source, service, environment: env };
    switch (kind) {
      case 'deploy': {
        const version = this.nextVersion(`${env.name}/${service ?? 'global'}`);
        const style = env.staged
          ? r.pick(['single', 'waves', 'waves', 'canary', 'batched'] as const)
          : 'single';
        let steps = this.deploySteps(style, start, env, region);
        if (env.staged && r.chance(0.3)) {
          steps = [{ at: start - r.uniform(15, 120) * MINUTE, phase: 'planned', region }, ...steps];
        }
        steps = this.outcome(steps, env);
        return {
          ...base,
          actor: { type: 'service', id: `${source}-pipeline` },
          summary: `Deploy ${service ?? 'platform'} ${version.to} (${style})`,
          version,
          attributes: { pipeline: `run-${this.nextChange + 1}`, commit: r.int(0, 0xfffffff).toString(16) },
          steps,
        };
      }
      case 'config': {
        const scoped = r.chance(0.5) ? region : undefined;
        return {
          ...base,
          actor: human,
          summary: `Config push to ${service ?? 'shared mesh config'}`,
          version: { from: `rev-${r.int(1000, 9999)}`, to: `rev-${r.int(1000, 9999)}` },
          steps: this.outcome(
            [
              { at: start, phase: 'started', region: scoped },
              { at: start + r.uniform(10, 90) * 1000, phase: 'succeeded', region: scoped },
            ],
            env,
          ),
        };
      }
      case 'feature_flag': {
        const flag = `${service ?? 'global'}.new-flow-${r.int(1, 99)}`;
        if (r.chance(0.2)) {
          const t1 = start + r.uniform(10, 40) * MINUTE;
          const t2 = t1 + r.uniform(10, 40) * MINUTE;
          return {
            ...base,
            actor: human,
            summary: `Flag ${flag} ramped to 100%`,
            steps: [
              { at: start, phase: 'started', rollout: { stage: 'ramp', percent: 10 } },
              { at: t1, phase: 'progressed', rollout: { stage: 'ramp', percent: 50 } },
              { at: t2, phase: 'progressed', rollout: { stage: 'ramp', percent: 100 } },
              { at: t2 + 1000, phase: 'succeeded' },
            ],
          };
        }
        return {
          ...base,
          actor: human,
          summary: `Flag ${flag} enabled`,
          steps: [
            { at: start, phase: 'started' },
            { at: start + 1000, phase: 'succeeded' },
          ],
        };
      }
      case 'scaling': {
        const where = cluster();
        return {
          ...base,
          actor: r.chance(0.9) ? { type: 'automation', id: `${source}-controller` } : human,
          summary: `Scale ${service ?? 'node pool'} from ${r.int(3, 20)} to ${r.int(4, 30)} replicas`,
          steps: [
            { at: start, phase: 'started', region, cluster: where },
            { at: start + r.uniform(1, 4) * MINUTE, phase: 'succeeded', region, cluster: where },
          ],
        };
      }
      case 'experiment':
        return {
          ...base,
          actor: human,
          summary: `Experiment on ${service ?? 'global'}: variant B at 10%`,
          steps: [
            { at: start, phase: 'started', rollout: { stage: 'experiment', percent: 10 } },
            {
              at: start + r.uniform(1, 3) * HOUR,
              phase: 'progressed',
              rollout: { stage: 'experiment', percent: 50 },
            },
          ],
        };
      case 'database': {
        const where = service === undefined ? `shared-pg-${region}` : `${service}-${region}`;
        return {
          ...base,
          actor: human,
          summary:
            service === undefined
              ? `Parameter group change on shared-pg-${region}`
              : `Migration V${r.int(100, 999)} on ${service}`,
          steps: this.outcome(
            [
              { at: start, phase: 'started', region, cluster: where },
              { at: start + r.uniform(2, 25) * MINUTE, phase: 'succeeded', region, cluster: where },
            ],
            env,
          ),
        };
      }
      case 'infra': {
        const scoped = r.chance(0.85) ? region : undefined;
        const where = scoped !== undefined && r.chance(0.5) ? cluster() : undefined;
        return {
          ...base,
          actor: human,
          summary: `Terraform apply: ${r.pick(['node pool upgrade', 'security group rules', 'load balancer listeners', 'NAT gateway', 'service mesh version'])}`,
          steps: [
            { at: start, phase: 'started', region: scoped, cluster: where },
            { at: start + r.uniform(3, 30) * MINUTE, phase: 'succeeded', region: scoped, cluster: where },
          ],
        };
      }
      case 'other':
        return {
          ...base,
          actor: human,
          summary: `Maintenance job on ${service ?? 'platform'}`,
          steps: [
            { at: start, phase: 'started', region },
            { at: start + r.uniform(1, 10) * MINUTE, phase: 'succeeded', region },
          ],
        };
    }
  }

  /** A separate change that returns the service to the version before `original`. */
  private revert(original: ChangeSpec): ChangeSpec {
    const r = this.random;
    const first = original.steps.find((step) => step.phase === 'started') ?? original.steps[0];
    const at = (first?.at ?? DATASET_START) + r.uniform(10, 60) * MINUTE;
    const region = first?.region;
    return {
      kind: original.kind,
      source: original.source,
      service: original.service,
      environment: original.environment,
      actor: { type: 'human', id: `oncall${r.int(1, 40)}@example.com` },
      summary: `Rollback ${original.service ?? 'platform'} to ${original.version?.from ?? 'the previous version'}`,
      ...(original.version?.from === undefined || original.version.to === undefined
        ? {}
        : { version: { from: original.version.to, to: original.version.from } }),
      steps: [
        { at, phase: 'started', region, isRollback: true },
        { at: at + r.uniform(2, 5) * MINUTE, phase: 'succeeded', region, isRollback: true },
      ],
    };
  }

  private deploySteps(
    style: 'single' | 'waves' | 'canary' | 'batched',
    start: number,
    env: EnvironmentSpec,
    region: string,
  ): Step[] {
    const r = this.random;
    switch (style) {
      case 'single': {
        const where = r.chance(0.5) ? r.pick(env.clusters[region] ?? [region]) : undefined;
        return [
          { at: start, phase: 'started', region, cluster: where },
          { at: start + r.uniform(3, 10) * MINUTE, phase: 'succeeded', region, cluster: where },
        ];
      }
      case 'waves': {
        const order = [region, ...env.regions.filter((x) => x !== region)];
        const steps: Step[] = [];
        let at = start;
        order.forEach((wave, i) => {
          steps.push({
            at,
            phase: i === 0 ? 'started' : 'progressed',
            region: wave,
            rollout: { stage: 'wave', batch: i + 1, totalBatches: order.length },
          });
          at += r.uniform(10, 30) * MINUTE;
        });
        steps.push({
          at: at - r.uniform(5, 9) * MINUTE,
          phase: 'succeeded',
          region: order[order.length - 1],
        });
        return steps;
      }
      case 'canary': {
        const where = r.pick(env.clusters[region] ?? [region]);
        const t1 = start + r.uniform(8, 20) * MINUTE;
        const t2 = t1 + r.uniform(8, 20) * MINUTE;
        return [
          { at: start, phase: 'started', region, cluster: where, rollout: { stage: 'canary', percent: 5 } },
          { at: t1, phase: 'progressed', region, cluster: where, rollout: { stage: 'canary', percent: 25 } },
          { at: t2, phase: 'progressed', region, rollout: { stage: 'full', percent: 100 } },
          { at: t2 + r.uniform(2, 5) * MINUTE, phase: 'succeeded', region },
        ];
      }
      case 'batched': {
        const steps: Step[] = [];
        let at = start;
        for (let batch = 1; batch <= 4; batch += 1) {
          steps.push({
            at,
            phase: batch === 1 ? 'started' : 'progressed',
            region,
            rollout: { stage: 'batch', batch, totalBatches: 4, percent: batch * 25 },
          });
          at += r.uniform(5, 15) * MINUTE;
        }
        steps.push({ at: at - r.uniform(3, 4) * MINUTE, phase: 'succeeded', region });
        return steps;
      }
    }
  }

  /** In production a few changes fail or are rolled back part-way (later steps never happen). */
  private outcome(steps: Step[], env: EnvironmentSpec): Step[] {
    if (!env.staged) return steps;
    const roll = this.random.next();
    if (roll >= 0.06) return steps;
    const first = steps.find((s) => s.phase !== 'planned');
    if (first === undefined) return steps;
    const phase = roll < 0.04 ? 'failed' : 'rolled_back';
    const at = first.at + this.random.uniform(2, 30) * MINUTE;
    const kept = steps.filter(
      (s) => s === first || s.phase === 'planned' || (s.at < at && s.phase !== 'succeeded'),
    );
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

  private nextVersion(key: string): { from: string; to: string } {
    const n = this.versions.get(key) ?? this.random.int(10, 90);
    this.versions.set(key, n + 1);
    return { from: `v2.${n}.0`, to: `v2.${n + 1}.0` };
  }

  private emit(spec: ChangeSpec, out: TimedChangeEvent[]): void {
    this.nextChange += 1;
    const changeId = `${spec.source}:${spec.service ?? 'global'}:${this.nextChange}`;
    const skew = this.skew.get(spec.source) ?? 0;
    const team =
      spec.service === undefined ? undefined : `team-${spec.service.split('-')[0] ?? spec.service}`;
    // Built field by field (conditional spreads cost more than the rest of the generator together).
    const timed = spec.steps.map(
      (step, i): { event: ChangeEventV1; arrivesAt: number; closesChange: boolean } => {
        const event: ChangeEventV1 = {
          eventId: `${changeId}:${i + 1}`,
          changeId,
          source: spec.source,
          kind: spec.kind,
          phase: step.phase,
          occurredAt: new Date(Math.round(step.at + skew + this.random.uniform(-2000, 2000))).toISOString(),
          environment: spec.environment.name,
        };
        if (spec.service !== undefined) event.service = spec.service;
        if (step.region !== undefined) event.region = step.region;
        if (step.cluster !== undefined) event.cluster = step.cluster;
        if (team !== undefined) event.team = team;
        event.actor = spec.actor;
        event.summary = spec.summary;
        if (spec.version !== undefined) event.version = spec.version;
        if (step.rollout !== undefined) event.rollout = step.rollout;
        if (step.isRollback === true) event.isRollback = true;
        if (spec.attributes !== undefined) event.attributes = spec.attributes;
        return { event, arrivesAt: step.at + this.random.uniform(500, 20_000), closesChange: false };
      },
    );
    let last = 0;
    timed.forEach((t, i) => {
      if (t.arrivesAt >= (timed[last] as TimedChangeEvent).arrivesAt) last = i;
    });
    (timed[last] as { closesChange: boolean }).closesChange = true;
    for (const t of timed) out.push(t);
    const started = spec.steps.find((s) => s.phase === 'started');
    if (
      spec.environment.name === 'production' &&
      spec.service !== undefined &&
      started !== undefined &&
      (spec.kind === 'deploy' ||
        spec.kind === 'config' ||
        spec.kind === 'feature_flag' ||
        spec.kind === 'database')
    ) {
      this.sample({ changeId, service: spec.service, region: started.region, startedAt: started.at });
    }
  }

  /** Reservoir sampling (algorithm R), driven by the data set's own random stream. */
  private sample(change: SampledChange): void {
    const size = 2_000;
    this.sampleSeen += 1;
    if (this.sampled.length < size) this.sampled.push(change);
    else {
      const slot = Math.floor(this.random.next() * this.sampleSeen);
      if (slot < size) this.sampled[slot] = change;
    }
  }
}

export interface BenchAlert {
  readonly event: AlertEvent;
  /** How it was placed: right after a sampled change (on its service or a caller), or anywhere. */
  readonly placement: 'after_change' | 'random' | 'no_service' | 'staging';
  readonly layer: Layer | undefined;
}

/**
 * `count` firing alerts in the data set's span (its first day left out so every lookback is full): half
 * a few minutes after a sampled production change, on its service or, cascading, on a caller; the rest at
 * random instants on random production services, a few without a service (cluster-wide) and a few in
 * staging. Fingerprints are unique, so each names one alert.
 */
export function generateAlerts(
  seed: number,
  world: World,
  graph: ServiceGraph,
  samples: readonly SampledChange[],
  span: { readonly start: number; readonly end: number },
  count: number,
): BenchAlert[] {
  const r = new Random(seededRandom(seed * 7919 + 17));
  const layerOf = new Map(world.services.map((s) => [s.name, s.layer] as const));
  const from = span.start + DAY;
  const to = span.end - 10 * MINUTE;
  if (to <= from) throw new Error('the data set spans less than a day: ask for more events');
  const usable = samples.filter((s) => s.startedAt >= from && s.startedAt + 40 * MINUTE <= to);
  const alerts: BenchAlert[] = [];
  const make = (
    placement: BenchAlert['placement'],
    service: string | undefined,
    environment: string,
    region: string,
    at: number,
  ): BenchAlert => {
    const layer = service === undefined ? undefined : layerOf.get(service);
    const rule: AlertRule =
      placement === 'random' && r.chance(0.4)
        ? r.pick(NOISE_RULES)
        : layer === undefined
          ? { name: 'NodeNotReady', severity: 'high', forMs: 5 * MINUTE }
          : r.pick(RULES[layer]);
    const cluster = r.pick(world.clusters[region] ?? [`prod-${region}-a`]);
    const labels: Record<string, string> = {
      alertname: rule.name,
      severity: rule.severity,
      env: environment,
      region,
    };
    if (service !== undefined) labels['service'] = service;
    if (service === undefined) labels['cluster'] = cluster;
    const fingerprint = createHash('sha256')
      .update(`${alerts.length}:${JSON.stringify(labels)}`)
      .digest('hex')
      .slice(0, 16);
    const event: AlertEvent = {
      fingerprint,
      source: 'alertmanager',
      status: 'firing',
      startsAt: new Date(Math.round(at)).toISOString(),
      name: rule.name,
      severity: rule.severity,
      environment,
      ...(service === undefined ? { cluster } : { service }),
      region,
      groupKey: `{}:{alertname="${rule.name}", region="${region}"}`,
      labels,
      annotations: { summary: `${rule.name} on ${service ?? cluster}` },
      generatorURL: `https://prometheus.${region}.example.com/graph?g0.expr=ALERTS`,
    };
    return { event, placement, layer };
  };
  const afterChange = usable.length === 0 ? 0 : Math.round(count * 0.5);
  for (let i = 0; i < afterChange; i += 1) {
    const change = r.pick(usable);
    const callers = [...graph.callers(change.service, 2).keys()];
    const service = callers.length > 0 && r.chance(0.5) ? r.pick(callers) : change.service;
    const region = change.region ?? r.pick(world.regions);
    alerts.push(
      make('after_change', service, 'production', region, change.startedAt + r.uniform(2, 30) * MINUTE),
    );
  }
  const noService = Math.round(count * 0.075);
  const staging = Math.round(count * 0.075);
  const services = world.services.map((s) => s.name);
  while (alerts.length < count - noService - staging) {
    alerts.push(make('random', r.pick(services), 'production', r.pick(world.regions), r.uniform(from, to)));
  }
  for (let i = 0; i < noService; i += 1)
    alerts.push(make('no_service', undefined, 'production', r.pick(world.regions), r.uniform(from, to)));
  for (let i = 0; i < staging; i += 1)
    alerts.push(make('staging', r.pick(services), 'staging', 'eu-west-1', r.uniform(from, to)));
  return alerts;
}

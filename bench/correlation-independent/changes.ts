/**
 * The changes of WORLD.md, as the true story of each: who made it, where, and when each step happened and
 * how much traffic the new state took. The background of the window (people in working hours, automation
 * at any time, release trains, staging ahead of production, the deploys that bring topology events about)
 * is drawn here; faults pick their causes among these and add the responses (faults.ts).
 */
import type { ChangeEventV1 } from '../../src/contracts/generated/change-event.v1';
import {
  DAY,
  HOUR,
  MINUTE,
  SECOND,
  dataCluster,
  isAlive,
  isWeekend,
  k8sCluster,
  workingInstant,
  type Estate,
  type Service,
  type Tier,
} from './estate';
import { Random } from './random';

export type Environment = 'production' | 'staging';

export interface Step {
  readonly at: number;
  readonly phase: ChangeEventV1['phase'];
  readonly rollout?: NonNullable<ChangeEventV1['rollout']>;
  readonly isRollback?: boolean;
}

export type RolloutStyle = 'all-at-once' | 'rolling' | 'canary' | 'instant' | 'percentage' | 'run';

export interface SimChange {
  readonly id: string;
  readonly source: string;
  readonly kind: ChangeEventV1['kind'];
  readonly environment: Environment;
  readonly service: string | undefined;
  readonly region: string | undefined;
  readonly cluster: string | undefined;
  readonly team: string;
  readonly actor: NonNullable<ChangeEventV1['actor']>;
  readonly summary: string;
  readonly version: ChangeEventV1['version'];
  readonly style: RolloutStyle;
  /** True time of each step; faults may cut a rollout short with a rolled_back step. */
  steps: Step[];
  /** When the new state takes which share of traffic. Empty: it never took any. */
  exposures: { readonly at: number; readonly percent: number }[];
  readonly isRollback: boolean;
  readonly isHotfix: boolean;
  readonly train: string | undefined;
  /** Scaling changes: which way. */
  readonly direction: 'up' | 'down' | undefined;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** Why it exists: the background, a train, a topology event, or a response to a fault. */
  readonly role: 'background' | 'train' | 'topology' | 'response';
}

export const startedAt = (change: SimChange): number =>
  (change.steps.find((s) => s.phase !== 'planned') ?? change.steps[0])?.at ?? 0;
export const endedAt = (change: SimChange): number => change.steps[change.steps.length - 1]?.at ?? 0;

interface Draft {
  readonly source: string;
  readonly kind: ChangeEventV1['kind'];
  readonly environment: Environment;
  readonly service?: string | undefined;
  readonly region?: string | undefined;
  readonly cluster?: string | undefined;
  readonly team: string;
  readonly actor: NonNullable<ChangeEventV1['actor']>;
  readonly summary: string;
  readonly version?: ChangeEventV1['version'];
  readonly isRollback?: boolean;
  readonly isHotfix?: boolean;
  readonly train?: string;
  readonly direction?: 'up' | 'down';
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
  readonly role: SimChange['role'];
}

const PEOPLE = [
  'alice',
  'bob',
  'chen',
  'dmitri',
  'esra',
  'farah',
  'gabriel',
  'hana',
  'ivan',
  'jo',
  'kemal',
  'lena',
];

/** Builds rollouts; one per data set, so change ids and versions count up across it. */
export class ChangeFactory {
  private sequence = 0;
  private readonly versions = new Map<string, number>();
  readonly changes: SimChange[] = [];

  constructor(private readonly random: Random) {}

  person(): NonNullable<ChangeEventV1['actor']> {
    const who = this.random.pick(PEOPLE);
    return { type: 'human', id: `${who}@shop.example` };
  }

  pipeline(source: string): NonNullable<ChangeEventV1['actor']> {
    return { type: 'service', id: `${source}-pipeline` };
  }

  /** The next (from, to) release of a service: from is what runs now. */
  nextRelease(service: string): { from: string; to: string } {
    const n = this.versions.get(service) ?? 40 + Math.floor(this.random.float() * 200);
    this.versions.set(service, n + 1);
    return { from: `1.${n}.0`, to: `1.${n + 1}.0` };
  }

  /** The release before the current one (what a rollback returns to). */
  currentRelease(service: string): string {
    return `1.${this.versions.get(service) ?? 40}.0`;
  }

  add(draft: Draft, style: RolloutStyle, steps: Step[], exposures: SimChange['exposures']): SimChange {
    this.sequence += 1;
    const scope = draft.service ?? draft.cluster ?? draft.region ?? 'global';
    const change: SimChange = {
      id: `${draft.source}.${draft.environment}.${scope}.${this.sequence}`,
      source: draft.source,
      kind: draft.kind,
      environment: draft.environment,
      service: draft.service,
      region: draft.region,
      cluster: draft.cluster,
      team: draft.team,
      actor: draft.actor,
      summary: draft.summary,
      version: draft.version,
      style,
      steps,
      exposures,
      isRollback: draft.isRollback ?? false,
      isHotfix: draft.isHotfix ?? false,
      train: draft.train,
      direction: draft.direction,
      attributes: draft.attributes ?? {},
      role: draft.role,
    };
    this.changes.push(change);
    return change;
  }

  /** A deploy of `draft` starting at `start`, in a rollout style drawn from WORLD.md's shares. */
  deploy(
    draft: Draft,
    start: number,
    style?: 'all-at-once' | 'rolling' | 'canary',
    planned?: number,
  ): SimChange {
    const r = this.random;
    const chosen = style ?? r.weighted({ rolling: 45, canary: 30, 'all-at-once': 25 });
    const steps: Step[] = planned === undefined ? [] : [{ at: planned, phase: 'planned' }];
    const exposures: { at: number; percent: number }[] = [];
    steps.push({ at: start, phase: 'started' });
    if (chosen === 'all-at-once') {
      const done = start + r.between(45, 150) * SECOND;
      exposures.push({ at: start + (done - start) * 0.8, percent: 100 });
      steps.push({ at: done, phase: 'succeeded' });
    } else if (chosen === 'rolling') {
      const total = r.int(2, 5);
      const interval = r.between(1, 4) * MINUTE;
      for (let batch = 1; batch <= total; batch += 1) {
        const at = start + batch * interval;
        const percent = Math.round((batch / total) * 100);
        steps.push({
          at,
          phase: 'progressed',
          rollout: { stage: 'batch', batch, totalBatches: total, percent },
        });
        exposures.push({ at: at - r.between(5, 20) * SECOND, percent });
      }
      steps.push({ at: start + total * interval + r.between(10, 30) * SECOND, phase: 'succeeded' });
    } else {
      const canary = start + r.between(30, 60) * SECOND;
      const half = canary + r.between(5, 15) * MINUTE;
      const full = half + r.between(3, 8) * MINUTE;
      steps.push({ at: canary, phase: 'progressed', rollout: { stage: 'canary', percent: 5 } });
      steps.push({ at: half, phase: 'progressed', rollout: { stage: 'canary', percent: 50 } });
      steps.push({ at: full, phase: 'progressed', rollout: { stage: 'full', percent: 100 } });
      steps.push({ at: full + r.between(10, 30) * SECOND, phase: 'succeeded' });
      exposures.push({ at: canary, percent: 5 }, { at: half, percent: 50 }, { at: full, percent: 100 });
    }
    return this.add(draft, chosen, steps, exposures);
  }

  /** A change that takes effect at once after a short apply (config, flag, scaling, migration). */
  instant(draft: Draft, start: number, applyMs: number): SimChange {
    const done = start + applyMs;
    return this.add(
      draft,
      'instant',
      [
        { at: start, phase: 'started' },
        { at: done, phase: 'succeeded' },
      ],
      [{ at: done, percent: 100 }],
    );
  }

  /** A flag rolled out to 10 %, 50 %, then everyone. */
  percentageFlag(draft: Draft, start: number): SimChange {
    const r = this.random;
    const half = start + r.between(5, 30) * MINUTE;
    const full = half + r.between(5, 30) * MINUTE;
    return this.add(
      draft,
      'percentage',
      [
        { at: start, phase: 'started', rollout: { stage: 'percentage', percent: 10 } },
        { at: half, phase: 'progressed', rollout: { stage: 'percentage', percent: 50 } },
        { at: full, phase: 'progressed', rollout: { stage: 'percentage', percent: 100 } },
        { at: full + SECOND, phase: 'succeeded' },
      ],
      [
        { at: start + SECOND, percent: 10 },
        { at: half, percent: 50 },
        { at: full, percent: 100 },
      ],
    );
  }

  /** An infrastructure run (terraform, cluster API): minutes long, takes effect part-way. */
  run(draft: Draft, start: number): SimChange {
    const r = this.random;
    const done = start + r.between(2, 15) * MINUTE;
    return this.add(
      draft,
      'run',
      [
        { at: start, phase: 'started' },
        { at: done, phase: 'succeeded' },
      ],
      [{ at: start + (done - start) * r.between(0.3, 1), percent: 100 }],
    );
  }
}

const DEPLOYS_PER_DAY: Readonly<Record<Tier, number>> = {
  domain: 1.5,
  edge: 1,
  platform: 0.6,
  data: 0.15,
  worker: 0.7,
};
const CONFIGS_PER_DAY: Readonly<Record<Tier, number>> = {
  domain: 0.5,
  edge: 0.3,
  platform: 0.6,
  data: 0.4,
  worker: 0.2,
};
const FLAGS_PER_DAY: Readonly<Record<Tier, number>> = {
  domain: 1.2,
  edge: 1.5,
  platform: 0,
  data: 0,
  worker: 0,
};
const FLAG_NAMES = [
  'new-checkout-flow',
  'fast-search',
  'one-click-buy',
  'async-pricing',
  'dark-mode',
  'v2-recommendations',
  'bulk-cart',
  'lazy-images',
  'grpc-client',
  'retry-budget',
];
const CONFIG_KEYS = [
  'pool.max_connections',
  'http.timeout_ms',
  'cache.ttl_seconds',
  'retry.max_attempts',
  'circuit_breaker.threshold',
  'log.level',
  'batch.size',
  'rate_limit.rps',
];

/** Production regions of a change: all of them in order, 10–40 min apart. */
function waves(estate: Estate, start: number, random: Random): { region: string; at: number }[] {
  let at = start;
  return estate.regions.map((region, i) => {
    if (i > 0) at += random.between(10, 40) * MINUTE;
    return { region, at };
  });
}

/**
 * A deploy of one release of `service`: staging first, then production region by region. The release's
 * version is shared by every region's change.
 */
function release(
  factory: ChangeFactory,
  estate: Estate,
  service: Service,
  start: number,
  random: Random,
  extra: { role: SimChange['role']; train?: string; planned?: number; regionGapMs?: number },
): SimChange[] {
  const version = factory.nextRelease(service.name);
  const source = service.deploySource;
  const actor = extra.train === undefined && random.chance(0.5) ? factory.person() : factory.pipeline(source);
  const base = {
    source,
    kind: 'deploy' as const,
    service: service.name,
    team: service.team,
    actor,
    version,
    role: extra.role,
    ...(extra.train === undefined ? {} : { train: extra.train }),
  };
  const out: SimChange[] = [];
  const staging = start - random.between(30, 180) * MINUTE;
  out.push(
    factory.deploy(
      {
        ...base,
        environment: 'staging',
        region: estate.stagingRegion,
        cluster: k8sCluster('staging', estate.stagingRegion),
        summary: `Deploy ${service.name} ${version.to} to staging`,
      },
      staging,
      'all-at-once',
    ),
  );
  const regions =
    extra.regionGapMs === undefined
      ? waves(estate, start, random)
      : estate.regions.map((region, i) => ({ region, at: start + i * (extra.regionGapMs ?? 0) }));
  for (const { region, at } of regions) {
    const cluster =
      service.tier === 'data' ? dataCluster('production', region) : k8sCluster('production', region);
    out.push(
      factory.deploy(
        {
          ...base,
          environment: 'production',
          region,
          cluster,
          summary: `Deploy ${service.name} ${version.to} to production ${region}`,
        },
        at,
        undefined,
        extra.planned === undefined ? undefined : extra.planned + (at - start),
      ),
    );
  }
  return out;
}

/** Benign deploys that fail (never reach traffic) or are rolled back for reasons of their own. */
function benignMishaps(changes: readonly SimChange[], random: Random): void {
  for (const change of changes) {
    if (change.kind !== 'deploy' || change.environment !== 'production' || change.exposures.length === 0)
      continue;
    const started = startedAt(change);
    if (random.chance(0.03)) {
      const at = started + random.between(1, 5) * MINUTE;
      change.steps = [
        ...change.steps.filter((s) => s.at < at && s.phase !== 'succeeded'),
        { at, phase: 'failed' },
      ];
      change.exposures = [];
    } else if (random.chance(0.01)) {
      const at = started + random.between(2, 12) * MINUTE;
      change.steps = [
        ...change.steps.filter((s) => s.at < at && s.phase !== 'succeeded'),
        { at, phase: 'rolled_back', isRollback: true },
      ];
      change.exposures = [...change.exposures.filter((e) => e.at < at), { at, percent: 0 }];
    }
  }
}

/** Every change of the window that no fault adds: WORLD.md's "Changes". */
export function backgroundChanges(
  estate: Estate,
  factory: ChangeFactory,
  seed: number,
  start: number,
  end: number,
): void {
  const random = new Random(seed, 'changes');
  const days = Math.ceil((end - start) / DAY);
  const inWindow = (at: number) => at >= start - 6 * HOUR && at < end;
  const first = factory.changes.length;
  for (let d = -1; d < days; d += 1) {
    const dayStart = start + d * DAY;
    const people = isWeekend(dayStart) ? 0.15 : 1;
    for (const service of estate.services) {
      const alive = (at: number) => isAlive(service, at) && inWindow(at);
      for (let i = random.poisson(DEPLOYS_PER_DAY[service.tier] * people); i > 0; i -= 1) {
        const at = workingInstant(dayStart, random);
        if (alive(at)) release(factory, estate, service, at, random, { role: 'background' });
      }
      for (let i = random.poisson(CONFIGS_PER_DAY[service.tier] * people * 1.3); i > 0; i -= 1) {
        const at = workingInstant(dayStart, random);
        if (!alive(at)) continue;
        const environment: Environment = random.chance(0.25) ? 'staging' : 'production';
        const global = environment === 'production' && random.chance(0.5);
        const region =
          environment === 'staging' ? estate.stagingRegion : global ? undefined : random.pick(estate.regions);
        const key = random.pick(CONFIG_KEYS);
        const revision = random.int(100, 9_999);
        factory.instant(
          {
            source: service.configSource,
            kind: 'config',
            environment,
            service: service.name,
            region,
            team: service.team,
            actor: factory.person(),
            summary: `Set ${key} on ${service.name}`,
            version: { from: `r${revision}`, to: `r${revision + 1}` },
            attributes: { key },
            role: 'background',
          },
          at,
          random.between(5, 40) * SECOND,
        );
      }
      for (let i = random.poisson(FLAGS_PER_DAY[service.tier] * people * 1.3); i > 0; i -= 1) {
        const at = workingInstant(dayStart, random);
        if (!alive(at)) continue;
        const environment: Environment = random.chance(0.25) ? 'staging' : 'production';
        const flag = `${service.name}.${random.pick(FLAG_NAMES)}`;
        const on = random.chance(0.7);
        const draft = {
          source: 'launchdarkly',
          kind: 'feature_flag' as const,
          environment,
          service: service.name,
          team: service.team,
          actor: factory.person(),
          summary: `Turn ${flag} ${on ? 'on' : 'off'}`,
          version: { from: on ? 'off' : 'on', to: on ? 'on' : 'off' },
          attributes: { flag },
          role: 'background' as const,
        };
        if (on && environment === 'production' && random.chance(0.3)) factory.percentageFlag(draft, at);
        else factory.instant(draft, at, random.between(1, 3) * SECOND);
      }
      if (service.autoscaled) {
        for (const region of estate.regions) {
          for (let i = random.poisson(random.between(2, 10)); i > 0; i -= 1) {
            const at = dayStart + random.between(0, DAY);
            if (!alive(at)) continue;
            const direction = random.chance(0.5) ? 'up' : 'down';
            const from = random.int(3, 12);
            const to = direction === 'up' ? from + random.int(1, 4) : Math.max(2, from - random.int(1, 3));
            factory.instant(
              {
                source: 'keda',
                kind: 'scaling',
                environment: 'production',
                service: service.name,
                region,
                cluster: k8sCluster('production', region),
                team: service.team,
                actor: { type: 'automation', id: 'keda-operator' },
                summary: `Scale ${service.name} ${direction} from ${from} to ${to} replicas`,
                version: { from: String(from), to: String(to) },
                direction,
                role: 'background',
              },
              at,
              random.between(20, 90) * SECOND,
            );
          }
        }
      }
      if (service.tier === 'data') {
        for (let i = random.poisson(0.15 * people); i > 0; i -= 1) {
          const at = workingInstant(dayStart, random);
          if (!alive(at)) continue;
          const region = random.pick(estate.regions);
          const direction = random.chance(0.5) ? 'up' : 'down';
          factory.run(
            {
              source: 'terraform-cloud',
              kind: 'scaling',
              environment: 'production',
              service: service.name,
              region,
              cluster: dataCluster('production', region),
              team: service.team,
              actor: factory.person(),
              summary: `Resize ${service.name} ${direction === 'up' ? 'up' : 'down'} one instance class`,
              direction,
              role: 'background',
            },
            at,
          );
        }
        if (service.name.endsWith('-db')) {
          for (let i = random.poisson(0.2 * people); i > 0; i -= 1) {
            const at = workingInstant(dayStart, random);
            if (!alive(at)) continue;
            const version = random.int(100, 400);
            factory.instant(
              {
                source: 'flyway',
                kind: 'database',
                environment: 'production',
                service: service.name,
                team: service.team,
                actor: factory.pipeline('flyway'),
                summary: `Migrate ${service.name} schema to V${version + 1}`,
                version: { from: `V${version}`, to: `V${version + 1}` },
                role: 'background',
              },
              at,
              random.between(1, 10) * MINUTE,
            );
          }
        }
      }
    }
    for (const region of estate.regions) {
      for (let i = random.poisson(3 * Math.max(people, 0.3)); i > 0; i -= 1) {
        const at = workingInstant(dayStart, random);
        if (!inWindow(at)) continue;
        const onStore = random.chance(0.2);
        const store = random.pick(estate.services.filter((s) => s.tier === 'data'));
        const what = random.pick([
          'node pool',
          'network policy',
          'load balancer',
          'ingress controller',
          'node image',
        ]);
        const cluster = onStore
          ? dataCluster('production', region)
          : random.chance(0.8)
            ? k8sCluster('production', region)
            : dataCluster('production', region);
        factory.run(
          {
            source: random.chance(0.6) ? 'terraform-cloud' : 'cluster-api',
            kind: 'infra',
            environment: 'production',
            service: onStore ? store.name : undefined,
            region,
            cluster,
            team: 'platform',
            actor: factory.person(),
            summary: onStore ? `Change ${store.name} ${what}` : `Change ${what} of ${cluster}`,
            role: 'background',
          },
          at,
        );
      }
    }
    // Release trains: siblings under one edge, within minutes of each other.
    if (!isWeekend(dayStart)) {
      const edges = estate.services.filter((s) => s.tier === 'edge');
      for (let t = random.int(2, 3); t > 0; t -= 1) {
        const at = workingInstant(dayStart, random);
        if (!inWindow(at) || edges.length === 0) continue;
        const edge = random.pick(edges);
        const siblings = estate.edges
          .filter((e) => e.caller === edge.name && e.from <= at && at < e.to)
          .map((e) => estate.services.find((s) => s.name === e.dependency))
          .filter((s): s is Service => s !== undefined && s.tier === 'domain' && isAlive(s, at));
        const members = random.sample(siblings, random.int(3, 8));
        const train = `train-${new Date(at).toISOString().slice(0, 16).replace(/[-:T]/g, '')}`;
        const spread = random.between(2, 10) * MINUTE;
        const regionGap = random.between(15, 30) * MINUTE;
        const planned = random.chance(0.3) ? at - random.between(5, 15) * MINUTE : undefined;
        members.forEach((member, i) => {
          const offset = members.length === 1 ? 0 : (spread * i) / (members.length - 1);
          release(factory, estate, member, at + offset, random, {
            role: 'train',
            train,
            regionGapMs: regionGap,
            ...(planned === undefined ? {} : { planned: planned + offset }),
          });
        });
      }
    }
  }
  // The deploys that bring topology events about (all regions at once: the edge is one fact).
  for (const event of estate.topologyEvents) {
    const services = event.kind === 'service-added' ? [event.service] : event.deployedBy;
    for (const name of services) {
      const service = estate.services.find((s) => s.name === name);
      if (service === undefined) continue;
      const startAt = event.at - random.between(1, 3) * MINUTE;
      release(factory, estate, { ...service, bornAt: -Infinity }, startAt, random, {
        role: 'topology',
        regionGapMs: 0,
      });
    }
  }
  benignMishaps(factory.changes.slice(first), random);
}

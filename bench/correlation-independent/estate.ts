/**
 * The estate of WORLD.md: services in tiers, the real call graph with the interval each edge exists,
 * which edges the catalogue declares, the alert rules each service carries (with its coverage gaps),
 * regions and clusters, and the topology events of the window (new edges, a decommissioned service, a
 * new service). Deterministic for a seed.
 */
import { Random } from './random';

export const SECOND = 1_000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type Tier = 'edge' | 'domain' | 'platform' | 'data' | 'worker';
export type Symptom = 'errors' | 'latency' | 'saturation';
export type Coverage = 'full' | 'errors-only' | 'latency-only' | 'saturation-only' | 'none';

export interface Rule {
  readonly name: string;
  readonly symptom: Symptom;
  readonly severity: 'critical' | 'high' | 'warning';
  /** From the condition holding to the alert firing: `for` plus evaluation and scrape lag (0–90 s). */
  readonly delayMs: number;
}

export interface Service {
  readonly name: string;
  readonly tier: Tier;
  readonly team: string;
  readonly deploySource: string;
  readonly configSource: string;
  readonly coverage: Coverage;
  readonly rules: readonly Rule[];
  /** Busy services have an autoscaler. */
  readonly autoscaled: boolean;
  /** Lifetime within the window (a new service is born, a retired one is gone). */
  readonly bornAt: number;
  readonly retiredAt: number;
}

export interface RealEdge {
  readonly caller: string;
  readonly dependency: string;
  /** The edge carries calls in [from, to). */
  readonly from: number;
  readonly to: number;
  /** Whether the service catalogue knows it. */
  readonly declared: boolean;
}

export interface TopologyEvent {
  readonly at: number;
  readonly kind: 'edge-added' | 'service-retired' | 'service-added';
  readonly service: string;
  /** Callers whose deploy brings the event about (the deploy is made at `at`). */
  readonly deployedBy: readonly string[];
}

export interface CatalogueVersion {
  /** When the graph it describes took effect in reality. */
  readonly effectiveAt: number;
  /** When the catalogue published it (lags reality). */
  readonly publishedAt: number;
  readonly edges: readonly { readonly caller: string; readonly dependency: string }[];
}

export interface Estate {
  readonly services: readonly Service[];
  readonly edges: readonly RealEdge[];
  readonly regions: readonly string[];
  readonly stagingRegion: string;
  readonly topologyEvents: readonly TopologyEvent[];
  readonly catalogue: readonly CatalogueVersion[];
}

const EDGE_NAMES = ['web-frontend', 'mobile-bff', 'public-api-gateway'];
const DOMAIN_NOUNS = [
  'checkout',
  'cart',
  'catalog',
  'search',
  'recommendations',
  'orders',
  'payments',
  'shipping',
  'inventory',
  'pricing',
  'promotions',
  'reviews',
  'wishlist',
  'accounts',
  'profile',
  'loyalty',
  'invoicing',
  'ledger',
  'refunds',
  'returns',
  'fulfilment',
  'warehouse',
  'tax',
  'currency',
  'fraud',
  'media',
  'content',
  'localisation',
  'store-locator',
  'gift-cards',
  'subscriptions',
  'billing',
  'quotes',
  'bookings',
  'availability',
  'routing',
  'tracking',
  'messaging',
  'ads',
  'customer-support',
];
const DOMAIN_QUALIFIERS = ['reader', 'writer', 'admin', 'sync', 'v2'];
const PLATFORM_NAMES = [
  'auth',
  'session',
  'rate-limiter',
  'feature-config',
  'notification-dispatch',
  'geo-ip',
  'image-resizer',
  'pdf-renderer',
  'audit-log',
  'secrets-broker',
  'id-generator',
  'email-gateway',
  'sms-gateway',
  'webhooks-out',
];
const DATA_NAMES: readonly { name: string; kind: 'db' | 'cache' | 'queue' | 'index' }[] = [
  { name: 'orders-db', kind: 'db' },
  { name: 'users-db', kind: 'db' },
  { name: 'events-queue', kind: 'queue' },
  { name: 'catalog-cache', kind: 'cache' },
  { name: 'session-cache', kind: 'cache' },
  { name: 'catalog-db', kind: 'db' },
  { name: 'search-index', kind: 'index' },
  { name: 'payments-db', kind: 'db' },
  { name: 'inventory-db', kind: 'db' },
  { name: 'cart-cache', kind: 'cache' },
  { name: 'ledger-db', kind: 'db' },
  { name: 'pricing-cache', kind: 'cache' },
  { name: 'analytics-queue', kind: 'queue' },
  { name: 'media-store', kind: 'db' },
  { name: 'profile-db', kind: 'db' },
  { name: 'rate-cache', kind: 'cache' },
  { name: 'shipping-db', kind: 'db' },
  { name: 'reviews-db', kind: 'db' },
  { name: 'audit-db', kind: 'db' },
  { name: 'content-cache', kind: 'cache' },
  { name: 'tracking-db', kind: 'db' },
  { name: 'billing-db', kind: 'db' },
  { name: 'fraud-features-cache', kind: 'cache' },
  { name: 'bookings-db', kind: 'db' },
  { name: 'loyalty-db', kind: 'db' },
  { name: 'quotes-db', kind: 'db' },
  { name: 'wishlist-cache', kind: 'cache' },
  { name: 'subscriptions-db', kind: 'db' },
  { name: 'tax-cache', kind: 'cache' },
  { name: 'returns-db', kind: 'db' },
];
const WORKER_NAMES = [
  'email-worker',
  'invoice-worker',
  'ledger-sync',
  'search-indexer',
  'thumbnail-worker',
  'export-worker',
  'reconciliation-worker',
  'webhook-worker',
  'report-builder',
  'cleanup-worker',
  'feed-builder',
  'sitemap-worker',
];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const TEAMS = ['storefront', 'commerce', 'fulfilment', 'identity', 'platform', 'data', 'growth', 'finance'];

const SATURATION_RULE = {
  db: 'DBConnectionsSaturated',
  cache: 'CacheEvictionsHigh',
  queue: 'ConsumerLagHigh',
  index: 'IndexQueueBacklog',
};

function ruleDelay(random: Random): number {
  // `for` of 0, 30 or 60 s, plus evaluation/scrape lag of up to 30 s.
  return random.pick([0, 30, 30, 60]) * SECOND + random.between(0, 30) * SECOND;
}

function rulesFor(coverage: Coverage, tier: Tier, saturationName: string, random: Random): Rule[] {
  const errors: Rule =
    tier === 'edge'
      ? { name: 'SLOBurnRateFast', symptom: 'errors', severity: 'critical', delayMs: ruleDelay(random) }
      : { name: 'HighErrorRate', symptom: 'errors', severity: 'high', delayMs: ruleDelay(random) };
  const latency: Rule = {
    name: 'HighLatencyP99',
    symptom: 'latency',
    severity: 'warning',
    delayMs: ruleDelay(random),
  };
  const saturation: Rule = {
    name: saturationName,
    symptom: 'saturation',
    severity: 'warning',
    delayMs: ruleDelay(random),
  };
  switch (coverage) {
    case 'full':
      return [errors, latency, saturation];
    case 'errors-only':
      return [errors];
    case 'latency-only':
      return [latency];
    case 'saturation-only':
      return [saturation];
    case 'none':
      return [];
  }
}

function coverageFor(tier: Tier, random: Random): Coverage {
  if (tier === 'edge') return 'full';
  if (tier === 'data') return random.chance(0.6) ? 'saturation-only' : 'none';
  if (tier === 'worker') return random.chance(0.5) ? 'none' : 'saturation-only';
  return random.weighted({ full: 40, 'errors-only': 15, 'latency-only': 15, none: 30 });
}

export function regionCount(services: number): number {
  return services <= 30 ? 1 : services <= 70 ? 2 : 3;
}

export const k8sCluster = (environment: string, region: string): string =>
  `${environment === 'production' ? 'prod' : 'stg'}-${region}-k8s`;
export const dataCluster = (environment: string, region: string): string =>
  `${environment === 'production' ? 'prod' : 'stg'}-${region}-data`;

/** Working minutes of a day, for events people make (08:00–18:30 UTC). */
export function workingInstant(dayStart: number, random: Random): number {
  return dayStart + 8 * HOUR + random.between(0, 10.5 * HOUR);
}

export function isWeekend(dayStart: number): boolean {
  const day = new Date(dayStart).getUTCDay();
  return day === 0 || day === 6;
}

export function buildEstate(seed: number, size: number, start: number, end: number): Estate {
  const random = new Random(seed, 'estate');
  const n = Math.max(12, size);
  const edgeCount = n <= 15 ? 1 : n <= 50 ? 2 : 3;
  const dataCount = Math.min(DATA_NAMES.length, Math.max(3, Math.round(n * 0.25)));
  const platformCount = Math.min(PLATFORM_NAMES.length, Math.max(1, Math.round(n * 0.12)));
  const workerCount = Math.min(WORKER_NAMES.length, Math.max(1, Math.round(n * 0.1)));
  const domainCount = n - edgeCount - dataCount - platformCount - workerCount;

  const domainNames: string[] = [];
  for (const noun of random.shuffled(DOMAIN_NOUNS))
    if (domainNames.length < domainCount) domainNames.push(noun);
  for (let i = 0; domainNames.length < domainCount; i += 1) {
    const noun = DOMAIN_NOUNS[i % DOMAIN_NOUNS.length] as string;
    const qualifier = DOMAIN_QUALIFIERS[
      Math.floor(i / DOMAIN_NOUNS.length) % DOMAIN_QUALIFIERS.length
    ] as string;
    domainNames.push(`${noun}-${qualifier}`);
  }
  const data = DATA_NAMES.slice(0, dataCount);
  const dataKind = new Map(data.map((d) => [d.name, d.kind]));
  const tiers: [string, Tier][] = [
    ...EDGE_NAMES.slice(0, edgeCount).map((s): [string, Tier] => [s, 'edge']),
    ...domainNames.map((s): [string, Tier] => [s, 'domain']),
    ...PLATFORM_NAMES.slice(0, platformCount).map((s): [string, Tier] => [s, 'platform']),
    ...data.map((d): [string, Tier] => [d.name, 'data']),
    ...WORKER_NAMES.slice(0, workerCount).map((s): [string, Tier] => [s, 'worker']),
  ];
  const deploySources = ['argo-cd', 'argo-cd', 'argo-cd', 'spinnaker', 'jenkins'];
  const baseServices = tiers.map(([name, tier]): Service => {
    const coverage = coverageFor(tier, random);
    const saturationName =
      tier === 'data'
        ? SATURATION_RULE[dataKind.get(name) ?? 'db']
        : tier === 'worker'
          ? 'ConsumerLagHigh'
          : 'SaturationHigh';
    return {
      name,
      tier,
      team: random.pick(TEAMS),
      deploySource: tier === 'data' ? 'terraform-cloud' : random.pick(deploySources),
      configSource: random.chance(0.7) ? 'consul' : 'config-service',
      coverage,
      rules: rulesFor(coverage, tier, saturationName, random),
      autoscaled: tier === 'edge' || ((tier === 'domain' || tier === 'platform') && random.chance(0.35)),
      bornAt: -Infinity,
      retiredAt: Infinity,
    };
  });

  // The call graph, as in WORLD.md.
  const edges = new Map<string, { caller: string; dependency: string; from: number; to: number }>();
  const link = (caller: string, dependency: string, from = -Infinity, to = Infinity): void => {
    if (caller === dependency) return;
    const key = `${caller}>${dependency}`;
    if (!edges.has(key)) edges.set(key, { caller, dependency, from, to });
  };
  const named = (tier: Tier) => baseServices.filter((s) => s.tier === tier).map((s) => s.name);
  const edgeServices = named('edge');
  const platform = named('platform');
  const stores = data.filter((d) => d.kind === 'db' || d.kind === 'index').map((d) => d.name);
  const caches = data.filter((d) => d.kind === 'cache').map((d) => d.name);
  const queues = data.filter((d) => d.kind === 'queue').map((d) => d.name);
  const sharedStores = stores.slice(0, 2);
  let ownStore = 2;
  for (const edge of edgeServices) {
    const share = random.between(0.4, 0.8);
    for (const domain of domainNames) if (random.chance(share)) link(edge, domain);
    link(edge, 'auth');
    for (const p of platform.slice(1, 3)) if (random.chance(0.5)) link(edge, p);
  }
  domainNames.forEach((domain, i) => {
    const later = domainNames.slice(i + 1);
    const calls = Math.min(later.length, random.pick([0, 1, 1, 2, 2, 3]));
    for (const dep of random.sample(later.slice(0, 8), calls)) link(domain, dep);
    if (random.chance(0.7)) link(domain, 'auth');
    for (const p of platform.slice(1)) if (random.chance(0.12)) link(domain, p);
    if (random.chance(0.6) || ownStore >= stores.length) link(domain, random.pick(sharedStores));
    else {
      link(domain, stores[ownStore] as string);
      ownStore += 1;
    }
    if (random.chance(0.25) && stores.length > 2) link(domain, random.pick(stores));
    if (caches.length > 0 && random.chance(0.35)) link(domain, random.pick(caches));
    if (queues.length > 0 && random.chance(0.25)) link(domain, random.pick(queues));
  });
  // Every domain service has a caller: an edge, or an earlier domain service.
  domainNames.forEach((domain, i) => {
    if ([...edges.values()].some((e) => e.dependency === domain)) return;
    const callers = [...edgeServices, ...domainNames.slice(Math.max(0, i - 4), i)];
    link(random.pick(callers), domain);
  });
  const usersDb = stores.includes('users-db') ? 'users-db' : (stores[0] as string);
  link('auth', usersDb);
  if (caches.includes('session-cache')) link('auth', 'session-cache');
  for (const p of platform.slice(1)) link(p, random.pick([...stores, ...caches]));
  for (const worker of named('worker')) {
    link(worker, queues[0] ?? random.pick(stores));
    link(worker, random.pick(stores));
    if (random.chance(0.4) && platform.length > 1) link(worker, random.pick(platform.slice(1)));
  }
  // Data stores nobody calls get a caller.
  for (const store of data.map((d) => d.name)) {
    if (![...edges.values()].some((e) => e.dependency === store)) link(random.pick(domainNames), store);
  }

  // Topology events of the window, on working hours of weekdays after the first 12 hours.
  const services = new Map(baseServices.map((s) => [s.name, s]));
  const topologyEvents: TopologyEvent[] = [];
  const eventDay = (): number => {
    for (;;) {
      const day = start + Math.floor(random.between(0.5, (end - start) / DAY - 0.5)) * DAY;
      const dayStart = day - ((day - start) % DAY);
      if (!isWeekend(dayStart)) return workingInstant(dayStart, random);
    }
  };
  const newEdges = 1 + Math.floor(n / 40);
  for (let i = 0; i < newEdges; i += 1) {
    const at = eventDay();
    const callerIndex = random.int(0, Math.max(0, domainNames.length - 2));
    const caller = domainNames[callerIndex] as string;
    const options = [...domainNames.slice(callerIndex + 1), ...caches, ...platform.slice(1)].filter(
      (d) => !edges.has(`${caller}>${d}`),
    );
    if (options.length === 0) continue;
    const dependency = random.pick(options);
    link(caller, dependency, at);
    topologyEvents.push({ at, kind: 'edge-added', service: dependency, deployedBy: [caller] });
  }
  if (n >= 40) {
    // Retire a domain service with few callers: they stop calling it (a deploy each), then it is gone.
    const candidates = domainNames.filter(
      (d) => [...edges.values()].filter((e) => e.dependency === d).length <= 2,
    );
    if (candidates.length > 0) {
      const retired = random.pick(candidates);
      const at = eventDay();
      const callers: string[] = [];
      for (const edge of edges.values()) {
        if (edge.dependency === retired || edge.caller === retired) {
          edge.to = at;
          if (edge.dependency === retired) callers.push(edge.caller);
        }
      }
      const before = services.get(retired);
      if (before !== undefined) services.set(retired, { ...before, retiredAt: at });
      topologyEvents.push({ at, kind: 'service-retired', service: retired, deployedBy: callers });
    }
  }
  if (n >= 30) {
    const name = 'returns-portal';
    const at = eventDay();
    const coverage = coverageFor('domain', random);
    services.set(name, {
      name,
      tier: 'domain',
      team: random.pick(TEAMS),
      deploySource: 'argo-cd',
      configSource: 'consul',
      coverage,
      rules: rulesFor(coverage, 'domain', 'SaturationHigh', random),
      autoscaled: false,
      bornAt: at,
      retiredAt: Infinity,
    });
    link(name, 'auth', at);
    link(name, random.pick(sharedStores), at);
    const caller = edgeServices[0] as string;
    link(caller, name, at + 30 * MINUTE);
    topologyEvents.push({ at, kind: 'service-added', service: name, deployedBy: [] });
    topologyEvents.push({ at: at + 30 * MINUTE, kind: 'edge-added', service: name, deployedBy: [caller] });
  }
  topologyEvents.sort((a, b) => a.at - b.at);

  const realEdges: RealEdge[] = [...edges.values()]
    .sort((a, b) =>
      a.caller === b.caller ? (a.dependency < b.dependency ? -1 : 1) : a.caller < b.caller ? -1 : 1,
    )
    .map((e) => ({ ...e, declared: !random.chance(0.03) }));

  const declaredAt = (at: number) =>
    realEdges
      .filter((e) => e.declared && e.from <= at && at < e.to)
      .map((e) => ({ caller: e.caller, dependency: e.dependency }));
  const catalogue: CatalogueVersion[] = [
    { effectiveAt: start - 7 * DAY, publishedAt: start - 7 * DAY, edges: declaredAt(start - 7 * DAY) },
    ...topologyEvents.map((event) => ({
      effectiveAt: event.at,
      publishedAt: event.at + random.between(10 * MINUTE, 6 * HOUR),
      edges: declaredAt(event.at),
    })),
  ];

  const regions = REGIONS.slice(0, regionCount(n));
  return {
    services: [...services.values()],
    edges: realEdges,
    regions,
    stagingRegion: regions[0] as string,
    topologyEvents,
    catalogue,
  };
}

/** The real graph at an instant: who calls `service` (its direct callers), via which edges. */
export function callersAt(estate: Estate, service: string, at: number): RealEdge[] {
  return estate.edges.filter((e) => e.dependency === service && e.from <= at && at < e.to);
}

/** The catalogue's graph as published by `at` (the last version published by then). */
export function catalogueAt(estate: Estate, at: number): CatalogueVersion {
  let current = estate.catalogue[0];
  for (const version of estate.catalogue)
    if (version.publishedAt <= at && version.effectiveAt >= (current?.effectiveAt ?? -Infinity))
      current = version;
  if (current === undefined) throw new Error('the catalogue has no version');
  return current;
}

export const isAlive = (service: Service, at: number): boolean =>
  service.bornAt <= at && at < service.retiredAt;

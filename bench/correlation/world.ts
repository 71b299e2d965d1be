/**
 * A synthetic production estate for the correlation harness: a layered service graph (edge → api → core →
 * data), regions with clusters, and the alert rules each layer carries. Deterministic for a seed.
 */
import type { DependencyEdge } from '../../src/correlation/domain/topology';

export type Layer = 'edge' | 'api' | 'core' | 'data';

export interface ServiceNode {
  readonly name: string;
  readonly layer: Layer;
  readonly team: string;
}

export interface AlertRule {
  readonly name: string;
  readonly severity: 'critical' | 'high' | 'warning' | 'info';
  /** Prometheus `for`: how long the condition must hold before the alert fires. */
  readonly forMs: number;
}

export interface World {
  readonly services: readonly ServiceNode[];
  readonly edges: readonly DependencyEdge[];
  readonly regions: readonly string[];
  readonly clusters: Readonly<Record<string, readonly string[]>>;
}

const MINUTE = 60_000;

const DOMAINS = [
  'checkout',
  'payments',
  'cart',
  'search',
  'catalog',
  'auth',
  'ledger',
  'shipping',
  'pricing',
  'fraud',
  'inventory',
  'orders',
  'accounts',
  'profile',
  'recommendations',
  'reviews',
  'notifications',
  'loyalty',
  'promotions',
  'billing',
  'invoicing',
  'tax',
  'geo',
  'media',
  'messaging',
  'identity',
  'sessions',
  'ratings',
  'wishlist',
  'returns',
  'refunds',
  'subscriptions',
  'support',
  'analytics',
  'feeds',
  'ads',
  'booking',
  'routing',
  'quotes',
  'risk',
  'fulfilment',
  'warehouse',
  'vendors',
  'catalogue-import',
  'coupons',
  'gifting',
  'kyc',
  'payouts',
  'settlement',
  'disputes',
];
const EDGE_NAMES = [
  'web-frontend',
  'mobile-bff',
  'partner-gateway',
  'admin-portal',
  'public-api',
  'checkout-web',
  'seller-portal',
  'tv-app-bff',
];
const DATA_KINDS = ['db', 'cache', 'queue', 'search-index', 'object-store'];

export const RULES: Readonly<Record<Layer, readonly AlertRule[]>> = {
  edge: [
    { name: 'SLOErrorBudgetBurn', severity: 'critical', forMs: 2 * MINUTE },
    { name: 'HighErrorRate', severity: 'critical', forMs: 5 * MINUTE },
    { name: 'HighLatencyP99', severity: 'high', forMs: 5 * MINUTE },
  ],
  api: [
    { name: 'HighErrorRate', severity: 'high', forMs: 5 * MINUTE },
    { name: 'HighLatencyP99', severity: 'warning', forMs: 5 * MINUTE },
    { name: 'UpstreamTimeouts', severity: 'high', forMs: 2 * MINUTE },
  ],
  core: [
    { name: 'HighErrorRate', severity: 'high', forMs: 5 * MINUTE },
    { name: 'HighLatencyP99', severity: 'warning', forMs: 10 * MINUTE },
    { name: 'PodCrashLooping', severity: 'high', forMs: 3 * MINUTE },
    { name: 'QueueBacklogGrowing', severity: 'warning', forMs: 10 * MINUTE },
  ],
  data: [
    { name: 'ConnectionsSaturated', severity: 'high', forMs: 5 * MINUTE },
    { name: 'SlowQueries', severity: 'high', forMs: 5 * MINUTE },
    { name: 'ReplicationLag', severity: 'warning', forMs: 10 * MINUTE },
    { name: 'HighCPU', severity: 'warning', forMs: 15 * MINUTE },
  ],
};

/** Alerts that fire on their own, with no change behind them (capacity, flaky checks, external causes). */
export const NOISE_RULES: readonly AlertRule[] = [
  { name: 'DiskSpaceLow', severity: 'warning', forMs: 30 * MINUTE },
  { name: 'CertificateExpiresSoon', severity: 'info', forMs: 0 },
  { name: 'HighLatencyP99', severity: 'warning', forMs: 5 * MINUTE },
  { name: 'HighErrorRate', severity: 'high', forMs: 5 * MINUTE },
  { name: 'ProbeFailing', severity: 'high', forMs: 2 * MINUTE },
  { name: 'HighCPU', severity: 'warning', forMs: 15 * MINUTE },
];

type Random = () => number;

const int = (random: Random, min: number, max: number): number =>
  min + Math.floor(random() * (max - min + 1));

function sample<T>(random: Random, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length > 0) {
    const i = Math.floor(random() * pool.length);
    out.push(pool.splice(i, 1)[0] as T);
  }
  return out;
}

/** Unique readable names: the pool first, then the pool again with a numeric suffix. */
function names(
  pool: readonly string[],
  count: number,
  suffix: (base: string) => string,
  random: Random,
): string[] {
  const out: string[] = [];
  const bases = sample(random, pool, pool.length);
  for (let round = 0; out.length < count; round += 1) {
    for (const base of bases) {
      if (out.length >= count) break;
      out.push(round === 0 ? suffix(base) : `${suffix(base)}-${round + 1}`);
    }
  }
  return out;
}

/**
 * A layered graph of `size` services: ~6% edge, 20% api, 49% core, 25% data. Edges call several apis;
 * apis call core services, a few hubs (auth, identity, sessions) most of all; core services call other
 * core services further down (a DAG) and one or two datastores; some apis read a cache directly.
 */
export function generateWorld(random: Random, size: number): World {
  const edgeCount = Math.max(3, Math.round(size * 0.06));
  const apiCount = Math.max(5, Math.round(size * 0.2));
  const dataCount = Math.max(6, Math.round(size * 0.25));
  const coreCount = size - edgeCount - apiCount - dataCount;
  const teamOf = (name: string) => `team-${name.split('-')[0] ?? name}`;
  const edge = names(EDGE_NAMES, edgeCount, (b) => b, random);
  const api = names(DOMAINS, apiCount, (b) => `${b}-api`, random);
  const hubs = ['auth', 'identity', 'sessions'];
  const coreRest = names(
    DOMAINS.filter((d) => !hubs.includes(d)),
    coreCount - hubs.length,
    (b) => `${b}-svc`,
    random,
  );
  const core = [...hubs.map((h) => `${h}-svc`), ...coreRest];
  const data = names(
    DOMAINS.flatMap((d) => DATA_KINDS.map((k) => `${d}-${k}`)),
    dataCount,
    (b) => b,
    random,
  );
  const services: ServiceNode[] = [
    ...edge.map((name) => ({ name, layer: 'edge' as const, team: teamOf(name) })),
    ...api.map((name) => ({ name, layer: 'api' as const, team: teamOf(name) })),
    ...core.map((name) => ({ name, layer: 'core' as const, team: teamOf(name) })),
    ...data.map((name) => ({ name, layer: 'data' as const, team: teamOf(name) })),
  ];
  const edges = new Map<string, DependencyEdge>();
  const link = (caller: string, dependency: string) => {
    if (caller !== dependency) edges.set(`${caller}>${dependency}`, { caller, dependency });
  };
  for (const e of edge) for (const a of sample(random, api, int(random, 3, 8))) link(e, a);
  for (const a of api) {
    if (![...edges.values()].some((x) => x.dependency === a))
      link(edge[int(random, 0, edge.length - 1)] ?? edge[0] ?? a, a);
    if (random() < 0.85) link(a, 'auth-svc');
    if (random() < 0.3) link(a, 'identity-svc');
    for (const c of sample(random, coreRest, int(random, 2, 5))) link(a, c);
    if (random() < 0.2) {
      const caches = data.filter((d) => d.includes('cache'));
      const cache = caches[int(random, 0, Math.max(0, caches.length - 1))];
      if (cache !== undefined) link(a, cache);
    }
  }
  link('auth-svc', 'sessions-svc');
  link('identity-svc', 'sessions-svc');
  core.forEach((c, i) => {
    const below = core.slice(Math.max(i + 1, hubs.length));
    for (const d of sample(random, below.slice(0, 40), int(random, 0, 3))) link(c, d);
  });
  // Each datastore has one owning core service, and some get a second reader.
  data.forEach((d, i) => {
    const owner = core[i % core.length] ?? core[0] ?? d;
    link(owner, d);
    if (random() < 0.35) link(core[int(random, 0, core.length - 1)] ?? owner, d);
  });
  for (const c of core) {
    if (![...edges.values()].some((x) => x.caller === c)) link(c, data[int(random, 0, data.length - 1)] ?? c);
  }
  const regions = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
  const clusters = Object.fromEntries(regions.map((r) => [r, [`prod-${r}-a`, `prod-${r}-b`]]));
  return { services, edges: [...edges.values()], regions, clusters };
}

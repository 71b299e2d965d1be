/**
 * Tracing and call-edge alerts of WORLD.md (optional): which services are instrumented, which call edges
 * the OpenTelemetry Collector's servicegraph connector measures and under which labels, the estate's edge
 * rules, and the edge alerts that faults and noise fire. Drawn from its own random streams and kept in a
 * book of its own, so that turning it on changes none of the base draws.
 */
import { AlertBook, busyHoursInstant, fingerprintOf, type SimAlert } from './alerts';
import type { Environment } from './changes';
import { DAY, HOUR, MINUTE, SECOND, isAlive, callersAt, type Estate, type Service } from './estate';
import type { Affected, FaultSpread, SimFault } from './faults';
import { Random } from './random';

export const EDGE_ERROR_RULE = 'ServiceGraphEdgeErrorRatio';
export const EDGE_LATENCY_RULE = 'ServiceGraphEdgeLatencyP99';
/** The rules' range: `rate(...[5m])`. */
const WINDOW = 5 * MINUTE;
/** Fewer sampled calls per window than this on one replica: a failure or two move the ratio by percents. */
const LOW_TRAFFIC_CALLS = 100;
const STAGING_TRAFFIC = 0.02;
const COLLECTOR_JOB = 'otel-collector';

/** The connector's `connection_type`; empty is dropped by Prometheus, so the label is absent. */
export type ConnectionType = '' | 'database' | 'virtual_node';

export interface EdgeErrorRule {
  /** Failed share of the 5-minute window above which the condition holds. */
  readonly threshold: number;
  readonly forMs: number;
  readonly severity: 'warning' | 'high';
}

export interface EdgeLatencyRule {
  readonly thresholdSeconds: number;
  /** Which of the connector's histograms the rule reads. */
  readonly histogram: 'server' | 'client';
  readonly forMs: number;
  readonly severity: 'warning';
}

/** A real edge behind a series; `caller` undefined for the real users of an edge service. */
export interface Route {
  readonly caller: string | undefined;
  readonly dependency: string;
}

/** One series of the connector's metrics (per replica it is several series, told apart by `instance`). */
export interface EdgeSeries {
  readonly client: string;
  readonly server: string;
  readonly connectionType: ConnectionType;
  readonly routes: readonly Route[];
  /** Whether the server or client histogram has values on this edge. */
  readonly serverLatency: boolean;
  readonly clientLatency: boolean;
  /** Calls per second in each production region, before sampling. */
  readonly callsPerSecond: number;
}

export interface TracingSetup {
  readonly instrumentedShare: number;
  readonly instrumented: readonly string[];
  /** Clients set `peer.service` on outgoing calls (names virtual nodes). */
  readonly peerService: boolean;
  /** Share of the spans reaching the connector. */
  readonly sampling: number;
  readonly scrapeMs: number;
  readonly evaluationMs: number;
  readonly flushMs: number;
  /** The collector replicas' scrape addresses (`instance`), per `environment/region`. */
  readonly collectors: Readonly<Record<string, readonly string[]>>;
  readonly errorRule: EdgeErrorRule | undefined;
  readonly latencyRule: EdgeLatencyRule | undefined;
  /**
   * The edge rules' `and rate(total[5m]) > guard` (sampled calls per second on one replica); undefined:
   * no guard.
   */
  readonly guardPerSecond: number | undefined;
  readonly series: readonly EdgeSeries[];
}

export interface TracingWorld {
  readonly setup: TracingSetup;
  /** Edge alerts each fault fired, by fault id. */
  readonly byFault: ReadonlyMap<string, readonly SimAlert[]>;
  readonly noise: readonly SimAlert[];
  /** Every edge alert, for Alertmanager. */
  readonly alerts: readonly SimAlert[];
}

type StoreKind = 'db' | 'cache' | 'queue' | 'index';

/** The data-store kind from the estate's naming (orders-db, catalog-cache, events-queue, search-index). */
function storeKind(name: string): StoreKind {
  if (name.endsWith('-cache')) return 'cache';
  if (name.endsWith('-queue')) return 'queue';
  if (name.endsWith('-index')) return 'index';
  return 'db';
}

const collectorKey = (environment: Environment, region: string): string => `${environment}/${region}`;

/** How the connector labels an edge of the real graph; undefined when it does not measure it. */
function measure(
  caller: Service,
  dependency: Service,
  instrumented: ReadonlySet<string>,
  peerService: boolean,
): Omit<EdgeSeries, 'routes' | 'callsPerSecond'> | undefined {
  const clientSpans = instrumented.has(caller.name);
  const serverSpans = instrumented.has(dependency.name);
  if (clientSpans && serverSpans)
    return {
      client: caller.name,
      server: dependency.name,
      connectionType: '',
      serverLatency: true,
      clientLatency: true,
    };
  if (!clientSpans && serverSpans)
    // No trace context arrives, so the server span is a root: the connector's `user` virtual node.
    return {
      client: 'user',
      server: dependency.name,
      connectionType: 'virtual_node',
      serverLatency: true,
      clientLatency: false,
    };
  if (!clientSpans) return undefined;
  const virtualNode = (server: string) => ({
    client: caller.name,
    server,
    connectionType: 'virtual_node' as const,
    serverLatency: false,
    clientLatency: true,
  });
  if (dependency.tier !== 'data') return peerService ? virtualNode(dependency.name) : undefined;
  switch (storeKind(dependency.name)) {
    case 'db':
      // `db.name` makes a database edge at once, named by the database, whatever peer.service says.
      return {
        client: caller.name,
        server: dependency.name.replace(/-(db|store)$/, '').replace(/-/g, '_'),
        connectionType: 'database',
        serverLatency: true,
        clientLatency: true,
      };
    case 'cache':
      return virtualNode(peerService ? dependency.name : 'redis');
    case 'index':
      return virtualNode(peerService ? dependency.name : 'elasticsearch');
    case 'queue':
      // Producer spans carry messaging.system, which names no virtual node by default.
      return peerService ? virtualNode(dependency.name) : undefined;
  }
}

const MEDIAN_CALLS: Readonly<Record<Service['tier'] | 'users', number>> = {
  edge: 30,
  platform: 15,
  domain: 8,
  worker: 2,
  data: 1,
  users: 150,
};

/** The estate's tracing and edge rules, as WORLD.md draws them. */
export function buildTracing(estate: Estate, seed: number): TracingSetup {
  const random = new Random(seed, 'tracing');
  const instrumentedShare = random.between(0.35, 0.85);
  const instrumented = new Set(
    estate.services
      .filter((s) => s.tier !== 'data' && random.chance(s.tier === 'edge' ? 0.9 : instrumentedShare))
      .map((s) => s.name),
  );
  const peerService = random.chance(0.5);
  const sampling = Number(random.weighted({ '1': 40, '0.25': 20, '0.1': 30, '0.05': 10 }));
  const scrapeMs = random.pick([15, 30, 30, 60]) * SECOND;
  const evaluationMs = random.pick([15, 30, 30, 60]) * SECOND;
  const flushMs = random.pick([5, 15, 60]) * SECOND;
  const services = estate.services.length;
  const replicas = services <= 30 ? (random.chance(0.7) ? 1 : 2) : random.int(2, 3);
  const podAddress = () => `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(2, 254)}:8889`;
  const collectors: Record<string, string[]> = {};
  for (const region of estate.regions)
    collectors[collectorKey('production', region)] = Array.from({ length: replicas }, podAddress);
  collectors[collectorKey('staging', estate.stagingRegion)] = [podAddress()];

  let errorRule: EdgeErrorRule | undefined;
  let latencyRule: EdgeLatencyRule | undefined;
  let guardPerSecond: number | undefined;
  if (random.chance(0.4)) {
    guardPerSecond = random.chance(0.6) ? random.pick([0.1, 0.5, 1]) : undefined;
    errorRule = {
      threshold: random.pick([0.01, 0.05, 0.05, 0.1]),
      forMs: random.pick([1, 2, 3, 5]) * MINUTE,
      severity: random.chance(0.75) ? 'warning' : 'high',
    };
    if (random.chance(0.5))
      latencyRule = {
        thresholdSeconds: random.pick([0.5, 1, 2]),
        histogram: random.chance(0.6) ? 'server' : 'client',
        forMs: 5 * MINUTE,
        severity: 'warning',
      };
  }

  const byName = new Map(estate.services.map((s) => [s.name, s]));
  const found = new Map<string, { shape: Omit<EdgeSeries, 'routes' | 'callsPerSecond'>; routes: Route[] }>();
  const collect = (shape: Omit<EdgeSeries, 'routes' | 'callsPerSecond'>, route: Route) => {
    const key = `${shape.client}>${shape.server}>${shape.connectionType}`;
    const entry = found.get(key) ?? { shape, routes: [] };
    entry.routes.push(route);
    found.set(key, entry);
  };
  for (const edge of estate.edges) {
    const caller = byName.get(edge.caller);
    const dependency = byName.get(edge.dependency);
    if (caller === undefined || dependency === undefined) continue;
    const shape = measure(caller, dependency, instrumented, peerService);
    if (shape !== undefined) collect(shape, { caller: edge.caller, dependency: edge.dependency });
  }
  for (const service of estate.services)
    if (service.tier === 'edge' && instrumented.has(service.name))
      collect(
        {
          client: 'user',
          server: service.name,
          connectionType: 'virtual_node',
          serverLatency: true,
          clientLatency: false,
        },
        { caller: undefined, dependency: service.name },
      );
  const series = [...found.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, { shape, routes }]): EdgeSeries => {
      const first = routes[0]?.caller;
      const tier = first === undefined ? 'users' : (byName.get(first)?.tier ?? 'domain');
      return { ...shape, routes, callsPerSecond: MEDIAN_CALLS[tier] * Math.exp(1.2 * random.normal()) };
    });

  return {
    instrumentedShare,
    instrumented: [...instrumented],
    peerService,
    sampling,
    scrapeMs,
    evaluationMs,
    flushMs,
    collectors,
    errorRule,
    latencyRule,
    guardPerSecond,
    series,
  };
}

/** Where one series is evaluated: a collector replica of an environment and region. */
interface Place {
  readonly environment: Environment;
  readonly region: string;
  readonly instance: string;
  /** Sampled calls per second of the series on this replica. */
  readonly sampledPerSecond: number;
}

function placesOf(
  setup: TracingSetup,
  series: EdgeSeries,
  environment: Environment,
  region: string,
): Place[] {
  const instances = setup.collectors[collectorKey(environment, region)] ?? [];
  const perReplica =
    environment === 'production'
      ? (series.callsPerSecond * setup.sampling) / instances.length
      : series.callsPerSecond * STAGING_TRAFFIC;
  return instances.map((instance) => ({ environment, region, instance, sampledPerSecond: perReplica }));
}

const lowTraffic = (place: Place): boolean => place.sampledPerSecond * (WINDOW / SECOND) < LOW_TRAFFIC_CALLS;

/** A traffic guard silences the series altogether, under a fault too (it is on total calls). */
const guarded = (setup: TracingSetup, place: Place): boolean =>
  setup.guardPerSecond !== undefined && place.sampledPerSecond <= setup.guardPerSecond;

const hasLatency = (rule: EdgeLatencyRule, series: EdgeSeries): boolean =>
  rule.histogram === 'server' ? series.serverLatency : series.clientLatency;

function edgeAlert(
  rule: { readonly name: string; readonly severity: SimAlert['severity'] },
  series: EdgeSeries,
  place: Place,
  service: string,
  trueStart: number,
  trueEnd: number,
  hops: number,
  faultId: string | undefined,
  summary: string,
): SimAlert {
  // What the rule yields on the scraped series: no service label, job and instance of the collector.
  const labels: Record<string, string> = {
    alertname: rule.name,
    client: series.client,
    server: series.server,
    ...(series.connectionType === '' ? {} : { connection_type: series.connectionType }),
    env: place.environment,
    region: place.region,
    severity: rule.severity,
    job: COLLECTOR_JOB,
    instance: place.instance,
  };
  return {
    name: rule.name,
    severity: rule.severity,
    service,
    environment: place.environment,
    region: place.region,
    cluster: undefined,
    fingerprint: fingerprintOf(labels),
    trueStart,
    trueEnd,
    hops,
    faultId,
    summary,
    labels,
  };
}

const errorSummary = (series: EdgeSeries, rule: EdgeErrorRule): string =>
  `Calls from ${series.client} to ${series.server} failing above ${Math.round(rule.threshold * 100)}% (5m)`;
const latencySummary = (series: EdgeSeries, rule: EdgeLatencyRule): string =>
  `p99 of calls from ${series.client} to ${series.server} above ${rule.thresholdSeconds}s (5m)`;

const logUniform = (random: Random, min: number, max: number): number =>
  Math.exp(random.between(Math.log(min), Math.log(max)));

/** From a symptom in responses to the connector's metric moving in Prometheus. */
function pipelineLag(setup: TracingSetup, random: Random): number {
  return (
    random.between(1, 6) * SECOND +
    2 * SECOND +
    random.between(0, setup.flushMs) +
    random.between(0, setup.scrapeMs)
  );
}

/**
 * When an edge rule on one replica fires and resolves, from when its condition becomes true and false;
 * undefined when the condition does not hold for the rule's `for`.
 */
function firing(
  conditionFrom: number,
  conditionTo: number,
  forMs: number,
  setup: TracingSetup,
  random: Random,
): { start: number; end: number } | undefined {
  const start = conditionFrom + random.between(0, setup.evaluationMs) + forMs;
  if (start >= conditionTo) return undefined;
  return { start, end: conditionTo + random.between(0, setup.evaluationMs) };
}

/** The real graph's route from `caller` to `dependency` is in force and both ends are alive. */
function routeAlive(
  estate: Estate,
  services: ReadonlyMap<string, Service>,
  route: Route,
  at: number,
): boolean {
  const dependency = services.get(route.dependency);
  if (dependency === undefined || !isAlive(dependency, at)) return false;
  if (route.caller === undefined) return true;
  const caller = services.get(route.caller);
  return (
    caller !== undefined &&
    isAlive(caller, at) &&
    callersAt(estate, route.dependency, at).some((e) => e.caller === route.caller)
  );
}

/**
 * The edge alerts of each fault: on every measured edge into each service its propagation affected, per
 * collector replica. An alert's `service` is the estate's service at the edge's server end (whatever the
 * `server` label calls it) and its `hops` that service's hops, so that it is scored like the fault's other
 * alerts.
 */
function faultEdgeAlerts(
  estate: Estate,
  setup: TracingSetup,
  fault: SimFault,
  spread: FaultSpread,
  book: AlertBook,
  random: Random,
): SimAlert[] {
  const errorRule = setup.errorRule;
  const latencyRule = setup.latencyRule;
  const out: SimAlert[] = [];
  // How bad the fault is as calls see it: the failing share at hop 0, the slow p99.
  const failingShare = logUniform(random, 0.03, 0.9);
  const slowP99Seconds = logUniform(random, 0.2, 8);
  const services = new Map(estate.services.map((s) => [s.name, s]));
  const byRoute = new Map<string, EdgeSeries>();
  for (const series of setup.series)
    for (const route of series.routes) byRoute.set(`${route.caller ?? ''}>${route.dependency}`, series);
  const affectedAt = new Map(spread.affected.map((a) => [`${a.region}/${a.service}`, a]));

  /** One series at one place: the rule fires if its condition, true from `from` to `to`, holds for `forMs`. */
  const fire = (
    rule: { readonly name: string; readonly severity: SimAlert['severity'] },
    forMs: number,
    series: EdgeSeries,
    place: Place,
    node: Affected,
    from: number,
    to: number,
    summary: () => string,
  ) => {
    const when = firing(from, to, forMs, setup, random);
    if (when === undefined) return;
    const alert = edgeAlert(
      rule,
      series,
      place,
      node.service,
      when.start,
      when.end,
      node.hops,
      fault.id,
      summary(),
    );
    if (book.add(alert)) out.push(alert);
  };
  const addError = (series: EdgeSeries, node: Affected, ratio: number) => {
    if (errorRule === undefined || ratio <= 0) return;
    for (const place of placesOf(setup, series, 'production', node.region)) {
      if (guarded(setup, place)) continue;
      const seen = ratio * random.between(0.7, 1.3);
      if (seen <= errorRule.threshold) continue;
      const from =
        node.visibleAt +
        pipelineLag(setup, random) +
        Math.max(setup.scrapeMs, (WINDOW * errorRule.threshold) / seen);
      const to = spread.fixedAt + pipelineLag(setup, random) + WINDOW * (1 - errorRule.threshold / seen);
      fire(
        { name: EDGE_ERROR_RULE, severity: errorRule.severity },
        errorRule.forMs,
        series,
        place,
        node,
        from,
        to,
        () => errorSummary(series, errorRule),
      );
    }
  };
  const addLatency = (series: EdgeSeries, node: Affected) => {
    if (latencyRule === undefined || !hasLatency(latencyRule, series)) return;
    const p99 = slowP99Seconds * random.between(0.5, 1.5);
    if (p99 <= latencyRule.thresholdSeconds) return;
    for (const place of placesOf(setup, series, 'production', node.region)) {
      if (guarded(setup, place)) continue;
      const from = node.visibleAt + pipelineLag(setup, random) + setup.scrapeMs;
      const to = spread.fixedAt + pipelineLag(setup, random) + WINDOW * random.between(0.8, 1);
      fire(
        { name: EDGE_LATENCY_RULE, severity: latencyRule.severity },
        latencyRule.forMs,
        series,
        place,
        node,
        from,
        to,
        () => latencySummary(series, latencyRule),
      );
    }
  };

  for (const node of spread.affected) {
    const server = services.get(node.service);
    if (server === undefined) continue;
    const routes: Route[] = callersAt(estate, node.service, node.visibleAt)
      .filter((e) => {
        const caller = services.get(e.caller);
        return caller !== undefined && isAlive(caller, node.visibleAt);
      })
      .map((e) => ({ caller: e.caller, dependency: e.dependency }));
    if (server.tier === 'edge') routes.push({ caller: undefined, dependency: node.service });
    const done = new Set<EdgeSeries>();
    for (const route of routes) {
      const series = byRoute.get(`${route.caller ?? ''}>${route.dependency}`);
      // Several callers behind one `user` series fail it once.
      if (series === undefined || done.has(series)) continue;
      done.add(series);
      if (node.symptom === 'errors') {
        const ratio =
          node.hops === 0
            ? random.chance(0.15)
              ? 0
              : failingShare * random.between(0.2, 1)
            : failingShare * random.between(0.1, 0.8);
        addError(series, node, ratio);
      } else {
        addLatency(series, node);
        // A caller one hop up that saw the slowness as errors timed its calls out on this edge.
        const caller =
          route.caller === undefined ? undefined : affectedAt.get(`${node.region}/${route.caller}`);
        if (caller !== undefined && caller.symptom === 'errors' && caller.hops === node.hops + 1)
          addError(series, node, random.between(0.02, 0.5));
      }
    }
  }
  return out;
}

/** Noise of WORLD.md's tracing section: series firing by themselves, traffic peaks, flaky dependencies. */
function noiseEdgeAlerts(
  estate: Estate,
  setup: TracingSetup,
  book: AlertBook,
  seed: number,
  start: number,
  end: number,
): SimAlert[] {
  const errorRule = setup.errorRule;
  const latencyRule = setup.latencyRule;
  const out: SimAlert[] = [];
  if (errorRule === undefined && latencyRule === undefined) return out;
  const random = new Random(seed, 'edge-noise');
  const services = new Map(estate.services.map((s) => [s.name, s]));
  const from = start - 6 * HOUR;
  const days = (end - from) / DAY;
  const instant = (): number => busyHoursInstant(random, from, end);
  /** The estate service a noise instance is about: one of the series' servers in force then. */
  const serverAt = (series: EdgeSeries, at: number): string | undefined => {
    const alive = series.routes.filter((r) => routeAlive(estate, services, r, at)).map((r) => r.dependency);
    const distinct = [...new Set(alive)];
    return distinct.length === 0 ? undefined : random.pick(distinct);
  };
  const add = (alert: SimAlert) => {
    if (book.add(alert)) out.push(alert);
  };
  const errorAlert = (
    rule: EdgeErrorRule,
    series: EdgeSeries,
    place: Place,
    service: string,
    at: number,
    until: number,
  ) =>
    edgeAlert(
      { name: EDGE_ERROR_RULE, severity: rule.severity },
      series,
      place,
      service,
      at,
      until,
      0,
      undefined,
      errorSummary(series, rule),
    );
  const latencyAlert = (
    rule: EdgeLatencyRule,
    series: EdgeSeries,
    place: Place,
    service: string,
    at: number,
    until: number,
  ) =>
    edgeAlert(
      { name: EDGE_LATENCY_RULE, severity: rule.severity },
      series,
      place,
      service,
      at,
      until,
      0,
      undefined,
      latencySummary(series, rule),
    );

  const environments: { environment: Environment; region: string }[] = [
    ...estate.regions.map((region) => ({ environment: 'production' as const, region })),
    { environment: 'staging', region: estate.stagingRegion },
  ];
  for (const series of setup.series) {
    for (const { environment, region } of environments) {
      for (const place of placesOf(setup, series, environment, region)) {
        if (guarded(setup, place)) continue;
        const quiet = lowTraffic(place);
        if (errorRule !== undefined) {
          // A lone failure leaves the 5-minute window before a 5-minute `for` has passed.
          const rate = quiet ? (errorRule.forMs >= WINDOW ? 0.1 : 0.3) : 0.02;
          for (let i = random.poisson(rate * days); i > 0; i -= 1) {
            const at = instant();
            const service = serverAt(series, at);
            if (service === undefined) continue;
            const lasts = quiet
              ? Math.max(0, WINDOW - errorRule.forMs) + random.between(1, 6) * MINUTE
              : random.between(5, 30) * MINUTE;
            add(errorAlert(errorRule, series, place, service, at, at + lasts));
          }
        }
        if (latencyRule !== undefined && hasLatency(latencyRule, series)) {
          for (let i = random.poisson((quiet ? 0.15 : 0.02) * days); i > 0; i -= 1) {
            const at = instant();
            const service = serverAt(series, at);
            if (service === undefined) continue;
            add(latencyAlert(latencyRule, series, place, service, at, at + random.between(5, 25) * MINUTE));
          }
        }
      }
    }
  }

  // Measured callers of each dependency, for episodes that hit one dependency's edges together.
  const intoDependency = new Map<string, EdgeSeries[]>();
  for (const series of setup.series)
    for (const dependency of new Set(series.routes.map((r) => r.dependency)))
      intoDependency.set(dependency, [...(intoDependency.get(dependency) ?? []), series]);
  const aliveInto = (dependency: string, at: number): EdgeSeries[] =>
    (intoDependency.get(dependency) ?? []).filter((s) =>
      s.routes.some((r) => r.dependency === dependency && routeAlive(estate, services, r, at)),
    );
  const dependencies = [...intoDependency.keys()].sort();

  // Traffic peaks: a busy dependency slows down; its callers' edges see latency and timeouts.
  for (let peak = random.poisson(1 * days); peak > 0; peak -= 1) {
    const at = instant();
    const region = random.pick(estate.regions);
    const busy = dependencies.filter((d) => aliveInto(d, at).length >= 3);
    if (busy.length === 0) continue;
    const dependency = random.pick(busy);
    const lasts = random.between(5, 20) * MINUTE;
    for (const series of random.sample(aliveInto(dependency, at), random.int(2, 6))) {
      const timeouts = random.chance(0.5);
      for (const place of placesOf(setup, series, 'production', region)) {
        if (guarded(setup, place)) continue;
        const begins = at + random.between(0, 3) * MINUTE;
        if (latencyRule !== undefined && hasLatency(latencyRule, series))
          add(latencyAlert(latencyRule, series, place, dependency, begins, begins + lasts));
        if (timeouts && errorRule !== undefined)
          add(errorAlert(errorRule, series, place, dependency, begins, begins + lasts));
      }
    }
  }

  // A flaky dependency whose callers retry: the edges fail, the services do not.
  if (errorRule !== undefined) {
    const flaky = dependencies.filter((d) => {
      const tier = services.get(d)?.tier;
      return tier === 'data' || tier === 'platform';
    });
    for (let episode = random.poisson(0.3 * days); episode > 0; episode -= 1) {
      const at = instant();
      const region = random.pick(estate.regions);
      if (flaky.length === 0) break;
      const dependency = random.pick(flaky);
      const lasts = random.between(10, 60) * MINUTE;
      for (const series of random.sample(aliveInto(dependency, at), random.int(1, 4)))
        for (const place of placesOf(setup, series, 'production', region)) {
          if (guarded(setup, place) || !random.chance(0.8)) continue;
          const begins = at + random.between(0, 2) * MINUTE;
          add(errorAlert(errorRule, series, place, dependency, begins, begins + lasts));
        }
    }
  }
  return out;
}

/**
 * The tracing part of the world for a data set whose faults are drawn: its setup, and the edge alerts
 * of each fault and of noise (faults first, so that noise never takes a series a fault fires).
 */
export function simulateTracing(
  estate: Estate,
  faults: readonly SimFault[],
  spreads: ReadonlyMap<string, FaultSpread>,
  seed: number,
  start: number,
  end: number,
): TracingWorld {
  const setup = buildTracing(estate, seed);
  const book = new AlertBook();
  const byFault = new Map<string, SimAlert[]>();
  const random = new Random(seed, 'edge-faults');
  for (const fault of faults) {
    const spread = spreads.get(fault.id);
    if (spread === undefined) throw new Error(`fault ${fault.id} has no recorded spread`);
    byFault.set(fault.id, faultEdgeAlerts(estate, setup, fault, spread, book, random));
  }
  const noise = noiseEdgeAlerts(estate, setup, book, seed, start, end);
  return { setup, byFault, noise, alerts: book.alerts };
}

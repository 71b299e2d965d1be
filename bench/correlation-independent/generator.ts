/**
 * The independent corpus: a data set of the world WORLD.md describes, in the harness's shape
 * (CorrelationDataset), plus the generator's own view (the real graph over time, alert coverage, counts)
 * for checks. Deterministic for a seed. Shares no code with bench/correlation/'s generator: only the
 * output types.
 */
import type { AlertInstance, CorrelationDataset, Fault } from '../correlation/scenarios';
import type { Layer, World } from '../correlation/world';
import { AlertBook, addNoise, notify, type SimAlert } from './alerts';
import { ChangeFactory, backgroundChanges, startedAt, type SimChange } from './changes';
import { publish, sourceSkews } from './emit';
import {
  DAY,
  MINUTE,
  buildEstate,
  catalogueAt,
  dataCluster,
  k8sCluster,
  type Estate,
  type Tier,
} from './estate';
import { injectFaults, type SimFault } from './faults';
import { Random } from './random';
import { INDEPENDENT_DAYS, INDEPENDENT_START, independentServicesFor } from './seeds';
import { simulateTracing, type TracingSetup } from './tracing';

/** Optional parts of the world (WORLD.md); each off unless asked for, and then the data set is unchanged. */
export interface IndependentWorldOptions {
  /** Distributed tracing with the servicegraph connector, and the estate's call-edge alerts if it has rules. */
  readonly edgeAlerts?: boolean | undefined;
}

export interface IndependentOptions extends IndependentWorldOptions {
  readonly services: number;
  readonly faults: number;
  readonly days: number;
  readonly start: number;
}

/** The optional parts the evaluation asks for through the environment: EVAL_EDGE_ALERTS=1. */
export function independentWorldOptionsFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): IndependentWorldOptions {
  return { edgeAlerts: env['EVAL_EDGE_ALERTS'] === '1' };
}

export interface TracingStats {
  readonly instrumentedServices: number;
  readonly measuredSeries: number;
  readonly hasEdgeRules: boolean;
  readonly faultEdgeAlerts: number;
  /** Faults with at least one edge alert on an edge into the changed service. */
  readonly faultsWithEdgeAlertIntoOrigin: number;
  /** Faults whose first alert was an edge alert. */
  readonly firstAlertOnEdge: number;
  readonly noiseEdgeAlerts: number;
  readonly edgeNotifications: number;
}

export interface IndependentStats {
  readonly services: number;
  readonly servicesWithoutAlertRules: number;
  readonly servicesErrorsOnly: number;
  readonly servicesLatencyOnly: number;
  readonly realEdges: number;
  readonly undeclaredEdges: number;
  readonly catalogueEdges: number;
  readonly topologyEvents: number;
  readonly productionChanges: number;
  readonly stagingChanges: number;
  readonly changeEvents: number;
  readonly faultAlerts: number;
  readonly noiseAlerts: number;
  readonly notifications: number;
  readonly faults: number;
  readonly undetectedFaults: number;
  /** Faults whose first alert fired on a caller, not on the changed service (or the change's scope). */
  readonly firstAlertOnCaller: number;
  /** Faults whose changed service fired no alert at all. */
  readonly originSilent: number;
  readonly byType: Readonly<Record<string, number>>;
  /** Only when the tracing part of the world is on. */
  readonly tracing?: TracingStats;
}

export interface IndependentDataset extends CorrelationDataset {
  readonly corpus: 'independent';
  readonly estate: Estate;
  /**
   * Every version the service catalogue published, with when it took effect and when it was published
   * (`world.edges` is the latest one published by the window's end): for a harness that gives the ranking the graph as of an instant.
   */
  readonly topologyVersions: Estate['catalogue'];
  readonly simFaults: readonly SimFault[];
  readonly badlySkewedSource: string;
  readonly stats: IndependentStats;
  /** Only when the tracing part of the world is on: its setup and every edge alert notified. */
  readonly tracing?: { readonly setup: TracingSetup; readonly edgeAlerts: readonly SimAlert[] };
}

const LAYER: Readonly<Record<Tier, Layer>> = {
  edge: 'edge',
  domain: 'api',
  platform: 'core',
  worker: 'core',
  data: 'data',
};

/** The harness's World: the services, and the graph as the catalogue had last published it. */
function worldOf(estate: Estate, end: number): World {
  return {
    services: estate.services.map((s) => ({ name: s.name, layer: LAYER[s.tier], team: s.team })),
    edges: catalogueAt(estate, end).edges.map((e) => ({ caller: e.caller, dependency: e.dependency })),
    regions: estate.regions,
    clusters: Object.fromEntries(
      estate.regions.map((r) => [r, [k8sCluster('production', r), dataCluster('production', r)]]),
    ),
  };
}

function concurrentConfounders(
  fault: SimFault,
  changes: readonly SimChange[],
  badlySkewed: string,
): string[] {
  const first = fault.alerts.reduce((a, b) => (b.trueStart < a.trueStart ? b : a));
  const out: string[] = [];
  const others = changes.filter((c) => c !== fault.cause && c.environment === 'production');
  if (
    first.service !== undefined &&
    others.some(
      (c) =>
        c.service === first.service &&
        (c.region === undefined || c.region === first.region) &&
        startedAt(c) <= first.trueStart &&
        startedAt(c) >= first.trueStart - 30 * MINUTE,
    )
  )
    out.push('change-on-alerting-service');
  const causeStart = startedAt(fault.cause);
  if (
    others.some(
      (c) =>
        c.kind === 'deploy' &&
        c.service !== fault.cause.service &&
        Math.abs(startedAt(c) - causeStart) <= 10 * MINUTE,
    )
  )
    out.push('deploys-within-10-min');
  if (fault.cause.source === badlySkewed) out.push('badly-skewed-source');
  return out;
}

export function generateIndependentDataset(seed: number, options: IndependentOptions): IndependentDataset {
  const start = options.start;
  const end = start + options.days * DAY;
  const estate = buildEstate(seed, options.services, start, end);
  const factory = new ChangeFactory(new Random(seed, 'factory'));
  backgroundChanges(estate, factory, seed, start, end);
  const book = new AlertBook();
  const { faults, undetected, spreads } = injectFaults(estate, factory, book, seed, {
    faults: options.faults,
    start,
    end,
  });
  addNoise(book, estate, seed, start, end);

  const { skews, badlySkewed } = sourceSkews(factory.changes, seed);
  const changeEvents = publish(factory.changes, skews, seed, end + 2 * 60 * MINUTE);
  const base = notify(book.alerts, seed, estate.regions);
  const { firstNotified, reported } = base;

  // Edge alerts go to Alertmanager on their own groups (their alertnames), drawn in their own stream.
  const tracing =
    options.edgeAlerts === true ? simulateTracing(estate, faults, spreads, seed, start, end) : undefined;
  const edgeNotified =
    tracing === undefined ? undefined : notify(tracing.alerts, seed, estate.regions, 'edge-notify');
  const notifications =
    edgeNotified === undefined
      ? base.notifications
      : [...base.notifications, ...edgeNotified.notifications].sort((a, b) => a.arrivesAt - b.arrivesAt);
  // An edge alert that resolved before its group was next notified was never seen firing.
  const edgeAlertsOf = (fault: SimFault): SimAlert[] =>
    (tracing?.byFault.get(fault.id) ?? []).filter((a) => edgeNotified?.firstNotified.has(a) === true);

  const instance = (alert: SimAlert): AlertInstance => {
    const edge = edgeNotified?.firstNotified.get(alert);
    const notifiedAt = edge ?? firstNotified.get(alert);
    if (notifiedAt === undefined) throw new Error(`alert ${alert.fingerprint} was never notified firing`);
    const times =
      edge !== undefined && edgeNotified !== undefined ? edgeNotified.reported(alert) : reported(alert);
    return {
      fingerprint: alert.fingerprint,
      startsAt: times.startsAt,
      endsAt: times.endsAt,
      service: alert.service,
      region: alert.region,
      trueStart: alert.trueStart,
      firstNotifiedAt: notifiedAt,
      hops: alert.hops,
    };
  };
  const harnessFaults: Fault[] = faults.map((fault) => {
    fault.confounders.push(...concurrentConfounders(fault, factory.changes, badlySkewed));
    const first = fault.alerts.reduce((a, b) => (b.trueStart < a.trueStart ? b : a));
    const edgeAlerts = edgeAlertsOf(fault);
    const edgeFirst = edgeAlerts.some((a) => a.trueStart < first.trueStart);
    return {
      id: fault.id,
      type: fault.type,
      causeChangeId: fault.cause.id,
      origin: fault.origin,
      region: first.region,
      alerts: [...fault.alerts, ...edgeAlerts].map(instance),
      confounders: edgeFirst ? [...fault.confounders, 'first-alert-on-edge'] : fault.confounders,
    };
  });
  const edgeNoise = (tracing?.noise ?? []).filter((a) => edgeNotified?.firstNotified.has(a) === true);
  const noise = [...book.alerts.filter((a) => a.faultId === undefined && firstNotified.has(a)), ...edgeNoise];

  const firstOf = (f: SimFault) => f.alerts.reduce((a, b) => (b.trueStart < a.trueStart ? b : a));
  const byType: Record<string, number> = {};
  for (const f of faults) byType[f.type] = (byType[f.type] ?? 0) + 1;
  const stats: IndependentStats = {
    services: estate.services.length,
    servicesWithoutAlertRules: estate.services.filter((s) => s.rules.length === 0).length,
    servicesErrorsOnly: estate.services.filter((s) => s.coverage === 'errors-only').length,
    servicesLatencyOnly: estate.services.filter((s) => s.coverage === 'latency-only').length,
    realEdges: estate.edges.length,
    undeclaredEdges: estate.edges.filter((e) => !e.declared).length,
    catalogueEdges: catalogueAt(estate, end).edges.length,
    topologyEvents: estate.topologyEvents.length,
    productionChanges: factory.changes.filter((c) => c.environment === 'production').length,
    stagingChanges: factory.changes.filter((c) => c.environment === 'staging').length,
    changeEvents: changeEvents.length,
    faultAlerts: harnessFaults.reduce((n, f) => n + f.alerts.length, 0),
    noiseAlerts: noise.length,
    notifications: notifications.length,
    faults: faults.length,
    undetectedFaults: undetected,
    firstAlertOnCaller: faults.filter((f) => firstOf(f).hops > 0).length,
    originSilent: faults.filter((f) => f.confounders.includes('origin-silent')).length,
    byType,
    ...(tracing === undefined || edgeNotified === undefined
      ? {}
      : {
          tracing: {
            instrumentedServices: tracing.setup.instrumented.length,
            measuredSeries: tracing.setup.series.length,
            hasEdgeRules: tracing.setup.errorRule !== undefined,
            faultEdgeAlerts: faults.reduce((n, f) => n + edgeAlertsOf(f).length, 0),
            faultsWithEdgeAlertIntoOrigin: faults.filter((f) =>
              edgeAlertsOf(f).some((a) => a.service === f.origin && a.hops === 0),
            ).length,
            firstAlertOnEdge: harnessFaults.filter((f) => f.confounders.includes('first-alert-on-edge'))
              .length,
            noiseEdgeAlerts: edgeNoise.length,
            edgeNotifications: edgeNotified.notifications.length,
          },
        }),
  };

  return {
    seed,
    corpus: 'independent',
    world: worldOf(estate, end),
    start,
    end,
    changeEvents,
    notifications,
    faults: harnessFaults,
    noiseAlerts: noise.map(instance),
    estate,
    topologyVersions: estate.catalogue,
    simFaults: faults,
    badlySkewedSource: badlySkewed,
    stats,
    ...(tracing === undefined
      ? {}
      : {
          tracing: {
            setup: tracing.setup,
            edgeAlerts: [...faults.flatMap(edgeAlertsOf), ...edgeNoise],
          },
        }),
  };
}

/**
 * The data set of an evaluation seed: its estate size from the ladder, the corpus's window, and the
 * optional parts of the world asked for (none by default).
 */
export function independentDatasetForSeed(
  seed: number,
  faults: number,
  world: IndependentWorldOptions = {},
): IndependentDataset {
  return generateIndependentDataset(seed, {
    services: independentServicesFor(seed),
    faults,
    days: INDEPENDENT_DAYS,
    start: INDEPENDENT_START,
    ...world,
  });
}

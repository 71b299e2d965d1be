// `npm run bench:suspects`: latency of GET /v1/alerts/{fingerprint}/suspects with 10 million change events
// in the store. The store is bulk-loaded once (bench/support/bulk-load.ts) into an embedded PostgreSQL
// under the OS temp dir and reused by later runs; the built service then runs on it as its own process
// (embedded transport, no Kafka), gets the topology and the alerts over HTTP, and answers suspects
// requests: sequentially and with 8 concurrent clients. An in-process pass with the service's own readers
// splits each request into its queries and the ranking, and EXPLAIN ANALYZE shows the slowest alert's
// queries. Results go to bench/results/suspects.{json,md}; nothing is asserted.
//
// BENCH_SUSPECTS_EVENTS (default 10,000,000) sizes the store; BENCH_SUSPECTS_CHAIN=valid computes the
// real hash chain while loading (slower); BENCH_SUSPECTS_REQUESTS (default 2,000) requests per run.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AlertsReadModel } from '../src/alerts/infrastructure/alerts.read-model';
import { ChangeTimelineQueries } from '../src/changes/change-timeline-queries';
import { alertSuspectsView } from '../src/correlation/http/suspect-views';
import { rankAlertSuspects } from '../src/correlation/domain/ranking';
import { CorrelationReader } from '../src/correlation/infrastructure/correlation.reader';
import { TopologyReader } from '../src/correlation/infrastructure/topology.reader';
import { ServiceGraph } from '../src/correlation/domain/topology';
import { SUSPECTS_CHECKPOINT } from '../src/correlation/infrastructure/suspects-projector';
import { dataSourceOptions } from '../src/database/data-source-options';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { seededRandom, shuffle } from './generators/change-events';
import { distribution, HttpClient, type Distribution, type Reply } from './support/http-latency';
import { machine } from './support/infra';
import { processCpuMicros, startBenchService, type BenchService } from './support/service';
import { generateAlerts, SuspectsDataset, type BenchAlert } from './support/suspects-dataset';
import { openSuspectsStore, type SuspectsManifest } from './support/suspects-store';

const ROOT = path.resolve(__dirname, '../..');
const EVENTS = Number(process.env['BENCH_SUSPECTS_EVENTS'] ?? 10_000_000);
const REQUESTS = Number(process.env['BENCH_SUSPECTS_REQUESTS'] ?? 2_000);
const CHAIN = process.env['BENCH_SUSPECTS_CHAIN'] === 'valid' ? 'valid' : 'placeholder';
const PG_PORT = Number(process.env['BENCH_SUSPECTS_PG_PORT'] ?? 55441);
const ALERTS = 200;
const CONCURRENCY = 8;
const SEED = 1;
const TARGET_P99_MS = 50;
const KEYS = {
  admin: 'bench-admin-key',
  reviewer: 'bench-reviewer-key',
  alerting: 'bench-alerting-key',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serviceBackends(db: Client): Promise<number[]> {
  const rows = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'change-audit:%'`,
  );
  return rows.rows.map((r) => r.pid);
}

interface Service {
  readonly process: BenchService;
  readonly http: HttpClient;
  readonly startupSeconds: number;
  stop(): Promise<void>;
}

/** The built service on the loaded store, embedded transport (no Kafka), with the bench's keys. */
async function startService(databaseUrl: string): Promise<Service> {
  const started = performance.now();
  const service = await startBenchService(
    {
      DATABASE_URL: databaseUrl,
      API_KEYS: JSON.stringify([
        { key: KEYS.admin, roles: ['admin'], name: 'bench-admin' },
        { key: KEYS.reviewer, roles: ['reviewer'], name: 'bench-reviewer' },
        { key: KEYS.alerting, roles: ['publisher'], sources: ['alertmanager'], name: 'bench-alerting' },
      ]),
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
    },
    180_000,
  );
  const http = new HttpClient(service.baseUrl, CONCURRENCY);
  return {
    process: service,
    http,
    startupSeconds: (performance.now() - started) / 1000,
    stop: async () => {
      http.close();
      await service.stop();
    },
  };
}

function expectStatus(reply: Reply, status: number, what: string): void {
  if (reply.status !== status) throw new Error(`${what}: HTTP ${reply.status} ${reply.body.slice(0, 500)}`);
}

/** Waits until the suspects projector has caught up with the store (it ranks the new alerts first). */
async function waitForProjector(db: Client): Promise<number> {
  const started = performance.now();
  for (;;) {
    const r = await db.query<{ lag: string }>(
      `SELECT ((SELECT coalesce(max(global_position), 0) FROM events) - c.position)::text AS lag
         FROM projection_checkpoints c WHERE c.name = $1`,
      [SUSPECTS_CHECKPOINT],
    );
    if (r.rows[0]?.lag === '0') return (performance.now() - started) / 1000;
    if (performance.now() - started > 600_000)
      throw new Error('suspects projector did not catch up in 10 min');
    await sleep(250);
  }
}

/** How far the signed checkpoints cover the store. */
async function sealedPosition(db: Client): Promise<bigint> {
  const r = await db.query<{ sealed: string }>(
    `SELECT coalesce(max(last_position), 0)::text AS sealed FROM audit_checkpoints`,
  );
  return BigInt(r.rows[0]?.sealed ?? '0');
}

/**
 * Waits until the signed checkpoints cover the whole store. A store loaded in bulk was never sealed, so a
 * service started on it first seals everything (as after an upgrade to signed checkpoints): that is work
 * of its own, measured here (from the service's start; `sealedBefore` is what was sealed then), not part
 * of a suspects request in a running installation.
 */
async function waitForSealer(
  db: Client,
  sealedBefore: bigint,
  startedAt: number,
  log: (line: string) => void,
): Promise<{ seconds: number; events: number }> {
  let lastLog = performance.now();
  for (;;) {
    const r = await db.query<{ head: string }>(
      `SELECT coalesce(max(global_position), 0)::text AS head FROM events`,
    );
    const head = BigInt(r.rows[0]?.head ?? '0');
    const sealed = await sealedPosition(db);
    if (sealed >= head)
      return { seconds: (performance.now() - startedAt) / 1000, events: Number(head - sealedBefore) };
    if (performance.now() - lastLog > 30_000) {
      log(`  sealed through ${sealed.toLocaleString('en')} of ${head.toLocaleString('en')}`);
      lastLog = performance.now();
    }
    if (performance.now() - startedAt > 1_800_000) throw new Error('the sealer did not catch up in 30 min');
    await sleep(1_000);
  }
}

interface Run {
  readonly concurrency: number;
  readonly latencyMs: Distribution;
  readonly requestsPerSecond: number;
  /** CPU per request of the service process and of its PostgreSQL backends (independent of other load). */
  readonly cpuPerRequestMs: { readonly service: number; readonly postgres: number };
  readonly loadAverage: number;
}

async function measure(
  service: Service,
  db: Client,
  paths: readonly string[],
  requests: number,
  concurrency: number,
): Promise<Run> {
  const backends = await serviceBackends(db);
  const serviceBefore = service.process.cpuMicros();
  const backendsBefore = backends.map(processCpuMicros);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const path = paths[next % paths.length] ?? '';
        next += 1;
        const reply = await service.http.request('GET', path, KEYS.reviewer);
        expectStatus(reply, 200, path);
        latencies.push(reply.ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const postgres = backends.reduce((sum, p, i) => sum + processCpuMicros(p) - (backendsBefore[i] ?? 0), 0);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    concurrency,
    latencyMs: distribution(latencies),
    requestsPerSecond: Math.round(requests / seconds),
    cpuPerRequestMs: {
      service: round((service.process.cpuMicros() - serviceBefore) / 1000 / requests),
      postgres: round(postgres / 1000 / requests),
    },
    loadAverage: round(os.loadavg()[0] ?? 0),
  };
}

interface AlertCost {
  readonly fingerprint: string;
  readonly placement: BenchAlert['placement'];
  readonly layer: string | null;
  readonly service: string | null;
  readonly neighbourServices: number;
  readonly changeRows: number;
  readonly eventRows: number;
  readonly candidates: number;
  /** Milliseconds, measured in-process with the service's own readers, one after the other. */
  readonly alertMs: number;
  readonly topologyMs: number;
  readonly changesQueryMs: number;
  readonly eventsQueryMs: number;
  readonly alertsAroundMs: number;
  readonly rankingMs: number;
  readonly viewMs: number;
  readonly totalMs: number;
}

interface RecordedQuery {
  readonly sql: string;
  readonly params: unknown[] | undefined;
  readonly ms: number;
  readonly rows: number;
}

/**
 * Each alert's request split into its parts, with the service's readers and domain code in this process
 * (queries recorded by wrapping DataSource.query). The service runs the candidate and corroborating
 * queries concurrently; here they run one after the other so each can be timed.
 */
async function breakdown(
  url: string,
  alerts: readonly BenchAlert[],
  passes: number,
): Promise<{ costs: AlertCost[]; explain: Record<string, string> }> {
  const dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  await dataSource.initialize();
  let recorded: RecordedQuery[] = [];
  const query = dataSource.query.bind(dataSource);
  dataSource.query = (async (sql: string, params?: unknown[]) => {
    const started = performance.now();
    const result: unknown = await query(sql, params);
    recorded.push({
      sql,
      params,
      ms: performance.now() - started,
      rows: Array.isArray(result) ? result.length : 0,
    });
    return result;
  }) as DataSource['query'];
  const store = new PostgresEventStore(dataSource);
  const reader = new CorrelationReader(
    new ChangeTimelineQueries(dataSource),
    new AlertsReadModel(dataSource, store),
    store,
  );
  const topology = new TopologyReader(store);
  const costs = new Map<string, AlertCost[]>();
  const queriesOf = new Map<string, RecordedQuery[]>();
  try {
    for (let pass = 0; pass < passes; pass += 1) {
      for (const { event, placement, layer } of alerts) {
        const t0 = performance.now();
        const alert = await reader.alert(event.fingerprint);
        if (alert === undefined) throw new Error(`alert ${event.fingerprint} not found`);
        const t1 = performance.now();
        const { version } = await topology.forRanking(new Date(alert.startsAt), alert.environment);
        const graph = version?.graph ?? ServiceGraph.empty();
        const t2 = performance.now();
        // As the service does: the alerts around first, since their incident peers add candidates.
        const window = reader.options.corroborationWindowMs;
        const around = await reader.alertsBetween(
          alert.startsAt - window,
          alert.startsAt + window,
          alert.environment,
        );
        const t3 = performance.now();
        recorded = [];
        const changes = await reader.candidateChanges([alert], graph, around);
        // By table, not by position: however many queries the reader makes on each.
        const on = (table: string) => recorded.filter((q) => new RegExp(`FROM ${table}\\b`).test(q.sql));
        const sum = (queries: readonly RecordedQuery[], pick: (q: RecordedQuery) => number) =>
          queries.reduce((total, q) => total + pick(q), 0);
        const changesQueries = on('changes');
        const eventsQueries = on('events');
        const t4 = performance.now();
        const ranking = rankAlertSuspects({ alert, changes, graph, alerts: around }, reader.options);
        const t5 = performance.now();
        const topologyUsed = { version: null, effectiveAt: null, environment: null, inForce: true };
        JSON.stringify(alertSuspectsView({ ...ranking, topology: topologyUsed }, 10, undefined));
        const t6 = performance.now();
        const neighbours =
          alert.service === undefined
            ? 0
            : new Set([
                ...graph.dependencies(alert.service, reader.options.maxDependencyHops).keys(),
                ...graph.callers(alert.service, reader.options.maxCallerHops).keys(),
              ]).size;
        const list = costs.get(event.fingerprint) ?? [];
        list.push({
          fingerprint: event.fingerprint,
          placement,
          layer: layer ?? null,
          service: alert.service ?? null,
          neighbourServices: neighbours,
          changeRows: sum(changesQueries, (q) => q.rows),
          eventRows: sum(eventsQueries, (q) => q.rows),
          candidates: ranking.suspects.length,
          alertMs: t1 - t0,
          topologyMs: t2 - t1,
          changesQueryMs: sum(changesQueries, (q) => q.ms),
          eventsQueryMs: sum(eventsQueries, (q) => q.ms),
          alertsAroundMs: t3 - t2,
          rankingMs: t5 - t4,
          viewMs: t6 - t5,
          totalMs: t6 - t0,
        });
        costs.set(event.fingerprint, list);
        queriesOf.set(event.fingerprint, [...changesQueries, ...eventsQueries]);
      }
    }
    // Per alert: the median over the passes (the first pass is the warm-up when there are several).
    const median = (list: readonly AlertCost[]): AlertCost => {
      const measured = list.length > 1 ? list.slice(1) : list;
      const sorted = [...measured].sort((a, b) => a.totalMs - b.totalMs);
      return sorted[Math.floor((sorted.length - 1) / 2)] ?? (list[0] as AlertCost);
    };
    const summary = [...costs.values()].map(median);
    const slowest = [...summary].sort((a, b) => b.totalMs - a.totalMs)[0];
    const explain: Record<string, string> = {};
    for (const [i, q] of (queriesOf.get(slowest?.fingerprint ?? '') ?? []).entries()) {
      const rows = await query<{ 'QUERY PLAN': string }[]>(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
      const table = `${i + 1}: ${/FROM (\w+)/.exec(q.sql)?.[1] ?? 'query'}`;
      // The id and service lists are long: keep their size, not their items.
      explain[table] = [q.sql.replace(/\s+/g, ' ').trim(), ...rows.map((r) => r['QUERY PLAN'])]
        .join('\n')
        .replace(/'\{([^}]{120,})\}'/g, (_, items: string) => `'{…${items.split(',').length} items}'`);
    }
    return { costs: summary, explain };
  } finally {
    await dataSource.destroy();
  }
}

function costSummary(costs: readonly AlertCost[]) {
  const of = (pick: (c: AlertCost) => number) => distribution(costs.map(pick));
  return {
    changeRows: of((c) => c.changeRows),
    eventRows: of((c) => c.eventRows),
    candidates: of((c) => c.candidates),
    alertMs: of((c) => c.alertMs),
    topologyMs: of((c) => c.topologyMs),
    changesQueryMs: of((c) => c.changesQueryMs),
    eventsQueryMs: of((c) => c.eventsQueryMs),
    alertsAroundMs: of((c) => c.alertsAroundMs),
    rankingMs: of((c) => c.rankingMs),
    viewMs: of((c) => c.viewMs),
    totalMs: of((c) => c.totalMs),
  };
}

async function storeFacts(db: Client): Promise<Record<string, number>> {
  const r = await db.query<{
    events: string;
    changes: string;
    production: string;
    events_bytes: string;
    changes_bytes: string;
  }>(
    `SELECT (SELECT coalesce(max(global_position), 0) FROM events)::text AS events,
            (SELECT reltuples::bigint FROM pg_class WHERE relname = 'changes')::text AS changes,
            (SELECT count(*) FROM changes WHERE environment = 'production')::text AS production,
            pg_total_relation_size('events')::text AS events_bytes,
            pg_total_relation_size('changes')::text AS changes_bytes`,
  );
  const row = r.rows[0];
  return {
    events: Number(row?.events ?? 0),
    changes: Number(row?.changes ?? 0),
    productionChanges: Number(row?.production ?? 0),
    eventsTableMiB: Math.round(Number(row?.events_bytes ?? 0) / 2 ** 20),
    changesTableMiB: Math.round(Number(row?.changes_bytes ?? 0) / 2 ** 20),
  };
}

async function main(): Promise<void> {
  const log = (line: string): void => {
    console.log(line);
  };
  const store = await openSuspectsStore({ events: EVENTS, seed: SEED, chain: CHAIN, port: PG_PORT, log });
  const db = new Client({ connectionString: store.url });
  let service: Service | undefined;
  try {
    await db.connect();
    const { manifest } = store;
    const dataset = new SuspectsDataset(SEED);
    const alerts = generateAlerts(
      SEED,
      dataset.world,
      dataset.graph,
      manifest.samples,
      manifest.span,
      ALERTS,
    );

    const sealedBefore = await sealedPosition(db);
    const serviceStartedAt = performance.now();
    log('starting the service...');
    service = await startService(store.url);
    const startupSeconds = service.startupSeconds;
    // The store holds this snapshot since before the first change: validated here, stored once.
    const topology = await service.http.request('PUT', '/v1/topology', KEYS.admin, dataset.topology);
    expectStatus(topology, 200, 'PUT /v1/topology');
    const posted = await service.http.request(
      'POST',
      '/v1/alerts',
      KEYS.alerting,
      alerts.map((a) => a.event),
    );
    expectStatus(posted, 202, 'POST /v1/alerts');
    const intake = JSON.parse(posted.body) as { accepted: unknown[]; rejected: unknown[] };
    if (intake.accepted.length !== alerts.length)
      throw new Error(`alerts rejected: ${JSON.stringify(intake.rejected).slice(0, 500)}`);
    const projectorSeconds = await waitForProjector(db);
    log(
      `topology and ${alerts.length} alerts in; suspects projector caught up in ${projectorSeconds.toFixed(1)} s`,
    );
    const sealing = await waitForSealer(db, sealedBefore, serviceStartedAt, log);
    log(
      `signed checkpoints cover the store ${sealing.seconds.toFixed(1)} s after the service started (${sealing.events} events sealed)`,
    );

    // Every alert once: the answer is right-shaped, and its candidate count goes in the results. These are
    // the first requests for each alert since the service and its PostgreSQL started: cold buffers (and a
    // cold OS page cache, when it was dropped before the run).
    const paths = alerts.map((a) => `/v1/alerts/${a.event.fingerprint}/suspects`);
    const candidates: number[] = [];
    const firstRequests: number[] = [];
    for (const p of paths) {
      const reply = await service.http.request('GET', p, KEYS.reviewer);
      expectStatus(reply, 200, p);
      candidates.push((JSON.parse(reply.body) as { candidates: number }).candidates);
      firstRequests.push(reply.ms);
    }
    const order = shuffle(paths, seededRandom(SEED));
    log('warm-up...');
    await measure(service, db, order, Math.max(ALERTS, REQUESTS / 4), 1);
    log(`${REQUESTS} sequential requests...`);
    const sequential = await measure(service, db, order, REQUESTS, 1);
    log(`  p50 ${sequential.latencyMs.p50} ms, p99 ${sequential.latencyMs.p99} ms`);
    log(`${REQUESTS} requests from ${CONCURRENCY} concurrent clients...`);
    const concurrent = await measure(service, db, order, REQUESTS, CONCURRENCY);
    log(`  p50 ${concurrent.latencyMs.p50} ms, p99 ${concurrent.latencyMs.p99} ms`);
    await service.stop();
    service = undefined;

    log('in-process breakdown...');
    const { costs, explain } = await breakdown(store.url, alerts, 3);
    const byPlacement = Object.fromEntries(
      (['after_change', 'random', 'no_service', 'staging'] as const).map((p) => [
        p,
        costSummary(costs.filter((c) => c.placement === p)),
      ]),
    );
    const byLayer = Object.fromEntries(
      ['edge', 'api', 'core', 'data'].map((l) => [
        l,
        costSummary(costs.filter((c) => c.layer === l && c.placement !== 'staging')),
      ]),
    );
    const result = {
      benchmark: 'suspects',
      date: new Date().toISOString(),
      machine: { ...machine(), postgres: store.postgres, loadAverageAtEnd: os.loadavg()[0] ?? 0 },
      store: {
        ...(await storeFacts(db)),
        dataDir: store.dataDir,
        loadedThisRun: store.loadedNow,
        ...describeManifest(manifest),
      },
      alerts: ALERTS,
      requests: REQUESTS,
      topology: { services: dataset.world.services.length, edges: dataset.topology.edges.length },
      serviceStartupSeconds: Math.round(startupSeconds * 10) / 10,
      projectorCatchUpSeconds: Math.round(projectorSeconds * 10) / 10,
      sealerCatchUp: { seconds: Math.round(sealing.seconds * 10) / 10, events: sealing.events },
      candidatesPerAlert: distribution(candidates),
      firstRequestPerAlertMs: distribution(firstRequests),
      sequential,
      concurrent,
      inProcess: { all: costSummary(costs), byLayer, byPlacement },
      slowestAlerts: [...costs].sort((a, b) => b.totalMs - a.totalMs).slice(0, 5),
      explainSlowest: explain,
      target: { p99Ms: TARGET_P99_MS, met: sequential.latencyMs.p99 <= TARGET_P99_MS },
    };
    writeFileSync(path.join(ROOT, 'bench/results/suspects.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(ROOT, 'bench/results/suspects.md'), markdown(result));
    console.log(markdown(result));
  } finally {
    await service?.stop();
    await db.end().catch(() => undefined);
    await store.stop();
  }
}

function describeManifest(manifest: SuspectsManifest) {
  const days = (manifest.span.end - manifest.span.start) / 86_400_000;
  return {
    generatorVersion: manifest.version,
    seed: manifest.seed,
    chain: manifest.chain,
    spanDays: Math.round(days * 10) / 10,
    from: new Date(manifest.span.start).toISOString(),
    to: new Date(manifest.span.end).toISOString(),
    eventsPerDay: Math.round(manifest.events / days),
    databaseGiB: Math.round((manifest.databaseBytes / 2 ** 30) * 10) / 10,
    load: {
      seconds: Math.round(manifest.load.seconds),
      phases: Object.fromEntries(Object.entries(manifest.load.phases).map(([k, v]) => [k, Math.round(v)])),
      settings: manifest.load.loadSettings,
      timelineRowsCheckedAgainstProjection: manifest.load.timelineCheck.checked,
      timelineRowsDiffering: manifest.load.timelineCheck.differing,
      at: manifest.createdAt,
    },
  };
}

function markdown(r: {
  date: string;
  machine: Record<string, string | number>;
  store: ReturnType<typeof describeManifest> & Record<string, unknown>;
  candidatesPerAlert: Distribution;
  firstRequestPerAlertMs: Distribution;
  sequential: Run;
  concurrent: Run;
  inProcess: { all: ReturnType<typeof costSummary>; byLayer: Record<string, ReturnType<typeof costSummary>> };
  target: { p99Ms: number; met: boolean };
  alerts: number;
  requests: number;
  topology: { services: number; edges: number };
  sealerCatchUp: { seconds: number; events: number };
  serviceStartupSeconds: number;
}): string {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  const ms = (d: Distribution) => `${d.p50} | ${d.p95} | **${d.p99}** | ${d.max}`;
  const s = r.store;
  const part = (name: string, d: Distribution) => `| ${name} | ${d.p50} | ${d.p95} | ${d.p99} | ${d.max} |`;
  const a = r.inProcess.all;
  return [
    `| GET /v1/alerts/{fingerprint}/suspects, ${f(Number(s['events']))} events in the store | p50 ms | p95 ms | p99 ms | max ms | req/s | CPU/request: service, PostgreSQL |`,
    '|---|---:|---:|---:|---:|---:|---:|',
    `| sequential (1 client), ${f(r.requests)} requests | ${ms(r.sequential.latencyMs)} | ${f(r.sequential.requestsPerSecond)} | ${r.sequential.cpuPerRequestMs.service} ms, ${r.sequential.cpuPerRequestMs.postgres} ms |`,
    `| ${CONCURRENCY} concurrent clients, ${f(r.requests)} requests | ${ms(r.concurrent.latencyMs)} | ${f(r.concurrent.requestsPerSecond)} | ${r.concurrent.cpuPerRequestMs.service} ms, ${r.concurrent.cpuPerRequestMs.postgres} ms |`,
    `| first request for each alert after start-up (cold buffers), ${f(r.alerts)} requests | ${ms(r.firstRequestPerAlertMs)} | | |`,
    '',
    `Target p99 ≤ ${r.target.p99Ms} ms (sequential): **${r.target.met ? 'met' : 'not met'}**. ` +
      `Machine load average during the runs: ${r.sequential.loadAverage} / ${r.concurrent.loadAverage} (2 cores shared with other work).`,
    '',
    `${r.alerts} alerts (half a few minutes after a production change on their service or a dependency, the rest ` +
      `anywhere; a few without a service, a few in staging), requested round-robin; candidates per alert: ` +
      `p50 ${r.candidatesPerAlert.p50}, p99 ${r.candidatesPerAlert.p99}, max ${r.candidatesPerAlert.max}. ` +
      `The topology (${f(r.topology.services)} services, ${f(r.topology.edges)} edges) was recorded before the ` +
      `first change, so it is the version in force at every alert's start. Service start-up on this store: ` +
      `${r.serviceStartupSeconds} s. A store loaded in bulk is not sealed: the service seals it into signed ` +
      `checkpoints at start-up (in this run ${f(r.sealerCatchUp.events)} events, covered ${r.sealerCatchUp.seconds} s ` +
      `after the service started; none when an earlier run had sealed them), and the requests are measured after that.`,
    '',
    "Where a request goes (in-process, the service's readers and ranking, per alert):",
    '',
    '| part | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---:|---:|---:|---:|',
    part('alert by fingerprint', a.alertMs),
    part('topology', a.topologyMs),
    part('candidate changes: queries on `changes`', a.changesQueryMs),
    part('rollout steps from `events` (only rows kept without steps)', a.eventsQueryMs),
    part('alerts around (corroboration)', a.alertsAroundMs),
    part('ranking (domain)', a.rankingMs),
    part('response view + JSON', a.viewMs),
    part('**total**', a.totalMs),
    part('rows read from `changes`', a.changeRows),
    part('rows read from `events`', a.eventRows),
    '',
    '| alerting service layer | alerts | change rows p50 / max | total ms p50 / p99 |',
    '|---|---:|---:|---:|',
    ...Object.entries(r.inProcess.byLayer).map(
      ([layer, c]) =>
        `| ${layer} | ${c.totalMs.count} | ${c.changeRows.p50} / ${c.changeRows.max} | ${c.totalMs.p50} / ${c.totalMs.p99} |`,
    ),
    '',
    `Store: ${f(Number(s['events']))} change events (${f(Number(s['changes']))} changes, ${f(Number(s['productionChanges']))} in production) ` +
      `over ${s.spanDays} days (${s.from.slice(0, 10)} to ${s.to.slice(0, 10)}, ${f(s.eventsPerDay)} events/day), 500 services, ` +
      `3 environments; events table ${f(Number(s['eventsTableMiB']))} MiB, changes ${f(Number(s['changesTableMiB']))} MiB. ` +
      `Bulk-loaded in ${f(s.load.seconds)} s (${Object.entries(s.load.phases)
        .map(([k, v]) => `${k} ${v} s`)
        .join(', ')}) ` +
      `with ${s.load.settings.join(', ')} during the load only; hash chain: ${s.chain}; ` +
      `${s.load.timelineRowsCheckedAgainstProjection} timeline rows re-projected by ChangeTimelineProjection, ${s.load.timelineRowsDiffering} differing.`,
    '',
    `Machine: ${String(r.machine['cpu'])}, ${String(r.machine['cores'])} cores, ${String(r.machine['memoryGiB'])} GiB, ` +
      `${String(r.machine['os'])}, Node ${String(r.machine['node'])}, PostgreSQL ${String(r.machine['postgres'])} ` +
      `(embedded, default settings while measuring). ${r.date}`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// `npm run bench:store-scale`: the audit store's reads on large stores, at two sizes so that how each
// figure grows can be read off: the store is the suspects benchmark's (bench/support/suspects-store.ts,
// loaded once with the real leaf hashes and cached under the OS temp dir), the built service runs on it
// and first seals the whole store into signed checkpoints (the sealer's rate on a backlog), then answers,
// sequentially:
// - GET /v1/audit/proof/{namespace}/{eventId} for events picked at random over the whole store;
// - GET /v1/changes for one service and its dependencies (neighbours=true), the last 2 hours of the
//   data set, 100 rows.
// Latency percentiles, and the service's and the PostgreSQL backends' CPU per request, go to
// bench/results/store-scale.{json,md}; nothing is asserted.
//
// BENCH_SCALE_EVENTS: the sizes, comma-separated (default 1,000,000 and 10,000,000; the larger load takes
// about half an hour); BENCH_SCALE_REQUESTS: requests per figure (default 2,000, after 200 not counted).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { seededRandom } from './generators/change-events';
import { distribution, HttpClient, type Distribution } from './support/http-latency';
import { machine } from './support/infra';
import { watchMachineLoad, type MachineLoad } from './support/machine-load';
import { PostgresCpu } from './support/postgres-cpu';
import { startBenchService, type BenchService } from './support/service';
import { SuspectsDataset } from './support/suspects-dataset';
import { openSuspectsStore, type SuspectsStore } from './support/suspects-store';

const ROOT = path.resolve(__dirname, '../..');
const SIZES = (process.env['BENCH_SCALE_EVENTS'] ?? '1000000,10000000').split(',').map(Number);
const REQUESTS = Number(process.env['BENCH_SCALE_REQUESTS'] ?? 2_000);
const WARM_UP = 200;
const PG_PORT = Number(process.env['BENCH_SCALE_PG_PORT'] ?? 55443);
const SEED = 1;
const HOUR = 3_600_000;
const KEYS = { admin: 'bench-admin-key', reviewer: 'bench-reviewer-key' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number) => Math.round(x * 100) / 100;

interface Sealing {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
  readonly serviceCpuMicrosPerEvent: number;
  readonly postgresCpuMicrosPerEvent: number | null;
  readonly machineLoad: MachineLoad;
}

interface LatencyRun {
  readonly latencyMs: Distribution;
  readonly cpuPerRequestMs: { readonly service: number; readonly postgres: number | null };
  /** Mean rows (timeline) or proof hashes (proofs) per answer. */
  readonly meanItems: number;
  readonly machineLoad: MachineLoad;
}

interface SizeResult {
  readonly events: number;
  readonly databaseBytes: number;
  readonly loadedNow: boolean;
  readonly sealing: Sealing;
  readonly proofs: LatencyRun;
  readonly timeline: LatencyRun;
}

async function head(db: Client): Promise<{ head: number; sealed: number }> {
  const r = await db.query<{ head: string; sealed: string }>(
    `SELECT (SELECT coalesce(max(global_position), 0) FROM events)::text AS head,
            (SELECT coalesce(max(last_position), 0) FROM audit_checkpoints)::text AS sealed`,
  );
  return { head: Number(r.rows[0]?.head ?? 0), sealed: Number(r.rows[0]?.sealed ?? 0) };
}

/** The service seals what the store holds when it starts: times that until the last event is sealed. */
async function sealBacklog(db: Client, url: string, service: BenchService): Promise<Sealing> {
  const cpu = await PostgresCpu.open(url);
  const load = watchMachineLoad();
  const cpuBefore = service.cpuMicros();
  const started = performance.now();
  const before = await head(db);
  const events = (
    await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM events WHERE global_position > $1`, [
      before.sealed,
    ])
  ).rows[0]?.n;
  for (;;) {
    const now = await head(db);
    if (now.sealed >= now.head) break;
    await sleep(250);
  }
  const seconds = (performance.now() - started) / 1000;
  const sealed = Number(events ?? 0);
  const postgres = await cpu.close();
  return {
    events: sealed,
    seconds,
    eventsPerSecond: sealed / Math.max(seconds, 1e-3),
    serviceCpuMicrosPerEvent: Math.round((service.cpuMicros() - cpuBefore) / Math.max(1, sealed)),
    postgresCpuMicrosPerEvent: postgres === null ? null : Math.round(postgres / Math.max(1, sealed)),
    machineLoad: load(),
  };
}

/** Sequential GETs of `paths` (round-robin), the first WARM_UP not counted. */
async function measure(
  http: HttpClient,
  service: BenchService,
  url: string,
  paths: readonly string[],
  items: (body: string) => number,
): Promise<LatencyRun> {
  for (let i = 0; i < WARM_UP; i++) {
    const reply = await http.request('GET', paths[i % paths.length] ?? '', KEYS.reviewer);
    if (reply.status !== 200)
      throw new Error(`${paths[i % paths.length]}: HTTP ${reply.status} ${reply.body}`);
  }
  const cpu = await PostgresCpu.open(url);
  const load = watchMachineLoad();
  const serviceBefore = service.cpuMicros();
  const latencies: number[] = [];
  let counted = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const p = paths[(WARM_UP + i) % paths.length] ?? '';
    const reply = await http.request('GET', p, KEYS.reviewer);
    if (reply.status !== 200) throw new Error(`${p}: HTTP ${reply.status} ${reply.body.slice(0, 300)}`);
    latencies.push(reply.ms);
    counted += items(reply.body);
  }
  const postgres = await cpu.close();
  return {
    latencyMs: distribution(latencies),
    cpuPerRequestMs: {
      service: round((service.cpuMicros() - serviceBefore) / 1000 / REQUESTS),
      postgres: postgres === null ? null : round(postgres / 1000 / REQUESTS),
    },
    meanItems: round(counted / REQUESTS),
    machineLoad: load(),
  };
}

async function runSize(events: number, log: (line: string) => void): Promise<SizeResult> {
  const store: SuspectsStore = await openSuspectsStore({
    events,
    seed: SEED,
    chain: 'valid',
    port: PG_PORT,
    log,
  });
  const db = new Client({ connectionString: store.url });
  let service: BenchService | undefined;
  let http: HttpClient | undefined;
  try {
    await db.connect();
    // The signing key and the published checkpoints are kept with the cached store (it stays sealed),
    // under a name of their own: the store's directory prefix is the suspects store's to clean.
    const dataDir = path.join(os.tmpdir(), `change-audit-bench-store-scale-${path.basename(store.dataDir)}`);
    mkdirSync(dataDir, { recursive: true });
    log('starting the service (it seals the store first)...');
    service = await startBenchService(
      {
        DATABASE_URL: store.url,
        DATA_DIR: dataDir,
        AUDIT_CHECKPOINT_DIR: path.join(dataDir, 'checkpoints'),
        API_KEYS: JSON.stringify([
          { key: KEYS.admin, roles: ['admin'], name: 'bench-admin' },
          { key: KEYS.reviewer, roles: ['reviewer'], name: 'bench-reviewer' },
        ]),
        LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
      },
      300_000,
    );
    http = new HttpClient(service.baseUrl, 1);
    const sealing = await sealBacklog(db, store.url, service);
    log(`  sealed ${sealing.events} events in ${sealing.seconds.toFixed(1)} s`);

    const dataset = new SuspectsDataset(SEED);
    const topology = await http.request('PUT', '/v1/topology', KEYS.admin, dataset.topology);
    if (topology.status !== 200)
      throw new Error(`PUT /v1/topology: HTTP ${topology.status} ${topology.body}`);

    // Events at random positions over the whole store (change events: the stream the proofs are asked of).
    const random = seededRandom(events);
    const { head: last } = await head(db);
    const positions = Array.from({ length: REQUESTS }, () => 1 + Math.floor(random() * last));
    const picked = await db.query<{ namespace: string; event_id: string }>(
      `SELECT namespace, event_id FROM events WHERE global_position = ANY($1::bigint[])`,
      [positions],
    );
    const proofPaths = picked.rows.map(
      (r) => `/v1/audit/proof/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.event_id)}`,
    );
    log(`proofs (${proofPaths.length} events)...`);
    const proofs = await measure(
      http,
      service,
      store.url,
      proofPaths,
      (body) => (JSON.parse(body) as { proof: unknown[] }).proof.length,
    );

    const from = new Date(store.manifest.span.end - 2 * HOUR).toISOString();
    const services = [...new Set(store.manifest.samples.map((s) => s.service))];
    const timelinePaths = services.map(
      (s) => `/v1/changes?service=${encodeURIComponent(s)}&neighbours=true&from=${from}&limit=100`,
    );
    log(`timeline (${services.length} services, since ${from})...`);
    const timeline = await measure(
      http,
      service,
      store.url,
      timelinePaths,
      (body) => (JSON.parse(body) as { items: unknown[] }).items.length,
    );
    return {
      events,
      databaseBytes: store.manifest.databaseBytes,
      loadedNow: store.loadedNow,
      sealing,
      proofs,
      timeline,
    };
  } finally {
    http?.close();
    await service?.stop();
    await db.end();
    await store.stop();
  }
}

async function main(): Promise<void> {
  const log = (line: string): void => {
    console.log(line);
  };
  const runLoad = watchMachineLoad();
  const sizes: SizeResult[] = [];
  for (const events of SIZES) {
    log(`${events.toLocaleString('en-US')} events...`);
    sizes.push(await runSize(events, log));
  }
  const result = {
    benchmark: 'store-scale',
    date: new Date().toISOString(),
    machine: machine(),
    machineLoad: runLoad(),
    requests: REQUESTS,
    sizes,
  };
  writeFileSync(path.join(ROOT, 'bench/results/store-scale.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(ROOT, 'bench/results/store-scale.md'), markdown(result));
  console.log(markdown(result));
}

function markdown(r: {
  date: string;
  machine: Record<string, string | number>;
  machineLoad: MachineLoad;
  requests: number;
  sizes: readonly SizeResult[];
}): string {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  const load = (m: MachineLoad) =>
    `${m.loadAverage.start}→${m.loadAverage.end}, busy ${m.busyPercent}%, steal ${m.stealPercent}%`;
  const latency = (name: string, run: LatencyRun, items: string) =>
    `| ${name} | ${run.latencyMs.p50} | ${run.latencyMs.p95} | **${run.latencyMs.p99}** | ${run.latencyMs.max} | ` +
    `${run.cpuPerRequestMs.service} | ${run.cpuPerRequestMs.postgres ?? 'n/a'} | ${run.meanItems} ${items} | ${load(run.machineLoad)} |`;
  const lines: string[] = [];
  for (const s of r.sizes) {
    const sealing =
      s.sealing.events === 0
        ? 'already sealed by an earlier run (its figures are in that run’s results).'
        : `sealing the whole store took ${s.sealing.seconds.toFixed(1)} s for ${f(s.sealing.events)} events ` +
          `(${f(s.sealing.eventsPerSecond)} events/s; service ${s.sealing.serviceCpuMicrosPerEvent} µs, PostgreSQL ` +
          `${s.sealing.postgresCpuMicrosPerEvent ?? 'n/a'} µs CPU per event; machine ${load(s.sealing.machineLoad)}).`;
    lines.push(
      `**${f(s.events)} events** (database ${f(s.databaseBytes / 2 ** 20)} MiB${s.loadedNow ? ', loaded in this run' : ''}): ` +
        sealing,
      '',
      `| ${f(s.events)} events, ${r.requests} sequential requests | p50 ms | p95 ms | p99 ms | max ms | service CPU ms/request | PostgreSQL CPU ms/request | per answer | machine: load avg, busy, steal |`,
      '|---|---:|---:|---:|---:|---:|---:|---|---|',
      latency('GET /v1/audit/proof/{namespace}/{eventId}, random events', s.proofs, 'proof hashes'),
      latency('GET /v1/changes, a service + its dependencies, last 2 h, limit 100', s.timeline, 'rows'),
      '',
    );
  }
  return [
    ...lines,
    `Targets: p99 ≤ 20 ms for both. Machine: ${String(r.machine['cpu'])}, ${String(r.machine['cores'])} cores, ` +
      `Node ${String(r.machine['node'])}; over the run: load average ${load(r.machineLoad)}. ${r.date}`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

// `npm run bench:store`: the event store side by side with its peer, in one run, on the same PostgreSQL
// server with the same events, each case on a fresh database of its own:
// - this store through the HTTP batch intake (1 and 4 concurrent requests) and through Kafka (one
//   consumer; two consumers on two partitions), each with its inline change timeline;
// - Emmett's PostgreSQL event store (bench/peers, installed on demand), plain and with an inline
//   projection, at 1 and 16 concurrent callers;
// - a raw COPY of the same events into a bare table;
// - rebuild of the change timeline and the full verify walk, on the store the HTTP run filled.
// Service CPU per event and peak RSS come from /proc. Results go to bench/results/store.{json,md};
// nothing is asserted. BENCH_EVENTS sets the size (default 200,000).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import type { ChangeEventV1 } from '../src/contracts/generated/change-event.v1';
import { ensureDatabase } from '../src/database/provision';
import { generateChangeEvents } from './generators/change-events';
import { machine, startBenchDatabase, startBenchInfra, type BenchDatabase } from './support/infra';
import { measureRawCopy } from './support/raw-copy';
import { startBenchService, type BenchService } from './support/service';

const ROOT = path.resolve(__dirname, '../..');
const PEERS = path.join(ROOT, 'bench/peers');
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
/** Events per HTTP request: the intake's maximum batch. */
const HTTP_BATCH = 1_000;
const ADMIN_KEY = 'bench-admin-key';
const API_KEYS = JSON.stringify([{ key: ADMIN_KEY, roles: ['admin'], name: 'bench-admin' }]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Throughput {
  readonly events: number;
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

interface ServiceRun extends Throughput {
  /** Service CPU (all its processes) per event stored, in µs. */
  readonly serviceCpuMicrosPerEvent: number;
  /** Peak resident set of the (largest) service process, MiB. */
  readonly peakRssMiB: number;
}

interface PeerRun extends Throughput {
  readonly cpuMicrosPerEvent: number;
  readonly peakRssMiB: number;
}

const databases: string[] = [];

async function freshDatabase(): Promise<BenchDatabase> {
  await sleep(5); // database names carry the millisecond
  const database = await startBenchDatabase();
  databases.push(database.databaseUrl);
  return database;
}

async function storedEvents(url: string): Promise<number> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM events`);
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await db.end();
  }
}

function peakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = execFileSync('cat', [`/proc/${pid}/status`]).toString();
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/** This store through POST /v1/change-events, `concurrency` requests of HTTP_BATCH events at a time. */
async function httpBatches(
  databaseUrl: string,
  values: readonly string[],
  concurrency: number,
  after?: (service: BenchService) => Promise<void>,
): Promise<ServiceRun> {
  const service = await startBenchService({ DATABASE_URL: databaseUrl, API_KEYS, LOG_LEVEL: 'warn' });
  try {
    const bodies: string[] = [];
    for (let i = 0; i < values.length; i += HTTP_BATCH)
      bodies.push(`[${values.slice(i, i + HTTP_BATCH).join(',')}]`);
    const cpuStart = service.cpuMicros();
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (;;) {
          const body = bodies[next++];
          if (body === undefined) return;
          const reply = await fetch(`${service.baseUrl}/v1/change-events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
            body,
          });
          if (reply.status !== 202) throw new Error(`batch: HTTP ${reply.status} ${await reply.text()}`);
          await reply.arrayBuffer();
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const run: ServiceRun = {
      events: values.length,
      seconds,
      eventsPerSecond: values.length / seconds,
      serviceCpuMicrosPerEvent: Math.round((service.cpuMicros() - cpuStart) / values.length),
      peakRssMiB: peakRssMiB(service.child.pid),
    };
    if (after !== undefined) await after(service);
    return run;
  } finally {
    await service.stop();
  }
}

/** This store through Kafka: the events on a topic of `partitions`, read by `consumers` service processes. */
async function kafkaPath(
  brokers: string,
  databaseUrl: string,
  events: readonly ChangeEventV1[],
  values: readonly string[],
  partitions: number,
  consumers: number,
): Promise<ServiceRun> {
  const kafka = new Kafka({ clientId: 'bench-store', brokers: [brokers], logLevel: logLevel.NOTHING });
  const topic = `bench-store-${Date.now()}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: partitions },
      { topic: `${topic}.dlq`, numPartitions: partitions },
    ],
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < events.length; i += 2_000) {
    await producer.send({
      topic,
      acks: -1,
      messages: events.slice(i, i + 2_000).map((e, j) => ({ key: e.changeId, value: values[i + j] ?? '' })),
    });
  }
  await producer.disconnect();
  const env = {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: brokers,
    KAFKA_CHANGE_EVENTS_TOPIC: topic,
    KAFKA_GROUP_ID: `bench-store-${Date.now()}`,
    KAFKA_TOPIC_PARTITIONS: String(partitions),
    API_KEYS,
    LOG_LEVEL: 'warn',
  };
  const services: BenchService[] = [];
  try {
    // All consumers join before the clock starts; the first stored event starts it.
    for (let i = 0; i < consumers; i++) services.push(await startBenchService(env));
    let first = 0;
    let firstCount = 0;
    let cpuAtFirst = 0;
    let peak = 0;
    const cpu = () => services.reduce((sum, s) => sum + s.cpuMicros(), 0);
    for (;;) {
      const n = await storedEvents(databaseUrl);
      for (const s of services) peak = Math.max(peak, peakRssMiB(s.child.pid));
      if (first === 0 && n > 0) {
        first = performance.now();
        firstCount = n;
        cpuAtFirst = cpu();
      }
      if (n >= events.length) break;
      await sleep(20);
    }
    const seconds = (performance.now() - first) / 1000;
    const measured = events.length - firstCount;
    return {
      events: measured,
      seconds,
      eventsPerSecond: measured / seconds,
      serviceCpuMicrosPerEvent: Math.round((cpu() - cpuAtFirst) / measured),
      peakRssMiB: peak,
    };
  } finally {
    for (const s of services) await s.stop();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Emmett's PostgreSQL event store, in its own process (bench/peers/emmett-append.mjs). */
async function emmett(
  maintenanceUrl: string,
  eventsFile: string,
  concurrency: number,
  mode: 'plain' | 'projection',
): Promise<PeerRun> {
  await sleep(5);
  const url = await ensureDatabase(maintenanceUrl, `bench_${Date.now()}`);
  databases.push(url);
  const child = spawn(
    process.execPath,
    [path.join(PEERS, 'emmett-append.mjs'), url, eventsFile, String(concurrency), mode],
    { cwd: PEERS, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`emmett-append exited with ${code}`);
  const result = JSON.parse(out.trim().split('\n').pop() ?? '{}') as PeerRun;
  return result;
}

function installPeers(): void {
  if (existsSync(path.join(PEERS, 'node_modules/@event-driven-io/emmett-postgresql'))) return;
  console.log('installing the peers (npm ci --prefix bench/peers)...');
  execFileSync('npm', ['ci', '--prefix', PEERS, '--ignore-scripts', '--no-audit', '--no-fund'], {
    stdio: 'inherit',
  });
}

async function main(): Promise<void> {
  installPeers();
  const infra = await startBenchInfra();
  databases.push(infra.databaseUrl);
  const maintenance = process.env['DATABASE_URL'] ?? infra.databaseUrl;
  try {
    const events = generateChangeEvents(EVENTS, 7, 'bench');
    const values = events.map((e) => JSON.stringify(e));
    const eventsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-store-')), 'events.jsonl');
    writeFileSync(eventsFile, `${values.join('\n')}\n`);

    console.log(`${EVENTS} events. raw COPY...`);
    const rawCopy = await measureRawCopy(infra.databaseUrl, events, values);

    console.log('HTTP batches, 1 at a time (then rebuild and verify on that store)...');
    let rebuild: Throughput | undefined;
    let verify: Throughput | undefined;
    const httpOne = await httpBatches((await freshDatabase()).databaseUrl, values, 1, async (service) => {
      const auth = { authorization: `Bearer ${ADMIN_KEY}` };
      let started = performance.now();
      const rebuilt = await fetch(`${service.baseUrl}/v1/projections/change-timeline/rebuild`, {
        method: 'POST',
        headers: auth,
      });
      const rebuildResult = (await rebuilt.json()) as { events: number };
      let seconds = (performance.now() - started) / 1000;
      rebuild = { events: rebuildResult.events, seconds, eventsPerSecond: rebuildResult.events / seconds };
      started = performance.now();
      const verified = await fetch(`${service.baseUrl}/v1/audit/verify`, { headers: auth });
      const report = (await verified.json()) as { ok: boolean; checked: number };
      seconds = (performance.now() - started) / 1000;
      if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report)}`);
      verify = { events: report.checked, seconds, eventsPerSecond: report.checked / seconds };
    });
    console.log('HTTP batches, 4 at a time...');
    const httpFour = await httpBatches((await freshDatabase()).databaseUrl, values, 4);
    console.log('Kafka, one consumer...');
    const kafkaOne = await kafkaPath(
      infra.brokers,
      (await freshDatabase()).databaseUrl,
      events,
      values,
      2,
      1,
    );
    console.log('Kafka, two consumers on two partitions...');
    const kafkaTwo = await kafkaPath(
      infra.brokers,
      (await freshDatabase()).databaseUrl,
      events,
      values,
      2,
      2,
    );
    const peer: Record<string, PeerRun> = {};
    for (const mode of ['plain', 'projection'] as const) {
      for (const concurrency of [1, 16]) {
        console.log(`Emmett, ${mode}, ${concurrency} concurrent...`);
        peer[`${mode}-${concurrency}`] = await emmett(maintenance, eventsFile, concurrency, mode);
      }
    }
    const emmettProjectionBest = Math.max(
      peer['projection-1']?.eventsPerSecond ?? 0,
      peer['projection-16']?.eventsPerSecond ?? 0,
    );
    const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
    const result = {
      benchmark: 'store',
      date: new Date().toISOString(),
      machine: { ...machine(), postgres: infra.postgres, loadAverage: os.loadavg()[0] },
      events: EVENTS,
      rawCopy,
      http: { concurrent1: httpOne, concurrent4: httpFour },
      kafka: { consumers1: kafkaOne, consumers2Partitions2: kafkaTwo },
      emmett: peer,
      rebuild,
      verify,
      ratios: {
        kafkaToHttp: ratio(kafkaOne.eventsPerSecond, httpOne.eventsPerSecond),
        kafkaToEmmettWithProjection: ratio(kafkaOne.eventsPerSecond, emmettProjectionBest),
        http4To1: ratio(httpFour.eventsPerSecond, httpOne.eventsPerSecond),
        kafka2ConsumersTo1: ratio(kafkaTwo.eventsPerSecond, kafkaOne.eventsPerSecond),
        rebuildToRawCopy: ratio(rebuild?.eventsPerSecond ?? 0, rawCopy.eventsPerSecond),
      },
    };
    writeFileSync(path.join(ROOT, 'bench/results/store.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(ROOT, 'bench/results/store.md'), markdown(result));
    console.log(markdown(result));
  } finally {
    await dropDatabases();
    await infra.stop();
  }
}

/** On shared infrastructure (DATABASE_URL) the run's databases are dropped afterwards (BENCH_KEEP=1 keeps them). */
async function dropDatabases(): Promise<void> {
  const maintenance = process.env['DATABASE_URL'];
  if (maintenance === undefined || process.env['BENCH_KEEP'] === '1') return;
  const client = new Client({ connectionString: maintenance });
  await client.connect();
  for (const url of databases) {
    const name = new URL(url).pathname.slice(1);
    if (/^bench_\d+$/.test(name)) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  await client.end();
}

function markdown(r: {
  date: string;
  machine: Record<string, unknown>;
  events: number;
  rawCopy: { seconds: number; eventsPerSecond: number };
  http: { concurrent1: ServiceRun; concurrent4: ServiceRun };
  kafka: { consumers1: ServiceRun; consumers2Partitions2: ServiceRun };
  emmett: Record<string, PeerRun>;
  rebuild: Throughput | undefined;
  verify: Throughput | undefined;
  ratios: Record<string, number>;
}): string {
  const f = (n: number | undefined) => Math.round(n ?? 0).toLocaleString('en-US');
  const service = (name: string, run: ServiceRun) =>
    `| ${name} | **${f(run.eventsPerSecond)}** | ${run.serviceCpuMicrosPerEvent} | ${run.peakRssMiB} |`;
  const peer = (name: string, run: PeerRun | undefined) =>
    `| ${name} | ${f(run?.eventsPerSecond)} | ${run?.cpuMicrosPerEvent ?? ''} | ${run?.peakRssMiB ?? ''} |`;
  return [
    `| ${f(r.events)} events, one run, one PostgreSQL | events/s | client CPU µs/event | peak RSS MiB |`,
    '|---|---:|---:|---:|',
    service('this store: HTTP batches of 1,000, 1 at a time (+ timeline)', r.http.concurrent1),
    service('this store: HTTP batches of 1,000, 4 at a time (+ timeline)', r.http.concurrent4),
    service('this store: Kafka → store + timeline, 1 consumer', r.kafka.consumers1),
    service(
      'this store: Kafka → store + timeline, 2 consumers on 2 partitions',
      r.kafka.consumers2Partitions2,
    ),
    peer('Emmett PostgreSQL event store, plain, 1 caller', r.emmett['plain-1']),
    peer('Emmett PostgreSQL event store, plain, 16 callers', r.emmett['plain-16']),
    peer('Emmett, inline projection (Pongo document per change), 1 caller', r.emmett['projection-1']),
    peer('Emmett, inline projection (Pongo document per change), 16 callers', r.emmett['projection-16']),
    `| raw COPY into a bare table (id, change, time, jsonb) | ${f(r.rawCopy.eventsPerSecond)} | | |`,
    `| change timeline rebuild (on the HTTP store) | ${f(r.rebuild?.eventsPerSecond)} | | |`,
    `| verify, full walk (on the HTTP store) | ${f(r.verify?.eventsPerSecond)} | | |`,
    '',
    `Ratios in this run: Kafka / HTTP ${r.ratios['kafkaToHttp']}; Kafka / Emmett with projection (its better ` +
      `concurrency) ${r.ratios['kafkaToEmmettWithProjection']}; 4 concurrent HTTP batches / 1 ` +
      `${r.ratios['http4To1']}; 2 consumers / 1 ${r.ratios['kafka2ConsumersTo1']}; rebuild / raw COPY ` +
      `${r.ratios['rebuildToRawCopy']}.`,
    '',
    `Machine: ${String(r.machine['cpu'])}, ${String(r.machine['cores'])} cores, load average ` +
      `${String(r.machine['loadAverage'])} at the end, Node ${String(r.machine['node'])}, PostgreSQL ` +
      `${String(r.machine['postgres'])}. ${r.date}`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

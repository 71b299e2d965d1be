// `npm run bench:store`: the event store side by side with its peer, in one run, on the same PostgreSQL
// server with the same events, each case on a fresh database of its own:
// - this store through the HTTP batch intake (1 and 4 concurrent requests) and through Kafka (one
//   consumer; two consumers on two partitions), each with its inline change timeline;
// - Emmett's PostgreSQL event store (bench/peers, installed on demand), plain and with an inline
//   projection, at 1 and 16 concurrent callers;
// - a raw COPY of the same events into a bare table (first, and again just before the rebuild: the
//   rebuild's ratio is to that one, taken on the same server in the same state);
// - rebuild of the change timeline and verification on the store the HTTP run filled: the full walk
//   (GET /v1/audit/verify), `changectl audit verify` against the published checkpoints in full, then
//   incrementally after BENCH_VERIFY_INCREMENT more events;
// - a baseline build of an older commit (BENCH_BASELINE_DIR: a worktree of it, built) through Kafka, on
//   the same topic contents, next to this one;
// - while each of this store's cases ingests: how far the checkpoint sealer lags (its
//   change_audit_unsealed_seconds gauge, and the oldest unsealed event's age read from the database).
// Service CPU per event, PostgreSQL backends' CPU per event, peak RSS and the machine's load and steal
// come from /proc. Results go to bench/results/store.{json,md}; nothing is asserted. BENCH_EVENTS sets the
// size (default 200,000); BENCH_PEER_EVENTS the Emmett runs' (default 20,000: its single caller does a
// few hundred events a second). BENCH_ROUNDS (default 1) runs the two pairs whose ratio is a target again:
// this store's Kafka path beside the baseline's, and 4 concurrent HTTP batches beside 1, each pair back to
// back, the order alternating between rounds so a drift of the machine does not favour one side; the
// table and the ratios show the round of the median ratio (each round's ratio is listed).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import type { ChangeEventV1 } from '../src/contracts/generated/change-event.v1';
import { ensureDatabase } from '../src/database/provision';
import { checkpointFileName } from '../src/event-store/checkpoints/checkpoint-targets';
import { generateChangeEvents } from './generators/change-events';
import { machine, startBenchDatabase, startBenchInfra, type BenchDatabase } from './support/infra';
import { AppliedMessages } from './support/applied-messages';
import { watchMachineLoad, type MachineLoad } from './support/machine-load';
import { PostgresCpu } from './support/postgres-cpu';
import { measureRawCopy } from './support/raw-copy';
import { startBenchService, type BenchService } from './support/service';

const ROOT = path.resolve(__dirname, '../..');
const PEERS = path.join(ROOT, 'bench/peers');
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const PEER_EVENTS = Math.min(EVENTS, Number(process.env['BENCH_PEER_EVENTS'] ?? 20_000));
/** Events added after a verified checkpoint, for the incremental verification. */
const VERIFY_INCREMENT = Number(process.env['BENCH_VERIFY_INCREMENT'] ?? Math.max(1_000, EVENTS / 20));
/** A worktree of an older commit, built (dist/), whose Kafka path runs beside this one's. */
const BASELINE_DIR = process.env['BENCH_BASELINE_DIR'];
/** Rounds of the target pairs (Kafka / baseline, 4 HTTP / 1); the first round is the full run's. */
const ROUNDS = Math.max(1, Number(process.env['BENCH_ROUNDS'] ?? 1));
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
  /** CPU of the PostgreSQL backends serving the case's database per event, in µs (null: not visible). */
  readonly postgresCpuMicrosPerEvent: number | null;
  /** Peak resident set of the (largest) service process, MiB. */
  readonly peakRssMiB: number;
  /** How far sealing lagged while this case ingested (undefined: a build without checkpoints). */
  readonly sealing?: SealingLag;
  readonly machineLoad: MachineLoad;
}

interface SealingLag {
  /** The largest change_audit_unsealed_seconds any service reported while ingesting. */
  readonly maxUnsealedSecondsGauge: number;
  /** The largest age of the oldest event not in a checkpoint, read from the database while ingesting. */
  readonly maxOldestUnsealedAgeSeconds: number;
  /** From the last event stored to everything sealed. */
  readonly drainSeconds: number;
  readonly checkpoints: number;
}

interface Verification {
  /** GET /v1/audit/verify: the walk from the first event, every time. */
  readonly walk: Throughput;
  /** `changectl audit verify --checkpoints --full`: every event rehashed against the signed checkpoints. */
  readonly checkpointsFull: Throughput & { readonly checkpointsVerified: number };
  /** The same from the last verified checkpoint, after VERIFY_INCREMENT more events were sealed. */
  readonly checkpointsIncremental: Throughput & { readonly checkpointsVerified: number };
  /** The walk again on the grown store (it has no incremental mode). */
  readonly walkAfterIncrement: Throughput;
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

function peakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
  } catch {
    return 0;
  }
}

/**
 * Watches the checkpoint sealer while a case ingests: the services' change_audit_unsealed_seconds gauge
 * and, from the database, the age of the oldest event no checkpoint covers yet.
 */
class SealWatch {
  private maxGauge = 0;
  private maxAge = 0;
  private readonly timer: NodeJS.Timeout;
  private polling: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: Client,
    private readonly services: readonly BenchService[],
  ) {
    this.timer = setInterval(() => {
      this.polling = this.polling.then(() => this.poll()).catch(() => undefined);
    }, 250);
  }

  static async start(databaseUrl: string, services: readonly BenchService[]): Promise<SealWatch> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    return new SealWatch(db, services);
  }

  private async poll(): Promise<void> {
    for (const service of this.services) {
      const metrics = await fetch(`${service.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      }).then((r) => r.text());
      const gauge = Number(/^change_audit_unsealed_seconds (\S+)$/m.exec(metrics)?.[1] ?? 0);
      this.maxGauge = Math.max(this.maxGauge, gauge);
    }
    const r = await this.db.query<{ age: number | null }>(
      `SELECT extract(epoch FROM clock_timestamp() - e.recorded_at)::float8 AS age FROM events e
        WHERE e.global_position > (SELECT coalesce(max(last_position), 0) FROM audit_checkpoints)
        ORDER BY e.global_position LIMIT 1`,
    );
    this.maxAge = Math.max(this.maxAge, r.rows[0]?.age ?? 0);
  }

  /** Ingest is over: waits until everything stored is sealed, then reports. */
  async finish(): Promise<SealingLag> {
    const ingested = performance.now();
    const checkpoints = await waitSealed(this.db);
    const drainSeconds = (performance.now() - ingested) / 1000;
    clearInterval(this.timer);
    await this.polling;
    await this.db.end();
    const round = (x: number) => Math.round(x * 100) / 100;
    return {
      maxUnsealedSecondsGauge: round(this.maxGauge),
      maxOldestUnsealedAgeSeconds: round(this.maxAge),
      drainSeconds: round(drainSeconds),
      checkpoints,
    };
  }
}

/** Waits until the latest checkpoint covers the last stored event; returns how many checkpoints exist. */
async function waitSealed(db: Client, timeoutMs = 300_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await db.query<{ sealed: boolean; checkpoints: string }>(
      `SELECT (SELECT coalesce(max(last_position), 0) FROM audit_checkpoints)
                >= (SELECT coalesce(max(global_position), 0) FROM events) AS sealed,
              (SELECT count(*) FROM audit_checkpoints)::text AS checkpoints`,
    );
    if (r.rows[0]?.sealed === true) return Number(r.rows[0].checkpoints);
    if (Date.now() > deadline) throw new Error(`not sealed after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/** Waits until everything stored is sealed and the latest checkpoint's file is in `dir`. */
async function waitPublished(db: Client, dir: string): Promise<void> {
  await waitSealed(db);
  const latest = await db.query<{ size: string }>(
    `SELECT max(tree_size)::text AS size FROM audit_checkpoints`,
  );
  const file = path.join(dir, checkpointFileName(Number(latest.rows[0]?.size ?? 0)));
  while (!existsSync(file)) await sleep(50);
}

/** Resources of a case's window: CPU of the service processes and of PostgreSQL, the machine's load. */
async function openWindow(databaseUrl: string, services: () => readonly BenchService[]) {
  const postgres = await PostgresCpu.open(databaseUrl);
  const machineLoad = watchMachineLoad();
  const cpu = () => services().reduce((sum, s) => sum + s.cpuMicros(), 0);
  const cpuStart = cpu();
  return {
    close: async (events: number) => {
      const postgresMicros = await postgres.close();
      return {
        serviceCpuMicrosPerEvent: Math.round((cpu() - cpuStart) / events),
        postgresCpuMicrosPerEvent: postgresMicros === null ? null : Math.round(postgresMicros / events),
        machineLoad: machineLoad(),
      };
    },
  };
}

/**
 * One batch. Sent again once if the connection fails: a kept-alive connection the service closed while
 * idle (after a long verification) fails the next request; the intake stores a resent event once.
 */
function postOnce(service: BenchService, body: string): Promise<Response> {
  return fetch(`${service.baseUrl}/v1/change-events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body,
  });
}

/** `concurrency` callers, caller i sending to services[i mod n] (a client-side round robin). */
async function postBatches(
  services: readonly BenchService[],
  bodies: readonly string[],
  concurrency: number,
) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, caller) => {
      const service = services[caller % services.length] as BenchService;
      for (;;) {
        const body = bodies[next++];
        if (body === undefined) return;
        const reply = await postOnce(service, body).catch(() => postOnce(service, body));
        if (reply.status !== 202) throw new Error(`batch: HTTP ${reply.status} ${await reply.text()}`);
        await reply.arrayBuffer();
      }
    }),
  );
}

const batchBodies = (values: readonly string[]): string[] => {
  const bodies: string[] = [];
  for (let i = 0; i < values.length; i += HTTP_BATCH)
    bodies.push(`[${values.slice(i, i + HTTP_BATCH).join(',')}]`);
  return bodies;
};

/**
 * This store through POST /v1/change-events, `concurrency` requests of HTTP_BATCH events at a time, spread
 * over `instances` service processes on the one database (as replicas behind a load balancer).
 */
async function httpBatches(
  databaseUrl: string,
  values: readonly string[],
  concurrency: number,
  after?: (service: BenchService, checkpointDir: string) => Promise<void>,
  instances = 1,
): Promise<ServiceRun> {
  const checkpointDir = mkdtempSync(path.join(os.tmpdir(), 'bench-store-checkpoints-'));
  const env = { DATABASE_URL: databaseUrl, API_KEYS, LOG_LEVEL: 'warn', AUDIT_CHECKPOINT_DIR: checkpointDir };
  const services: BenchService[] = [];
  try {
    for (let i = 0; i < instances; i++) services.push(await startBenchService(env));
    const bodies = batchBodies(values);
    const seal = await SealWatch.start(databaseUrl, services);
    const window = await openWindow(databaseUrl, () => services);
    const started = performance.now();
    await postBatches(services, bodies, concurrency);
    const seconds = (performance.now() - started) / 1000;
    const resources = await window.close(values.length);
    const run: ServiceRun = {
      events: values.length,
      seconds,
      eventsPerSecond: values.length / seconds,
      ...resources,
      peakRssMiB: Math.max(...services.map((service) => peakRssMiB(service.child.pid))),
      sealing: await seal.finish(),
    };
    if (after !== undefined) await after(services[0] as BenchService, checkpointDir);
    return run;
  } finally {
    for (const service of services) await service.stop();
  }
}

/**
 * This store through Kafka: the events on a topic of `partitions`, read by `consumers` service processes
 * of the build in `root` (this checkout, or the baseline's worktree; `sealing` only where it seals).
 */
async function kafkaPath(
  brokers: string,
  databaseUrl: string,
  events: readonly ChangeEventV1[],
  values: readonly string[],
  partitions: number,
  consumers: number,
  root?: { readonly dir: string; readonly seals: boolean },
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
    // The clock starts once every consumer has its partitions (the group is stable with all of them), so
    // neither start-up nor the rebalance a joining consumer causes is in the window; what was stored
    // before then is left out.
    for (let i = 0; i < consumers; i++) services.push(await startBenchService(env, 120_000, root?.dir));
    const seal = root?.seals === false ? undefined : await SealWatch.start(databaseUrl, services);
    const applied = await AppliedMessages.open(databaseUrl, env.KAFKA_GROUP_ID);
    let first = 0;
    let firstCount = 0;
    let window: Awaited<ReturnType<typeof openWindow>> | undefined;
    let peak = 0;
    for (;;) {
      const n = await applied.count();
      for (const s of services) peak = Math.max(peak, peakRssMiB(s.child.pid));
      if (first === 0 && (await groupStable(admin, env.KAFKA_GROUP_ID, consumers))) {
        first = performance.now();
        firstCount = await applied.count();
        window = await openWindow(databaseUrl, () => services);
      }
      if (n >= events.length) break;
      for (const s of services)
        if (s.child.exitCode !== null) throw new Error(`a consumer exited with ${s.child.exitCode}`);
      await sleep(20);
    }
    const seconds = (performance.now() - first) / 1000;
    const measured = events.length - firstCount;
    if (window === undefined)
      throw new Error('every event was stored before the consumer group was stable: raise BENCH_EVENTS');
    const resources = await window.close(measured);
    await applied.close();
    return {
      events: measured,
      seconds,
      eventsPerSecond: measured / seconds,
      ...resources,
      peakRssMiB: peak,
      ...(seal === undefined ? {} : { sealing: await seal.finish() }),
    };
  } finally {
    for (const s of services) await s.stop();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Whether the consumer group is stable with `members` members, each with partitions assigned. */
async function groupStable(admin: Admin, groupId: string, members: number): Promise<boolean> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  return (
    group?.state === 'Stable' &&
    group.members.length === members &&
    group.members.every((m) => {
      const assigned = AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {};
      return Object.values(assigned).some((partitions) => partitions.length > 0);
    })
  );
}

/** `changectl --json audit verify --checkpoints <dir>` against the service, timed by changectl itself. */
function changectlVerify(
  service: BenchService,
  checkpointDir: string,
  publicKeyFile: string,
  full: boolean,
): Throughput & { checkpointsVerified: number } {
  const out = execFileSync(
    process.execPath,
    [
      path.join(ROOT, 'dist/src/cli/changectl/main.js'),
      '--url',
      service.baseUrl,
      '--api-key',
      ADMIN_KEY,
      '--json',
      'audit',
      'verify',
      '--checkpoints',
      checkpointDir,
      '--public-key',
      publicKeyFile,
      ...(full ? ['--full'] : []),
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  ).toString();
  const report = JSON.parse(out) as {
    ok: boolean;
    eventsChecked: number;
    checkpointsVerified: number;
    seconds: number;
    problems: string[];
  };
  if (!report.ok) throw new Error(`changectl audit verify failed: ${report.problems.join('; ')}`);
  return {
    events: report.eventsChecked,
    seconds: report.seconds,
    eventsPerSecond: report.eventsChecked / report.seconds,
    checkpointsVerified: report.checkpointsVerified,
  };
}

async function auditWalk(service: BenchService): Promise<Throughput> {
  const started = performance.now();
  const verified = await fetch(`${service.baseUrl}/v1/audit/verify`, {
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  const report = (await verified.json()) as { ok: boolean; checked: number };
  const seconds = (performance.now() - started) / 1000;
  if (!report.ok) throw new Error(`verify failed: ${JSON.stringify(report)}`);
  return { events: report.checked, seconds, eventsPerSecond: report.checked / seconds };
}

/**
 * Verification on a sealed store: the walk; changectl against the published checkpoints in full; then
 * `more` events in, sealed, and changectl from its last verified checkpoint, and the walk again.
 */
async function verification(
  service: BenchService,
  databaseUrl: string,
  checkpointDir: string,
  more: readonly string[],
): Promise<Verification> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await waitPublished(db, checkpointDir);
    const keys = (await (await fetch(`${service.baseUrl}/v1/audit/public-key`)).json()) as {
      publicKey: string;
    };
    const publicKeyFile = path.join(checkpointDir, '..', `${path.basename(checkpointDir)}.pem`);
    writeFileSync(publicKeyFile, keys.publicKey);
    const walk = await auditWalk(service);
    const checkpointsFull = changectlVerify(service, checkpointDir, publicKeyFile, true);
    await postBatches([service], batchBodies(more), 1);
    await waitPublished(db, checkpointDir);
    const checkpointsIncremental = changectlVerify(service, checkpointDir, publicKeyFile, false);
    const walkAfterIncrement = await auditWalk(service);
    return { walk, checkpointsFull, checkpointsIncremental, walkAfterIncrement };
  } finally {
    await db.end();
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
  const runLoad = watchMachineLoad();
  try {
    const events = generateChangeEvents(EVENTS, 7, 'bench');
    const values = events.map((e) => JSON.stringify(e));
    const more = generateChangeEvents(VERIFY_INCREMENT, 8, 'bench-more').map((e) => JSON.stringify(e));
    const eventsFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'bench-store-')), 'events.jsonl');
    writeFileSync(eventsFile, `${values.slice(0, PEER_EVENTS).join('\n')}\n`);

    console.log(`${EVENTS} events. raw COPY...`);
    const rawCopy = await measureRawCopy(infra.databaseUrl, events, values);

    console.log('HTTP batches, 1 at a time (then rebuild and verify on that store)...');
    let rebuild: Throughput | undefined;
    let rawCopyBesideRebuild: Throughput | undefined;
    let verify: Verification | undefined;
    const httpOneDatabase = (await freshDatabase()).databaseUrl;
    const httpOneFirst = await httpBatches(httpOneDatabase, values, 1, async (service, checkpointDir) => {
      // The rebuild's ratio is to a raw COPY taken just before it, on the same server in the same state.
      rawCopyBesideRebuild = { events: EVENTS, ...(await measureRawCopy(httpOneDatabase, events, values)) };
      const started = performance.now();
      const rebuilt = await fetch(`${service.baseUrl}/v1/projections/change-timeline/rebuild`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_KEY}` },
      });
      const rebuildResult = (await rebuilt.json()) as { events: number };
      const seconds = (performance.now() - started) / 1000;
      rebuild = { events: rebuildResult.events, seconds, eventsPerSecond: rebuildResult.events / seconds };
      console.log('verification...');
      verify = await verification(service, httpOneDatabase, checkpointDir, more);
    });
    console.log('HTTP batches, 4 at a time...');
    const httpFourFirst = await httpBatches((await freshDatabase()).databaseUrl, values, 4);
    const httpRounds: Round[] = [{ ours: httpFourFirst, reference: httpOneFirst }];
    for (let round = 2; round <= ROUNDS; round++) {
      console.log(`round ${round} of ${ROUNDS}: HTTP batches, 4 at a time and 1 at a time...`);
      const four = () => freshDatabase().then((db) => httpBatches(db.databaseUrl, values, 4));
      const one = () => freshDatabase().then((db) => httpBatches(db.databaseUrl, values, 1));
      httpRounds.push(await inOrderOf(round, four, one));
    }
    // The table shows the round of the median ratio (the rebuild and verification rows: the first's store).
    const httpMedian = medianRound(httpRounds);
    const httpFour = httpMedian.ours;
    const httpOne = httpMedian.reference ?? httpOneFirst;
    // The same 4 callers over two instances: what concurrency gives once one process's thread is not the cap.
    console.log('HTTP batches, 4 at a time over 2 instances...');
    const httpFourTwoInstances = await httpBatches(
      (await freshDatabase()).databaseUrl,
      values,
      4,
      undefined,
      2,
    );
    const baselineCommit =
      BASELINE_DIR === undefined
        ? undefined
        : execFileSync('git', ['-C', BASELINE_DIR, 'rev-parse', '--short', 'HEAD']).toString().trim();
    const baselineRun = async (dir: string): Promise<ServiceRun> => {
      // An empty database: the older build applies its own migrations when it starts.
      await sleep(5);
      const url = await ensureDatabase(maintenance, `bench_${Date.now()}`);
      databases.push(url);
      return kafkaPath(infra.brokers, url, events, values, 2, 1, { dir, seals: false });
    };
    const kafkaRun = async (): Promise<ServiceRun> =>
      kafkaPath(infra.brokers, (await freshDatabase()).databaseUrl, events, values, 2, 1);
    const kafkaRounds: Round[] = [];
    for (let round = 1; round <= (BASELINE_DIR === undefined ? 1 : ROUNDS); round++) {
      console.log(
        `round ${round}: Kafka, one consumer` +
          (BASELINE_DIR === undefined ? '...' : `, this build and the baseline (${baselineCommit})...`),
      );
      kafkaRounds.push(
        BASELINE_DIR === undefined
          ? { ours: await kafkaRun(), reference: undefined }
          : await inOrderOf(round, kafkaRun, () => baselineRun(BASELINE_DIR)),
      );
    }
    const kafkaMedian = medianRound(kafkaRounds);
    const kafkaOne = kafkaMedian.ours;
    const baseline =
      kafkaMedian.reference === undefined || baselineCommit === undefined
        ? undefined
        : { ...kafkaMedian.reference, commit: baselineCommit };
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
        console.log(`Emmett, ${mode}, ${concurrency} concurrent, ${PEER_EVENTS} events...`);
        peer[`${mode}-${concurrency}`] = await emmett(maintenance, eventsFile, concurrency, mode);
      }
    }
    const emmettProjectionBest = Math.max(
      peer['projection-1']?.eventsPerSecond ?? 0,
      peer['projection-16']?.eventsPerSecond ?? 0,
    );
    const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
    const serviceRuns = [httpOne, httpFour, httpFourTwoInstances, kafkaOne, kafkaTwo];
    const result = {
      benchmark: 'store',
      date: new Date().toISOString(),
      machine: { ...machine(), postgres: infra.postgres },
      machineLoad: runLoad(),
      events: EVENTS,
      peerEvents: PEER_EVENTS,
      rawCopy,
      http: { concurrent1: httpOne, concurrent4: httpFour, concurrent4Instances2: httpFourTwoInstances },
      kafka: { consumers1: kafkaOne, consumers2Partitions2: kafkaTwo },
      baseline,
      emmett: peer,
      rebuild,
      rawCopyBesideRebuild,
      verify,
      peakRssMiB: Math.max(...serviceRuns.map((r) => r.peakRssMiB)),
      maxSealLagSeconds: Math.max(
        ...serviceRuns.map((r) =>
          Math.max(r.sealing?.maxUnsealedSecondsGauge ?? 0, r.sealing?.maxOldestUnsealedAgeSeconds ?? 0),
        ),
      ),
      rounds: {
        kafkaToBaseline: baseline === undefined ? [] : roundRatios(kafkaRounds),
        http4To1: roundRatios(httpRounds),
        // Each round's events/s, [ours, reference] (the table shows the first round's cases).
        kafkaEventsPerSecond: kafkaRounds.map(roundRates),
        httpEventsPerSecond: httpRounds.map(roundRates),
      },
      ratios: {
        kafkaToBaseline:
          baseline === undefined ? null : ratio(kafkaOne.eventsPerSecond, baseline.eventsPerSecond),
        kafkaToHttp: ratio(kafkaOne.eventsPerSecond, httpOne.eventsPerSecond),
        kafkaToEmmettWithProjection: ratio(kafkaOne.eventsPerSecond, emmettProjectionBest),
        http4To1: ratio(httpFour.eventsPerSecond, httpOne.eventsPerSecond),
        http4Over2InstancesTo1: ratio(httpFourTwoInstances.eventsPerSecond, httpOne.eventsPerSecond),
        kafka2ConsumersTo1: ratio(kafkaTwo.eventsPerSecond, kafkaOne.eventsPerSecond),
        rebuildToRawCopy: ratio(
          rebuild?.eventsPerSecond ?? 0,
          rawCopyBesideRebuild?.eventsPerSecond ?? rawCopy.eventsPerSecond,
        ),
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

/** One round of a target pair: this store's case and the one it is measured against. */
interface Round {
  readonly ours: ServiceRun;
  readonly reference: ServiceRun | undefined;
}

/** Runs the pair back to back: ours first in odd rounds, the reference first in even ones. */
async function inOrderOf(
  round: number,
  ours: () => Promise<ServiceRun>,
  reference: () => Promise<ServiceRun>,
): Promise<Round> {
  if (round % 2 === 1) {
    const first = await ours();
    return { ours: first, reference: await reference() };
  }
  const first = await reference();
  return { ours: await ours(), reference: first };
}

/** Cores the service's processes used on average while the case ingested. */
function serviceCores(run: ServiceRun): string {
  return ((run.serviceCpuMicrosPerEvent * run.eventsPerSecond) / 1e6).toFixed(2);
}

function roundRates(r: Round): [number, number | null] {
  return [Math.round(r.ours.eventsPerSecond), r.reference ? Math.round(r.reference.eventsPerSecond) : null];
}

/** The round whose ratio is the median (of an even count, the lower middle); the first without a reference. */
function medianRound(rounds: readonly Round[]): Round {
  const rated = rounds.filter((r) => r.reference !== undefined);
  const rate = (r: Round) => r.ours.eventsPerSecond / (r.reference?.eventsPerSecond ?? 1);
  const sorted = [...rated].sort((a, b) => rate(a) - rate(b));
  const middle = sorted[Math.floor((sorted.length - 1) / 2)] ?? rounds[0];
  if (middle === undefined) throw new Error('no rounds');
  return middle;
}

function roundRatios(rounds: readonly Round[]): number[] {
  return rounds.flatMap((r) =>
    r.reference === undefined
      ? []
      : [Number((r.ours.eventsPerSecond / r.reference.eventsPerSecond).toFixed(2))],
  );
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
  machineLoad: MachineLoad;
  events: number;
  peerEvents: number;
  rawCopy: { seconds: number; eventsPerSecond: number };
  http: { concurrent1: ServiceRun; concurrent4: ServiceRun; concurrent4Instances2: ServiceRun };
  kafka: { consumers1: ServiceRun; consumers2Partitions2: ServiceRun };
  baseline: (ServiceRun & { commit: string }) | undefined;
  emmett: Record<string, PeerRun>;
  rebuild: Throughput | undefined;
  rawCopyBesideRebuild: Throughput | undefined;
  verify: Verification | undefined;
  peakRssMiB: number;
  maxSealLagSeconds: number;
  rounds: { kafkaToBaseline: number[]; http4To1: number[] };
  ratios: Record<string, number | null>;
}): string {
  const f = (n: number | undefined) => Math.round(n ?? 0).toLocaleString('en-US');
  const load = (m: MachineLoad) =>
    `${m.loadAverage.start}→${m.loadAverage.end}, busy ${m.busyPercent}%, steal ${m.stealPercent}%`;
  const sealing = (run: ServiceRun) =>
    run.sealing === undefined
      ? 'n/a'
      : `${run.sealing.maxUnsealedSecondsGauge} / ${run.sealing.maxOldestUnsealedAgeSeconds} / ${run.sealing.drainSeconds}`;
  const service = (name: string, run: ServiceRun) =>
    `| ${name} | **${f(run.eventsPerSecond)}** | ${run.seconds.toFixed(1)} | ${run.serviceCpuMicrosPerEvent} | ` +
    `${run.postgresCpuMicrosPerEvent ?? 'n/a'} | ${run.peakRssMiB} | ${sealing(run)} | ${load(run.machineLoad)} |`;
  const peer = (name: string, run: PeerRun | undefined) =>
    `| ${name} | ${f(run?.eventsPerSecond)} | ${run?.seconds.toFixed(1) ?? ''} | ${run?.cpuMicrosPerEvent ?? ''} | | ${run?.peakRssMiB ?? ''} | | |`;
  const plain = (name: string, run: Throughput | undefined, note = '') =>
    `| ${name} | ${f(run?.eventsPerSecond)} | ${run?.seconds.toFixed(1) ?? ''} | | | | | ${note} |`;
  const v = r.verify;
  const rows = [
    `| ${f(r.events)} events (Emmett: ${f(r.peerEvents)}), one run, one PostgreSQL | events/s | seconds | service CPU µs/event | PostgreSQL CPU µs/event | peak RSS MiB | seal lag s: gauge max / oldest unsealed max / drain | machine: load avg, busy, steal |`,
    '|---|---:|---:|---:|---:|---:|---|---|',
    service('this store: HTTP batches of 1,000, 1 at a time (+ timeline)', r.http.concurrent1),
    service('this store: HTTP batches of 1,000, 4 at a time (+ timeline)', r.http.concurrent4),
    service(
      'this store: HTTP batches of 1,000, 4 at a time over 2 instances (+ timeline)',
      r.http.concurrent4Instances2,
    ),
    ...(r.baseline === undefined
      ? []
      : [service(`baseline ${r.baseline.commit}: Kafka → store + timeline, 1 consumer`, r.baseline)]),
    service('this store: Kafka → store + timeline, 1 consumer', r.kafka.consumers1),
    service(
      'this store: Kafka → store + timeline, 2 consumers on 2 partitions',
      r.kafka.consumers2Partitions2,
    ),
    peer('Emmett PostgreSQL event store, plain, 1 caller', r.emmett['plain-1']),
    peer('Emmett PostgreSQL event store, plain, 16 callers', r.emmett['plain-16']),
    peer('Emmett, inline projection (Pongo document per change), 1 caller', r.emmett['projection-1']),
    peer('Emmett, inline projection (Pongo document per change), 16 callers', r.emmett['projection-16']),
    plain('raw COPY into a bare table (id, change, time, jsonb)', r.rawCopy as Throughput),
    plain('raw COPY, just before the rebuild (same database)', r.rawCopyBesideRebuild),
    plain('change timeline rebuild (on the HTTP store)', r.rebuild),
    plain('verify: GET /v1/audit/verify, the walk', v?.walk, `${f(v?.walk.events)} events`),
    plain(
      'verify: `changectl audit verify --checkpoints --full`',
      v?.checkpointsFull,
      `${f(v?.checkpointsFull.events)} events, ${v?.checkpointsFull.checkpointsVerified ?? 0} checkpoints`,
    ),
    plain(
      'verify: `changectl audit verify --checkpoints`, incremental',
      v?.checkpointsIncremental,
      `${f(v?.checkpointsIncremental.events)} events since the last verified checkpoint, ` +
        `${v?.checkpointsIncremental.checkpointsVerified ?? 0} checkpoints`,
    ),
    plain(
      'verify: GET /v1/audit/verify after the increment',
      v?.walkAfterIncrement,
      `${f(v?.walkAfterIncrement.events)} events`,
    ),
  ];
  const x = r.ratios;
  const perRound = (name: string, ratios: number[]) =>
    ratios.length > 1
      ? [`${name} in each round: ${ratios.join(', ')}; below, the round of the median ratio.`]
      : [];
  return [
    ...rows,
    '',
    ...perRound('Kafka / baseline', r.rounds.kafkaToBaseline),
    ...perRound('4 concurrent HTTP batches / 1', r.rounds.http4To1),
    `Ratios in this run (with rounds: of the round of the median ratio, whose cases the table shows): Kafka / baseline ${x['kafkaToBaseline'] ?? 'n/a'} (target ≥ 1.3); Kafka / HTTP ` +
      `${x['kafkaToHttp']} (≥ 0.9); Kafka / Emmett with projection (its better concurrency) ` +
      `${x['kafkaToEmmettWithProjection']} (≥ 5); 4 concurrent HTTP batches / 1 ${x['http4To1']} (≥ 1.5); ` +
      `(4 over 2 instances / 1: ${x['http4Over2InstancesTo1']}; the service used ` +
      `${serviceCores(r.http.concurrent1)} cores with 1 at a time and ${serviceCores(r.http.concurrent4)} with 4: ` +
      `one process's JavaScript runs on one core); ` +
      `2 consumers / 1 ${x['kafka2ConsumersTo1']} (≥ 1); rebuild / raw COPY ${x['rebuildToRawCopy']} (≥ 0.5). ` +
      `Peak RSS of any service process ${r.peakRssMiB} MiB (≤ 300). Largest sealing lag while ingesting ` +
      `${r.maxSealLagSeconds} s (≤ 5).`,
    '',
    `Machine: ${String(r.machine['cpu'])}, ${String(r.machine['cores'])} cores, Node ${String(r.machine['node'])}, ` +
      `PostgreSQL ${String(r.machine['postgres'])}; over the whole run: load average ${load(r.machineLoad)}. ${r.date}`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

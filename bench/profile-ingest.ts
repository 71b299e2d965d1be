// `npm run profile:ingest`: CPU per ingested change event on the service's ingest paths, with a CPU
// profile of where it goes. The app runs in this process (as createApp builds it for production) on a
// fresh database of DATABASE_URL's server (or an embedded PostgreSQL); the load comes from a child
// process, so this process's CPU is the service's alone:
// - http: POST /v1/change-events, batches of 1,000, one at a time or PROFILE_HTTP_CONCURRENCY at a time
//   (embedded mode: stored before the 202);
// - kafka (when KAFKA_BROKERS is set): the events on a topic of this run, read by the consumer.
// Prints µs of CPU per event and the self time per module, and writes the .cpuprofile files (open them in
// Chrome DevTools or speedscope) to PROFILE_DIR. Knobs: PROFILE_EVENTS (20,000), PROFILE_PATHS
// (`http,kafka`), PROFILE_DIR (a temporary directory), PROFILE_SAMPLING_US (500), PROFILE_FREEZE_WINDOW=1
// (declare a recurring freeze window first, as installations have: every started change is then checked
// against it in the ingest transaction; the window never covers the events, so nothing is refused).
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createApp, type RunningApp } from '../src/bootstrap';
import { CHANGE_EVENT_RECORDED } from '../src/changes/domain/change-stream';
import { loadConfig } from '../src/config/app-config';
import { EventStore } from '../src/event-store/event-store';
import { generateChangeEvents } from './generators/change-events';
import { startBenchDatabase } from './support/infra';

const ROOT = path.resolve(__dirname, '..');
const EVENTS = Number(process.env['PROFILE_EVENTS'] ?? 20_000);
const WARMUP_EVENTS = 3_000;
const BATCH = 1_000;
const PATHS = (process.env['PROFILE_PATHS'] ?? 'http,kafka').split(',').filter((p) => p !== '');
const SAMPLING_US = Number(process.env['PROFILE_SAMPLING_US'] ?? 500);
const OUT_DIR = process.env['PROFILE_DIR'] ?? mkdtempSync(path.join(os.tmpdir(), 'profile-ingest-'));
const FREEZE_WINDOW = process.env['PROFILE_FREEZE_WINDOW'] === '1';
/** Requests the HTTP load keeps in flight (bench:store's 4 / 1 target compares 4 with 1). */
const HTTP_CONCURRENCY = Number(process.env['PROFILE_HTTP_CONCURRENCY'] ?? 1);
const ADMIN_KEY = 'profile-admin-key';
const API_KEYS = JSON.stringify([{ key: ADMIN_KEY, roles: ['admin'], name: 'profile-admin' }]);

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where a frame's code lives: a package, a file of src/ or bench/, a Node internal, or V8's own bucket. */
function moduleOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg !== null) return pkg[1] ?? url;
  const own = /\/((?:src|bench)\/.+)$/.exec(url);
  return own?.[1] ?? url;
}

/**
 * What the service was doing, by the frames on the stack: the first rule any frame matches, in this
 * order (so the sealer's hashing counts as sealing, not as the append's). Stacks without a frame of
 * src/ (socket reads, pg parsing the rows a query returns, timers) go by their innermost frame.
 */
const ACTIVITIES: readonly (readonly [string, RegExp])[] = [
  ['checkpoint sealing (reads events back, re-hashes)', /^src\/event-store\/checkpoints\//],
  ['suspects projector (reads change events back)', /^src\/correlation\//],
  ['live updates', /^src\/live-updates\//],
  ['HTTP body parsing (json-body)', /^src\/common\/http\/json-body/],
  ['validation (batch, contract, Kafka message)', /^src\/(contracts\/|common\/http\/batch-intake)/],
  ['append: canonical encoding + SHA-256', /^src\/event-store\/domain\/event-hash/],
  ['append: rows, COPY (event store)', /^src\/(event-store\/|database\/copy-rows)/],
  ['change timeline projection', /^src\/changes\/(infrastructure|domain)\//],
  ['Kafka consumer (own code)', /^src\/messaging\//],
  ['other service code', /^src\//],
  [
    // Work with no service frame on its stack: socket writes of COPY data, protocol parsing, result rows.
    'pg driver (socket I/O, protocol, rows)',
    /^(pg|pg-protocol|pg-types|pg-pool|postgres-date|postgres-array|pg-copy-streams|typeorm)$/,
  ],
  ['kafkajs', /^kafkajs$/],
  ['HTTP server (Fastify, Nest)', /^(fastify|@fastify\/.*|@nestjs\/.*|find-my-way|avvio|light-my-request)$/],
  ['garbage collector', /^\(garbage collector\)$/],
];

interface Summary {
  readonly activities: [string, number][];
  readonly functions: [string, number][];
}

/**
 * Self time per activity and per function, as shares of the busy samples in the window: idle left out,
 * and the profiler's own work (stopping and serialising the profile) too.
 */
function summarise(profile: CpuProfile): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parentOf = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parentOf.set(child, n.id);
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const activities = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of selfMicros) {
    const leaf = byId.get(id);
    if (leaf === undefined || leaf.callFrame.functionName === '(idle)') continue;
    const stack: string[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame !== undefined) stack.push(moduleOf(frame));
    }
    if (stack.includes('node:inspector')) continue;
    busy += micros;
    const own = stack.filter((where) => where.startsWith('src/'));
    const library = stack.find((where) => !/^(src\/|bench\/|node:|\()/.test(where));
    const candidates = own.length > 0 ? own : [library ?? stack[0] ?? ''];
    const activity =
      ACTIVITIES.find(([, rule]) => candidates.some((where) => rule.test(where)))?.[0] ?? 'other';
    activities.set(activity, (activities.get(activity) ?? 0) + micros);
    const name = `${leaf.callFrame.functionName || '(anonymous)'} ${stack[0] ?? ''}:${leaf.callFrame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + micros);
  }
  const shares = (m: Map<string, number>, n: number): [string, number][] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => [k, v / (busy || 1)]);
  return { activities: shares(activities, ACTIVITIES.length + 1), functions: shares(functions, 25) };
}

/** `input` in a file for a load process (written before the measurement starts). */
function loadFile(input: unknown): string {
  const file = path.join(OUT_DIR, `load-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(input));
  return file;
}

/** Runs `script` (CommonJS, from the repository root) in a child process, with `file` as its argv[1]. */
async function runLoad(script: string, file: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', script, file], { cwd: ROOT, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load process exited with ${code}`);
}

const POST_BATCHES = `
const { url, key, bodies, concurrency } = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
let next = 0;
const lane = async () => {
  for (let body = bodies[next++]; body !== undefined; body = bodies[next++]) {
    const reply = await fetch(url, {
      method: 'POST',
      headers: { authorization: 'Bearer ' + key, 'content-type': 'application/json' },
      body,
    });
    const text = await reply.text();
    if (reply.status !== 202) throw new Error('HTTP ' + reply.status + ' ' + text.slice(0, 500));
  }
};
Promise.all(Array.from({ length: concurrency ?? 1 }, lane)).catch((e) => { console.error(e); process.exit(1); });`;

const PRODUCE = `
const { Kafka, logLevel } = require('kafkajs');
const { brokers, topic, messages } = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
(async () => {
  const producer = new Kafka({ clientId: 'profile-ingest', brokers: brokers.split(','), logLevel: logLevel.NOTHING })
    .producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 2000)
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 2000) });
  await producer.disconnect();
})().catch((e) => { console.error(e); process.exit(1); });`;

async function storedEvents(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM events`);
    return Number(r.rows[0]?.n ?? 0);
  } finally {
    await db.end();
  }
}

async function startApp(env: Record<string, string>): Promise<{ app: RunningApp; baseUrl: string }> {
  const app = await createApp(loadConfig({ API_KEYS, LOG_LEVEL: 'warn', PORT: '1', ...env }));
  await app.app.listen(0, '127.0.0.1');
  const address = (app.app.getHttpServer() as Server).address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}`;
  if (FREEZE_WINDOW) await declareFreezeWindow(baseUrl);
  return { app, baseUrl };
}

/** A weekly one-hour freeze in the small hours of Sunday (UTC), which the generated events never fall in. */
async function declareFreezeWindow(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/freeze-windows`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` },
    body: JSON.stringify({
      name: 'profile: weekly maintenance freeze',
      reason: 'profile-ingest',
      kind: 'deny',
      schedule: { type: 'recurring', cron: '0 3 * * SUN', duration: 'PT1H', timeZone: 'UTC' },
      scope: {},
    }),
  });
  if (res.status !== 201) throw new Error(`declaring the freeze window: ${res.status} ${await res.text()}`);
}

/** The events as the load sends them, ids unique to this run and phase. */
function eventsOf(count: number, seed: number, prefix: string): string[] {
  return generateChangeEvents(count, seed, prefix).map((e) => JSON.stringify(e));
}

function bodiesOf(values: readonly string[]): string[] {
  const bodies: string[] = [];
  for (let i = 0; i < values.length; i += BATCH) bodies.push(`[${values.slice(i, i + BATCH).join(',')}]`);
  return bodies;
}

async function waitForStored(databaseUrl: string, count: number): Promise<void> {
  const deadline = Date.now() + 600_000;
  while ((await storedEvents(databaseUrl)) < count) {
    if (Date.now() > deadline) throw new Error(`fewer than ${count} events stored after 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Measured {
  readonly path: string;
  readonly events: number;
  readonly seconds: number;
  readonly cpuMicrosPerEvent: number;
  readonly profileFile: string;
}

/** CPU of this process (the app) and a CPU profile while `load` runs. */
async function measure(name: string, events: number, load: () => Promise<void>): Promise<Measured> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_US });
  await session.post('Profiler.start');
  const cpu = process.cpuUsage();
  const started = performance.now();
  await load();
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  session.disconnect();
  const profileFile = path.join(OUT_DIR, `ingest-${name}.cpuprofile`);
  writeFileSync(profileFile, JSON.stringify(profile));
  const cpuMicrosPerEvent = (used.user + used.system) / events;
  report(`${name}: ${events} events in ${seconds.toFixed(1)} s`, profile, cpuMicrosPerEvent);
  return { path: name, events, seconds, cpuMicrosPerEvent, profileFile };
}

function report(title: string, profile: CpuProfile, cpuMicrosPerEvent: number): void {
  const { activities, functions } = summarise(profile);
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  const micros = (share: number) => `${(share * cpuMicrosPerEvent).toFixed(1).padStart(6)} µs`;
  console.log(`\n${title}, ${cpuMicrosPerEvent.toFixed(0)} µs CPU/event`);
  console.log('by activity (share of busy samples, and of the CPU per event):');
  for (const [activity, share] of activities) console.log(`  ${pct(share)} ${micros(share)}  ${activity}`);
  console.log('hottest functions (self time):');
  for (const [fn, share] of functions) console.log(`  ${pct(share)} ${micros(share)}  ${fn}`);
}

async function profileHttp(): Promise<Measured> {
  const database = await startBenchDatabase();
  const { app, baseUrl } = await startApp({ DATABASE_URL: database.databaseUrl });
  try {
    const url = `${baseUrl}/v1/change-events`;
    const warm = bodiesOf(eventsOf(WARMUP_EVENTS, 7, 'warm'));
    await runLoad(POST_BATCHES, loadFile({ url, key: ADMIN_KEY, bodies: warm }));
    const bodies = bodiesOf(eventsOf(EVENTS, 1, 'http'));
    const load = loadFile({ url, key: ADMIN_KEY, bodies, concurrency: HTTP_CONCURRENCY });
    const measured = await measure('http', EVENTS, () => runLoad(POST_BATCHES, load));
    await compareReadBacks(app, database.databaseUrl);
    return measured;
  } finally {
    await app.close();
    await database.stop();
  }
}

/** Once the sealer has caught up (the app is idle): whole rows against payloads only, per event read back. */
async function compareReadBacks(app: RunningApp, databaseUrl: string): Promise<void> {
  const sealed = async (): Promise<boolean> => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const r = await db.query<{ done: boolean }>(
        `SELECT coalesce((SELECT max(tree_size) FROM audit_checkpoints), 0) >= (SELECT count(*) FROM events) AS done`,
      );
      return r.rows[0]?.done === true;
    } finally {
      await db.end();
    }
  };
  for (let waited = 0; !(await sealed()) && waited < 120; waited++)
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  const store = app.app.get(EventStore);
  const types = [CHANGE_EVENT_RECORDED];
  const readEvery = async (read: (after: bigint) => Promise<{ events: unknown[]; readUpTo: bigint }>) => {
    const cpu = process.cpuUsage();
    let events = 0;
    for (let after = 0n; ;) {
      const page = await read(after);
      events += page.events.length;
      if (page.events.length === 0) break;
      after = page.readUpTo;
    }
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / events;
  };
  console.log('\nreading every change event back (as the suspects projector does), CPU µs per event:');
  for (let round = 1; round <= 3; round++) {
    const rows = await readEvery((after) => store.readAllOfTypes(after, types, 5_000));
    const payloads = await readEvery((after) => store.readPayloadsOfTypes(after, types, 5_000));
    console.log(
      `  round ${round}: whole rows ${rows.toFixed(1)}, position + type + data ${payloads.toFixed(1)} ` +
        `(${(payloads / rows).toFixed(2)} ×)`,
    );
  }
}

async function profileKafka(brokers: string): Promise<Measured> {
  const database = await startBenchDatabase();
  const topic = `profile-ingest-${Date.now()}`;
  const { app } = await startApp({
    DATABASE_URL: database.databaseUrl,
    KAFKA_BROKERS: brokers,
    KAFKA_CHANGE_EVENTS_TOPIC: topic,
    KAFKA_GROUP_ID: topic,
    KAFKA_CLIENT_ID: topic,
    KAFKA_TOPIC_PARTITIONS: '1',
  });
  try {
    const message = (value: string) => ({ key: (JSON.parse(value) as { changeId: string }).changeId, value });
    const warm = eventsOf(WARMUP_EVENTS, 7, 'warm').map(message);
    await runLoad(PRODUCE, loadFile({ brokers, topic, messages: warm }));
    await waitForStored(database.databaseUrl, WARMUP_EVENTS);
    const load = loadFile({ brokers, topic, messages: eventsOf(EVENTS, 1, 'kafka').map(message) });
    return await measure('kafka', EVENTS, async () => {
      await runLoad(PRODUCE, load);
      await waitForStored(database.databaseUrl, WARMUP_EVENTS + EVENTS);
    });
  } finally {
    await app.close();
    await database.stop();
  }
}

async function main(): Promise<void> {
  // `profile-ingest.ts <file.cpuprofile> <µs per event>`: the summary of a profile written before.
  const [file, cpu] = process.argv.slice(2);
  if (file !== undefined) {
    report(file, JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(cpu ?? 0));
    return;
  }
  const results: Measured[] = [];
  if (PATHS.includes('http')) results.push(await profileHttp());
  const brokers = process.env['KAFKA_BROKERS'];
  if (PATHS.includes('kafka')) {
    if (brokers === undefined) console.log('\nkafka: skipped (KAFKA_BROKERS is not set)');
    else results.push(await profileKafka(brokers));
  }
  console.log('\nsummary (profiles in %s):', OUT_DIR);
  for (const r of results) {
    console.log(
      `  ${r.path.padEnd(6)} ${r.cpuMicrosPerEvent.toFixed(0).padStart(5)} µs CPU/event  ` +
        `${(r.events / r.seconds).toFixed(0)} events/s  ${r.profileFile}`,
    );
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

// `npm run bench:ingest`: end-to-end ingest throughput from Kafka into the event store and the change
// timeline, next to two ceilings measured in the same run on the same data: a raw kafkajs consumer that
// only reads the topic, and a raw COPY of the same rows into a bare table. Results are written to
// bench/results/ingest.{json,md}; nothing is asserted.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { Client } from 'pg';
import { generateChangeEvents } from './generators/change-events';
import { machine, startBenchInfra } from './support/infra';
import { measureRawCopy } from './support/raw-copy';

const ROOT = path.resolve(__dirname, '../..');
const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 200_000);
const PARTITIONS = 6;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const infra = await startBenchInfra();
  const kafka = new Kafka({ clientId: 'bench', brokers: [infra.brokers], logLevel: logLevel.NOTHING });
  const topic = `bench-change-events-${Date.now()}`;
  try {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: PARTITIONS },
        { topic: `${topic}.dlq`, numPartitions: PARTITIONS },
      ],
    });
    await admin.disconnect();

    console.log(`generating and producing ${EVENTS} events to ${topic}...`);
    const events = generateChangeEvents(EVENTS, 7, 'bench');
    const values = events.map((e) => JSON.stringify(e));
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const produceStart = performance.now();
    for (let i = 0; i < events.length; i += 2_000) {
      await producer.send({
        topic,
        acks: -1,
        messages: events.slice(i, i + 2_000).map((e, j) => ({ key: e.changeId, value: values[i + j] ?? '' })),
      });
    }
    const produceSeconds = (performance.now() - produceStart) / 1000;
    await producer.disconnect();

    const rawConsumer = await measureRawConsumer(kafka, topic);
    console.log(`raw kafkajs consumer: ${Math.round(rawConsumer.eventsPerSecond)} events/s`);
    const rawCopy = await measureRawCopy(infra.databaseUrl, events, values);
    console.log(`raw COPY: ${Math.round(rawCopy.eventsPerSecond)} events/s`);
    const service = await measureService(infra.brokers, infra.databaseUrl, topic);
    console.log(`service end to end: ${Math.round(service.eventsPerSecond)} events/s`);

    const slowerRaw = Math.min(rawConsumer.eventsPerSecond, rawCopy.eventsPerSecond);
    const result = {
      benchmark: 'ingest',
      date: new Date().toISOString(),
      machine: { ...machine(), postgres: infra.postgres, kafka: '3.9.1 (KRaft, single node, 127.0.0.1)' },
      events: EVENTS,
      partitions: PARTITIONS,
      produceEventsPerSecond: Math.round(EVENTS / produceSeconds),
      rawKafkaConsumer: rawConsumer,
      rawPostgresCopy: rawCopy,
      service,
      ratioToSlowerRaw: Number((service.eventsPerSecond / slowerRaw).toFixed(2)),
      targets: { eventsPerSecond: 20_000, ratioToSlowerRaw: 0.5 },
    };
    writeFileSync(path.join(ROOT, 'bench/results/ingest.json'), `${JSON.stringify(result, null, 2)}\n`);
    writeFileSync(path.join(ROOT, 'bench/results/ingest.md'), markdown(result));
    console.log(markdown(result));
  } finally {
    if (process.env['BENCH_KEEP'] !== '1') await removeBenchData(kafka, topic, infra.databaseUrl);
    await infra.stop();
  }
}

/**
 * A run leaves ~450 MB of database and a 200,000-message topic behind; on shared infrastructure
 * (DATABASE_URL, KAFKA_BROKERS) they are dropped afterwards. BENCH_KEEP=1 keeps them for inspection.
 */
async function removeBenchData(kafka: Kafka, topic: string, databaseUrl: string): Promise<void> {
  if (process.env['KAFKA_BROKERS'] !== undefined) {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch((error: unknown) => {
      console.warn(`could not delete the bench topics: ${String(error)}`);
    });
    await admin.disconnect();
  }
  const maintenance = process.env['DATABASE_URL'];
  const name = new URL(databaseUrl).pathname.slice(1);
  if (maintenance !== undefined && /^bench_\d+$/.test(name)) {
    const client = new Client({ connectionString: maintenance });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

interface Throughput {
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/** Ceiling (a): a consumer group that only reads every message of the topic. */
async function measureRawConsumer(kafka: Kafka, topic: string): Promise<Throughput> {
  const consumer = kafka.consumer({
    groupId: `bench-raw-${Date.now()}`,
    maxBytesPerPartition: 4 * 1024 * 1024,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let first = 0;
  let last = 0;
  await consumer.run({
    eachBatchAutoResolve: true,
    eachBatch: ({ batch }) => {
      if (first === 0) first = performance.now();
      seen += batch.messages.length;
      last = performance.now();
      return Promise.resolve();
    },
  });
  while (seen < EVENTS) await sleep(20);
  await consumer.disconnect();
  const seconds = (last - first) / 1000;
  return { seconds, eventsPerSecond: EVENTS / seconds };
}

/**
 * CPU time per event over the measured window, where the processes are on this machine: the service
 * process, and the PostgreSQL backends serving the bench database. On a shared machine these say more
 * than wall-clock throughput does.
 */
interface CpuPerEvent {
  readonly serviceMicros: number;
  readonly postgresMicros: number | null;
  /** 1-minute load average of the machine when the measurement started and ended. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

/** CPU time of a process so far, in microseconds (Linux /proc; 0 if unreadable). */
function cpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, in clock ticks (USER_HZ = 100 on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

async function backendCpuMicros(db: Client): Promise<Map<number, number>> {
  const r = await db.query<{ pid: number }>(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`,
  );
  return new Map(r.rows.map((row) => [row.pid, cpuMicros(row.pid)]));
}

/** The service as deployed: its own process, consuming the topic into store + projection. */
async function measureService(
  brokers: string,
  databaseUrl: string,
  topic: string,
): Promise<Throughput & { peakRssMiB: number; startupSeconds: number; cpuPerEvent: CpuPerEvent }> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const spawned = performance.now();
  const nodeArgs = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: brokers,
      KAFKA_CHANGE_EVENTS_TOPIC: topic,
      KAFKA_GROUP_ID: `bench-service-${Date.now()}`,
      API_KEYS: JSON.stringify([{ key: 'bench-admin-key', roles: ['admin'], name: 'bench-admin' }]),
      LOG_LEVEL: process.env['BENCH_LOG_LEVEL'] ?? 'warn',
      PORT: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const stored = async () => {
    const r = await db.query<{ n: string }>(`SELECT coalesce(max(global_position), 0) AS n FROM events`);
    return Number(r.rows[0]?.n ?? 0);
  };
  let firstAt = 0;
  let firstCount = 0;
  let peakRss = 0;
  let serviceCpuAtFirst = 0;
  let backendsAtFirst = new Map<number, number>();
  const loadAverage = (): number => Number((os.loadavg()[0] ?? 0).toFixed(2));
  let loadAtFirst = 0;
  let cpuPerEvent: CpuPerEvent = {
    serviceMicros: 0,
    postgresMicros: null,
    loadAverage: { start: 0, end: 0 },
  };
  try {
    for (;;) {
      const n = await stored();
      if (child.pid !== undefined) peakRss = Math.max(peakRss, peakRssKiB(child.pid));
      if (firstAt === 0 && n > 0) {
        firstAt = performance.now();
        firstCount = n;
        serviceCpuAtFirst = child.pid === undefined ? 0 : cpuMicros(child.pid);
        backendsAtFirst = await backendCpuMicros(db);
        loadAtFirst = loadAverage();
      }
      if (n >= EVENTS && child.pid !== undefined) {
        const events = n - firstCount;
        const backendsNow = await backendCpuMicros(db);
        let postgres = 0;
        for (const [pid, before] of backendsAtFirst) postgres += (backendsNow.get(pid) ?? before) - before;
        cpuPerEvent = {
          serviceMicros: Math.round((cpuMicros(child.pid) - serviceCpuAtFirst) / events),
          postgresMicros: postgres > 0 ? Math.round(postgres / events) : null,
          loadAverage: { start: loadAtFirst, end: loadAverage() },
        };
      }
      if (n >= EVENTS) break;
      if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}`);
      await sleep(10);
    }
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    await db.end();
  }
  const done = performance.now();
  const seconds = (done - firstAt) / 1000;
  return {
    seconds,
    eventsPerSecond: (EVENTS - firstCount) / seconds,
    startupSeconds: (firstAt - spawned) / 1000,
    peakRssMiB: Math.round(peakRss / 1024),
    cpuPerEvent,
  };
}

function peakRssKiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

function markdown(r: {
  date: string;
  machine: Record<string, string | number>;
  events: number;
  rawKafkaConsumer: Throughput;
  rawPostgresCopy: Throughput;
  service: Throughput & { peakRssMiB: number; cpuPerEvent: CpuPerEvent };
  ratioToSlowerRaw: number;
  produceEventsPerSecond: number;
}): string {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  return [
    `| ${f(r.events)} events | events/s | seconds |`,
    '|---|---:|---:|',
    `| service: Kafka → validate → event store + timeline (one transaction per chunk) | **${f(r.service.eventsPerSecond)}** | ${r.service.seconds.toFixed(1)} |`,
    `| raw kafkajs consumer (read only) | ${f(r.rawKafkaConsumer.eventsPerSecond)} | ${r.rawKafkaConsumer.seconds.toFixed(1)} |`,
    `| raw PostgreSQL COPY into a bare table | ${f(r.rawPostgresCopy.eventsPerSecond)} | ${r.rawPostgresCopy.seconds.toFixed(1)} |`,
    '',
    `Service / slower raw figure: **${r.ratioToSlowerRaw}** (target ≥ 0.5; target ≥ 20,000 events/s). ` +
      `Service peak RSS ${r.service.peakRssMiB} MiB. Producing the data set ran at ${f(r.produceEventsPerSecond)} events/s.`,
    '',
    `CPU per event while ingesting: service ${r.service.cpuPerEvent.serviceMicros} µs, PostgreSQL backends ` +
      (r.service.cpuPerEvent.postgresMicros === null
        ? 'n/a (not on this machine)'
        : `${r.service.cpuPerEvent.postgresMicros} µs`) +
      ` (machine load average ${r.service.cpuPerEvent.loadAverage.start} at the start, ` +
      `${r.service.cpuPerEvent.loadAverage.end} at the end, on ${String(r.machine['cores'])} cores).`,
    '',
    `Machine: ${String(r.machine['cpu'])}, ${String(r.machine['cores'])} cores, ${String(r.machine['memoryGiB'])} GiB, ` +
      `${String(r.machine['os'])}, Node ${String(r.machine['node'])}, PostgreSQL ${String(r.machine['postgres'])}, ` +
      `Kafka ${String(r.machine['kafka'])}. ${r.date}`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

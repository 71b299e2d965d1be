// Peak RSS and CPU per event of the built service (dist/src/main.js) consuming EVENTS change events from
// Kafka with one consumer (a topic of two partitions, as in bench:store), for several node argument sets,
// interleaved round by round so that machine load falls on each alike. Variants: KAFKA_RSS_VARIANTS,
// `label=node flags and NAME=value environment pairs` separated by `;` (e.g. `default=;semi32=--max-semi-space-size=32`);
// BENCH_SERVICE_ROOT=<a built checkout> runs that build instead (an A/B of two commits), BENCH_CONSUMERS=<n>
// starts n service processes in the group (CPU summed, RSS the largest).
// Run: npm run build && node dist/bench/kafka-rss.js (needs DATABASE_URL and KAFKA_BROKERS).
import { readFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { ensureDatabase } from '../src/database/provision';
import { generateChangeEvents } from './generators/change-events';
import { AppliedMessages } from './support/applied-messages';
import { PostgresCpu } from './support/postgres-cpu';
import { startBenchService, type BenchService } from './support/service';

const EVENTS = Number(process.env['KAFKA_RSS_EVENTS'] ?? 50_000);
const ROUNDS = Number(process.env['KAFKA_RSS_ROUNDS'] ?? 2);
const VARIANTS = (process.env['KAFKA_RSS_VARIANTS'] ?? 'default=;semi32=--max-semi-space-size=32')
  .split(';')
  .map((variant) => {
    const at = variant.indexOf('=');
    return at < 0
      ? { label: variant, args: '' }
      : { label: variant.slice(0, at), args: variant.slice(at + 1) };
  });
const API_KEYS = JSON.stringify([{ key: 'bench-admin-key', roles: ['admin'], name: 'bench-admin' }]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function peakRssMiB(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function run(
  brokers: string,
  maintenance: string,
  values: readonly string[],
  keys: readonly string[],
  nodeArgs: string,
) {
  const stamp = `${Date.now()}`;
  const databaseUrl = await ensureDatabase(maintenance, `kafka_rss_${stamp}`);
  const kafka = new Kafka({ clientId: 'kafka-rss', brokers: [brokers], logLevel: logLevel.NOTHING });
  const topic = `kafka-rss-${stamp}`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: 2 },
      { topic: `${topic}.dlq`, numPartitions: 2 },
    ],
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < values.length; i += 2_000)
    await producer.send({
      topic,
      acks: -1,
      messages: values.slice(i, i + 2_000).map((value, j) => ({ key: keys[i + j] ?? '', value })),
    });
  await producer.disconnect();
  // A variant's arguments: node flags, and NAME=value pairs for the service's environment.
  const words = nodeArgs.split(' ').filter((w) => w !== '');
  process.env['BENCH_NODE_ARGS'] = words.filter((w) => w.startsWith('-')).join(' ');
  const {
    BENCH_SERVICE_ROOT: root,
    BENCH_CONSUMERS: consumers = '1',
    ...extraEnv
  } = Object.fromEntries(
    words
      .filter((w) => !w.startsWith('-'))
      .map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]),
  );
  const services: BenchService[] = [];
  try {
    for (let i = 0; i < Number(consumers); i++)
      services.push(
        await startBenchService(
          {
            DATABASE_URL: databaseUrl,
            KAFKA_BROKERS: brokers,
            KAFKA_CHANGE_EVENTS_TOPIC: topic,
            KAFKA_GROUP_ID: `kafka-rss-${stamp}`,
            KAFKA_TOPIC_PARTITIONS: '2',
            API_KEYS,
            LOG_LEVEL: 'warn',
            ...extraEnv,
          },
          120_000,
          root,
        ),
      );
    const cpuOf = () => services.reduce((sum, s) => sum + s.cpuMicros(), 0);
    const rssOf = () => Math.max(...services.map((s) => peakRssMiB(s.child.pid)));
    const postgres = await PostgresCpu.open(databaseUrl);
    const cpuStart = cpuOf();
    const applied = await AppliedMessages.open(databaseUrl, `kafka-rss-${stamp}`);
    const first = await applied.count();
    const started = performance.now();
    let peak = 0;
    for (;;) {
      peak = Math.max(peak, rssOf());
      if ((await applied.count()) >= values.length) break;
      await sleep(50);
    }
    const seconds = (performance.now() - started) / 1000;
    const measured = values.length - first;
    const pg = await postgres.close();
    await applied.close();
    return {
      peakRssMiB: Math.max(peak, rssOf()),
      serviceUsPerEvent: Math.round((cpuOf() - cpuStart) / measured),
      postgresUsPerEvent: pg === null ? null : Math.round(pg / measured),
      eventsPerSecond: Math.round(measured / seconds),
      measured,
      load1: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
    };
  } finally {
    for (const service of services) await service.stop();
    await admin.deleteTopics({ topics: [topic, `${topic}.dlq`] }).catch(() => undefined);
    await admin.disconnect();
  }
}

async function main(): Promise<void> {
  const brokers = process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092';
  const maintenance = process.env['DATABASE_URL'] ?? '';
  const events = generateChangeEvents(EVENTS, 7, 'bench');
  const values = events.map((e) => JSON.stringify(e));
  const keys = events.map((e) => e.changeId);
  for (let round = 1; round <= ROUNDS; round++)
    for (const { label, args } of round % 2 === 1 ? VARIANTS : [...VARIANTS].reverse()) {
      const result = await run(brokers, maintenance, values, keys, args);
      console.log(JSON.stringify({ round, label, args, ...result }));
    }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

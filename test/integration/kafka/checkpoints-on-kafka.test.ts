import { randomBytes } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import request from 'supertest';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import {
  CHECKPOINT_ORIGIN,
  checkCheckpoint,
  trustedKeys,
  type Checkpoint,
} from '../../../src/event-store/domain/checkpoint';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { checkpointPublishLag, declareFutureWindow, newSigningKey } from '../../support/checkpoints';
import { createTestDatabase, superuserClient } from '../../support/database';
import { testBrokers, testKafka } from '../../support/kafka';
import { OwnKafka } from '../../support/own-infra';
import { waitFor, waitForReady } from '../../support/service-process';

/** What a verifier reads off the topic: every message, in offset order. */
interface TopicCheckpoint {
  readonly key: string | undefined;
  readonly contentType: string | undefined;
  readonly checkpoint: Checkpoint;
}

/** The whole topic, read from the beginning by a consumer of the test's own (not the service's reader). */
async function readTopic(kafka: Kafka, topic: string): Promise<TopicCheckpoint[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const high = Number(offsets[0]?.high ?? 0);
  if (high === 0) return [];
  const messages: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId: `checkpoint-reader-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          messages.push(message);
          if (Number(message.offset) >= high - 1) resolve();
          return Promise.resolve();
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return messages.map((m) => ({
    key: m.key?.toString(),
    contentType: m.headers?.['content-type']?.toString(),
    checkpoint: JSON.parse(m.value?.toString() ?? '') as Checkpoint,
  }));
}

async function topicEnd(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  return Number(offsets[0]?.high ?? 0);
}

/** Every checkpoint the database holds, in tree-size order. */
async function sealedSizes(databaseUrl: string): Promise<number[]> {
  const sql = await superuserClient(databaseUrl);
  try {
    const { rows } = await sql.query<{ tree_size: string }>(
      'SELECT tree_size FROM audit_checkpoints ORDER BY tree_size',
    );
    return rows.map((r) => Number(r.tree_size));
  } finally {
    await sql.end();
  }
}

/** The topic holds every sealed checkpoint exactly once, in order, each signed by `publicPem`. */
function expectTopicToMirror(
  onTopic: readonly TopicCheckpoint[],
  sealed: readonly number[],
  publicPem: string,
) {
  expect(onTopic.map((m) => m.checkpoint.treeSize)).toEqual(sealed);
  const keys = trustedKeys([publicPem]);
  for (const { key, contentType, checkpoint } of onTopic) {
    expect(checkCheckpoint(checkpoint, keys)).toBeUndefined();
    expect(key).toBe(CHECKPOINT_ORIGIN);
    expect(contentType).toBe('application/json');
  }
}

const as = (key: string) => ({ authorization: `Bearer ${key}` });

async function readinessEntry(app: TestApp): Promise<string | undefined> {
  const res = await request(app.baseUrl).get('/health/ready').set(as(KEYS.admin));
  return (res.body as { checks?: Record<string, string> }).checks?.['audit-checkpoints'];
}

/**
 * Signed checkpoints on a Kafka topic (AUDIT_CHECKPOINT_TOPIC), on the real broker and PostgreSQL: every
 * checkpoint the sealer stores appears once, in tree-size order, with a signature the public key
 * verifies; a restarted service carries on from the topic's last message; a compacted topic is refused;
 * a broker that is away holds nothing back, shows as lag and a degraded readiness entry, and the topic
 * catches up in order.
 */
describe('signed checkpoints on Kafka', () => {
  const suffix = randomBytes(4).toString('hex');
  const key = newSigningKey();
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp | undefined;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await database.drop();
  });

  it('publishes every checkpoint once, in order, signed; a restart republishes nothing', async () => {
    const topic = `audit-checkpoints-${suffix}`;
    const kafka = testKafka(`checkpoint-test-${suffix}`);
    const env = {
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: `change-events-ckpt-${suffix}`,
      KAFKA_INSIGHTS_TOPIC: `change-insights-ckpt-${suffix}`,
      KAFKA_GROUP_ID: `ckpt-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '2',
      AUDIT_CHECKPOINT_TOPIC: topic,
      AUDIT_SIGNING_KEY: key.privatePem,
      AUDIT_MAX_SEAL_DELAY_SECONDS: '1',
    };
    let published = 0;
    const publishAndWait = async (count: number, seed: number): Promise<void> => {
      published += count;
      const events = generateChangeEvents(count, seed, `ckpt${suffix}${seed}`).map((e) => ({
        ...e,
        source: 'argo-cd',
      }));
      await request(app?.baseUrl ?? '')
        .post('/v1/change-events')
        .set(as(KEYS.publisher))
        .send(events)
        .expect(202);
      const sql = await superuserClient(database.url);
      try {
        // Stored, sealed, and on the topic.
        await waitFor('the events sealed and the checkpoints on the topic', async () => {
          const { rows } = await sql.query<{ n: string; sealed: string | null }>(
            `SELECT (SELECT count(*) FROM events) AS n, (SELECT max(tree_size) FROM audit_checkpoints) AS sealed`,
          );
          const row = rows[0];
          // All of this batch stored (the consumer stores partitions apart), then all of it sealed.
          if (row === undefined || Number(row.n) < published || row.n !== row.sealed) return undefined;
          return (await topicEnd(kafka, topic)) === (await sealedSizes(database.url)).length
            ? true
            : undefined;
        });
      } finally {
        await sql.end();
      }
    };

    app = await startTestApp(env);
    await waitForReady(app.baseUrl);
    // The service made the topic: one partition, kept for ever, never compacted.
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.fetchTopicOffsets(topic)).toHaveLength(1);
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [
          { type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['cleanup.policy', 'retention.ms'] },
        ],
      });
      const config = Object.fromEntries(
        (resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]),
      );
      expect(config).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': '-1' });
    } finally {
      await admin.disconnect();
    }

    // Three batches a sealing round apart: several checkpoints.
    for (const seed of [1, 2, 3]) await publishAndWait(8, seed);
    const first = await sealedSizes(database.url);
    expect(first.length).toBeGreaterThanOrEqual(3);
    expectTopicToMirror(await readTopic(kafka, topic), first, key.publicPem);
    expect(await checkpointPublishLag(app.baseUrl, 'kafka')).toBe(0);

    // A restart reads where the topic ends and carries on: nothing again, nothing skipped.
    await app.close();
    app = await startTestApp(env);
    await waitForReady(app.baseUrl);
    await publishAndWait(5, 4);
    const second = await sealedSizes(database.url);
    expect(second.length).toBeGreaterThan(first.length);
    expectTopicToMirror(await readTopic(kafka, topic), second, key.publicPem);
  });

  it('refuses a compacted topic (it would keep one checkpoint): degraded, nothing published', async () => {
    const topic = `audit-checkpoints-compacted-${suffix}`;
    const kafka = testKafka(`checkpoint-compacted-${suffix}`);
    const admin = kafka.admin();
    await admin.connect();
    try {
      // As an operator might have made it, by mistake, before the service started.
      await admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      });
    } finally {
      await admin.disconnect();
    }
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: `change-events-compacted-${suffix}`,
      KAFKA_INSIGHTS_TOPIC: `change-insights-compacted-${suffix}`,
      KAFKA_CONSUMER: 'false',
      AUDIT_CHECKPOINT_TOPIC: topic,
      AUDIT_SIGNING_KEY: key.privatePem,
      AUDIT_MAX_SEAL_DELAY_SECONDS: '1',
    });
    const running = app;
    await declareFutureWindow(running.baseUrl, 'to seal');
    const entry = await waitFor('a degraded readiness entry', async () => {
      const value = await readinessEntry(running);
      return value?.startsWith('degraded') === true ? value : undefined;
    });
    expect(entry).toContain(`kafka is`);
    expect(entry).toContain(`${topic} has cleanup.policy=compact`);
    // The refusal can show before the first checkpoint is sealed (nothing is behind yet); then the lag grows.
    await waitFor('a kafka publish lag', async () =>
      ((await checkpointPublishLag(running.baseUrl, 'kafka')) ?? 0) > 0 ? true : undefined,
    );
    expect((await sealedSizes(database.url)).length).toBeGreaterThan(0);
    expect(await topicEnd(kafka, topic)).toBe(0);
  });

  it('goes on sealing while the broker is away, shows lag and degraded readiness, then catches up in order', async () => {
    const broker = await OwnKafka.start();
    try {
      const kafka = new Kafka({
        clientId: 'checkpoint-outage',
        brokers: [broker.brokers],
        logLevel: logLevel.NOTHING,
      });
      const topic = 'audit-checkpoints.v1';
      app = await startTestApp({
        DATABASE_URL: database.url,
        KAFKA_BROKERS: broker.brokers,
        KAFKA_CONSUMER: 'false',
        KAFKA_PUBLISH_TIMEOUT_MS: '2000',
        KAFKA_PROBE_INTERVAL_MS: '500',
        AUDIT_CHECKPOINT_TOPIC: topic,
        AUDIT_SIGNING_KEY: key.privatePem,
        AUDIT_MAX_SEAL_DELAY_SECONDS: '1',
      });
      const running = app;
      await waitForReady(running.baseUrl);
      await declareFutureWindow(running.baseUrl, 'before the outage');
      await waitFor('the first checkpoint on the topic, and no lag', async () =>
        (await topicEnd(kafka, topic)) > 0 && (await checkpointPublishLag(running.baseUrl, 'kafka')) === 0
          ? true
          : undefined,
      );

      await broker.stopBroker();
      await declareFutureWindow(running.baseUrl, 'during the outage 1');
      await declareFutureWindow(running.baseUrl, 'during the outage 2');
      // Sealing goes on: the database holds checkpoints the topic does not.
      const lag = await waitFor('a kafka publish lag', async () => {
        const seconds = await checkpointPublishLag(running.baseUrl, 'kafka');
        return seconds !== undefined && seconds > 0 ? seconds : undefined;
      });
      const entry = await waitFor('a degraded readiness entry naming kafka', async () => {
        const value = await readinessEntry(running);
        return value?.startsWith('degraded') === true && value.includes('kafka') ? value : undefined;
      });
      expect(entry).toMatch(/^degraded: .*kafka is \d+ s behind/);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(await checkpointPublishLag(running.baseUrl, 'kafka')).toBeGreaterThan(lag);
      const sealedDuringOutage = await sealedSizes(database.url);
      expect(sealedDuringOutage.length).toBeGreaterThanOrEqual(2);

      await broker.startBroker();
      await waitFor(
        'the topic to catch up',
        async () => ((await checkpointPublishLag(running.baseUrl, 'kafka')) === 0 ? true : undefined),
        60_000,
      );
      expect(await readinessEntry(running)).toBe('ok');
      expectTopicToMirror(await readTopic(kafka, topic), await sealedSizes(database.url), key.publicPem);
    } finally {
      await app?.close();
      app = undefined;
      await broker.destroy();
    }
    // A broker of its own started twice, on a loaded machine: minutes, not the default two.
  }, 300_000);
});

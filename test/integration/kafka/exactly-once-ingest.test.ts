import { randomBytes } from 'node:crypto';
import type { Kafka, Message } from 'kafkajs';
import type { Client } from 'pg';
import request from 'supertest';
import {
  generateChangeEvents,
  generateInvalidMessages,
  seededRandom,
  shuffle,
  type InvalidKind,
} from '../../../bench/generators/change-events';
import { KEYS } from '../../support/app';
import { createTopicWithDlq, testBrokers, testKafka } from '../../support/kafka';
import { createTestDatabase, superuserClient } from '../../support/database';
import { spawnService, waitFor, type ServiceProcess } from '../../support/service-process';

const VALID = 9_800;
const INVALID = 200;
const DUPLICATES = 500;
const PARTITIONS = 3;

async function count(db: Client, sql: string): Promise<number> {
  const result = await db.query<{ n: string }>(sql);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * invariants 1 and 2 of docs/design.md on the real broker and database: 10,000 change events (200 of them
 * invalid) plus 500 redeliveries of valid ones go through a consumer that is SIGKILLed mid-stream and
 * restarted. Exactly the 9,800 valid events are stored, once each; the 200 invalid ones are in the DLQ.
 */
describe('Kafka ingest: exactly-once effect across a SIGKILL', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `change-events-it-${suffix}`;
  const groupId = `change-audit-it-${suffix}`;
  const kafka = testKafka('it');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Client;
  let service: ServiceProcess | undefined;

  const serviceEnv = (): Record<string, string> => ({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testBrokers(),
    KAFKA_CHANGE_EVENTS_TOPIC: topic,
    KAFKA_GROUP_ID: groupId,
    KAFKA_TOPIC_PARTITIONS: String(PARTITIONS),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await superuserClient(database.url);
    await createTopicWithDlq(kafka, topic, PARTITIONS);
  });

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    await db.end();
    await database.drop();
  });

  it('stores 9,800 distinct events and dead-letters 200, though the consumer was killed mid-stream', async () => {
    const valid = generateChangeEvents(VALID, 42, `it${suffix}`);
    const invalid = generateInvalidMessages(INVALID, 43);
    const duplicates = shuffle(valid, seededRandom(44)).slice(0, DUPLICATES);
    const messages: Message[] = shuffle(
      [
        ...valid.map((e) => ({ key: e.changeId, value: JSON.stringify(e) })),
        ...duplicates.map((e) => ({ key: e.changeId, value: JSON.stringify(e) })),
        ...invalid.map((m, i) => ({ key: `invalid-${i}`, value: m.value })),
      ],
      seededRandom(45),
    );
    expect(messages).toHaveLength(VALID + INVALID + DUPLICATES);

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const publish = async (slice: Message[]): Promise<void> => {
      for (let i = 0; i < slice.length; i += 500) {
        await producer.send({ topic, acks: -1, messages: slice.slice(i, i + 500) });
      }
    };
    const firstPart = Math.floor(messages.length * 0.6);
    await publish(messages.slice(0, firstPart));

    // First consumer: killed without warning as soon as it has made some, but not all, progress.
    service = await spawnService(serviceEnv());
    const seenBeforeKill = await waitFor(
      'the first consumer to store some events',
      async () => {
        const n = await count(db, 'SELECT count(*) AS n FROM events');
        return n > 0 ? n : undefined;
      },
      120_000,
      5,
    );
    service.child.kill('SIGKILL');
    await service.exited;
    const storedAtKill = await count(db, 'SELECT count(*) AS n FROM events');
    expect(seenBeforeKill).toBeGreaterThan(0);
    expect(storedAtKill).toBeLessThan(VALID);

    // More traffic arrives while no consumer runs; then a new consumer picks up from the stored offsets.
    await publish(messages.slice(firstPart));
    await producer.disconnect();
    service = await spawnService(serviceEnv());
    await waitFor(
      'the restarted consumer to reach the end of the topic',
      async () => {
        const consumed = await count(
          db,
          `SELECT coalesce(sum(next_offset), 0) AS n FROM kafka_consumer_offsets WHERE group_id = '${groupId}'`,
        );
        return consumed === messages.length ? consumed : undefined;
      },
      240_000,
      250,
    );

    // Exactly once: every valid event, each a single time; nothing from the invalid ones.
    expect(await count(db, 'SELECT count(*) AS n FROM events')).toBe(VALID);
    expect(await count(db, 'SELECT count(DISTINCT event_id) AS n FROM events')).toBe(VALID);
    const storedIds = await db.query<{ event_id: string }>('SELECT event_id FROM events');
    expect(new Set(storedIds.rows.map((r) => r.event_id))).toEqual(new Set(valid.map((e) => e.eventId)));
    // The projection saw each event once too.
    expect(await count(db, 'SELECT sum(event_count) AS n FROM changes')).toBe(VALID);
    expect(await count(db, 'SELECT count(*) AS n FROM changes')).toBe(
      new Set(valid.map((e) => e.changeId)).size,
    );

    // Every invalid message recorded once, with its reason.
    const rejected = await db.query<{ reason: InvalidKind; n: string }>(
      'SELECT reason, count(*) AS n FROM rejected_messages GROUP BY reason',
    );
    const expectedReasons = new Map<string, number>();
    for (const m of invalid) expectedReasons.set(m.reason, (expectedReasons.get(m.reason) ?? 0) + 1);
    expect(new Map(rejected.rows.map((r) => [r.reason, Number(r.n)]))).toEqual(expectedReasons);

    // The DLQ holds all 200 (at-least-once: deduplicated by original coordinates), reasons in headers.
    const dlq = await readDlq(kafka, `${topic}.dlq`, INVALID);
    expect(dlq.size).toBe(INVALID);
    for (const headers of dlq.values()) {
      expect(headers['x-dlq-original-topic']).toBe(topic);
      expect(['not_json', 'schema', 'too_large', 'invalid_text']).toContain(headers['x-dlq-reason']);
      expect(headers['x-dlq-error']?.length).toBeGreaterThan(0);
      expect(headers['x-dlq-consumer-group']).toBe(groupId);
    }
    const schemaErrors = [...dlq.values()].filter((h) => h['x-dlq-reason'] === 'schema');
    expect(schemaErrors.length).toBeGreaterThan(0);
    for (const h of schemaErrors) expect(h['x-dlq-error']).toContain('/phase');

    // The hash chain over everything appended across both processes is intact.
    const verify = await request(service.baseUrl)
      .get('/v1/audit/verify')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true, checked: VALID });
  });
});

/** Reads the DLQ from the beginning until `expected` distinct source messages were seen. */
async function readDlq(
  kafka: Kafka,
  topic: string,
  expected: number,
): Promise<Map<string, Record<string, string | undefined>>> {
  const seen = new Map<string, Record<string, string | undefined>>();
  const consumer = kafka.consumer({ groupId: `dlq-reader-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: ({ message }) => {
        const headers: Record<string, string | undefined> = {};
        for (const [key, value] of Object.entries(message.headers ?? {})) {
          headers[key] = Array.isArray(value) ? value[0]?.toString() : value?.toString();
        }
        const id = `${headers['x-dlq-original-partition']}:${headers['x-dlq-original-offset']}`;
        seen.set(id, headers);
        if (seen.size >= expected) resolve();
        return Promise.resolve();
      },
    });
  });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise((r) => (timer = setTimeout(r, 60_000)))]);
  clearTimeout(timer);
  await consumer.disconnect();
  return seen;
}

import { randomBytes } from 'node:crypto';
import type { Message, Producer } from 'kafkajs';
import type { Client } from 'pg';
import request from 'supertest';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { KEYS } from '../../support/app';
import { createTestDatabase, superuserClient } from '../../support/database';
import { createTopicWithDlq, testBrokers, testKafka } from '../../support/kafka';
import { spawnService, waitFor, type ServiceProcess } from '../../support/service-process';

const EVENTS = 20_000;
const BEFORE_STOP = 15_000;
const PARTITIONS = 3;
/** SIGTERM to exit: the batch in flight (a 5,000-event chunk) plus closing connections, with room to spare. */
const EXIT_WITHIN_MS = 30_000;

async function count(db: Client, sql: string, values: unknown[] = []): Promise<number> {
  const result = await db.query<{ n: string }>(sql, values);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * Graceful shutdown on the real broker and database: the service is consuming a backlog when it gets
 * SIGTERM. It must stop fetching, finish and commit the chunk in flight, close its connections and exit
 * 0, with no error on the way; a restarted service then takes the rest, and every event is stored once.
 */
describe('SIGTERM mid-ingest', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `change-events-sigterm-${suffix}`;
  const groupId = `change-audit-sigterm-${suffix}`;
  const kafka = testKafka('sigterm-it');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Client;
  let service: ServiceProcess | undefined;
  let producer: Producer;

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
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
  });

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    await producer.disconnect();
    await db.end();
    await database.drop();
  });

  it('finishes the chunk in flight, exits 0, and after a restart every event is stored exactly once', async () => {
    const events = generateChangeEvents(EVENTS, 71, `sigterm${suffix}`);
    const messages: Message[] = events.map((e) => ({ key: e.changeId, value: JSON.stringify(e) }));
    const publish = async (slice: Message[]): Promise<void> => {
      for (let i = 0; i < slice.length; i += 1_000) {
        await producer.send({ topic, acks: -1, messages: slice.slice(i, i + 1_000) });
      }
    };
    await publish(messages.slice(0, BEFORE_STOP));

    service = await spawnService(serviceEnv());
    const first = service;
    await waitFor(
      'the service to store some of the backlog',
      async () => ((await count(db, 'SELECT count(*) AS n FROM events')) > 0 ? true : undefined),
      120_000,
      5,
    );
    first.child.kill('SIGTERM');
    const storedAtSignal = await count(db, 'SELECT count(*) AS n FROM events');
    expect(storedAtSignal).toBeLessThan(BEFORE_STOP);

    const exitCode = await waitFor('the service to exit after SIGTERM', () => first.exited, EXIT_WITHIN_MS);
    expect(exitCode).toBe(0);
    // Nothing failed on the way out (a pool closed under the consumer would log errors here).
    const errors = first
      .output()
      .split('\n')
      .filter((line) => line.includes('"level":"error"') || line.includes('"level":"fatal"'));
    expect(errors).toEqual([]);
    // What was committed is whole: the stored events are exactly the messages below the stored offsets.
    const storedAtExit = await count(db, 'SELECT count(*) AS n FROM events');
    const offsetsAtExit = await count(
      db,
      'SELECT coalesce(sum(next_offset), 0) AS n FROM kafka_consumer_offsets WHERE group_id = $1',
      [groupId],
    );
    expect(storedAtExit).toBe(offsetsAtExit);
    expect(storedAtExit).toBeGreaterThanOrEqual(storedAtSignal);
    expect(storedAtExit).toBeLessThan(BEFORE_STOP);

    // The rest arrives while no consumer runs; a new process takes over from the stored offsets.
    await publish(messages.slice(BEFORE_STOP));
    service = await spawnService(serviceEnv());
    await waitFor(
      'the restarted service to reach the end of the topic',
      async () => {
        const consumed = await count(
          db,
          'SELECT coalesce(sum(next_offset), 0) AS n FROM kafka_consumer_offsets WHERE group_id = $1',
          [groupId],
        );
        return consumed === EVENTS ? consumed : undefined;
      },
      240_000,
      250,
    );

    expect(await count(db, 'SELECT count(*) AS n FROM events')).toBe(EVENTS);
    expect(await count(db, 'SELECT count(DISTINCT event_id) AS n FROM events')).toBe(EVENTS);
    const stored = await db.query<{ event_id: string }>('SELECT event_id FROM events');
    expect(new Set(stored.rows.map((r) => r.event_id))).toEqual(new Set(events.map((e) => e.eventId)));
    expect(await count(db, 'SELECT sum(event_count) AS n FROM changes')).toBe(EVENTS);
    const verify = await request(service.baseUrl)
      .get('/v1/audit/verify')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(verify.body).toMatchObject({ ok: true, checked: EVENTS });
  });
});

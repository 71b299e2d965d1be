import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { createTopicWithDlq, testBrokers, testKafka } from '../../support/kafka';
import { createTestDatabase, superuserClient } from '../../support/database';
import { spawnService, waitFor, type ServiceProcess } from '../../support/service-process';

/**
 * invariant 2 of docs/design.md beyond the contract: an event that passes the schema but that PostgreSQL refuses
 * must not stall its partition. Here the database is made to refuse one event (a CHECK constraint added
 * as superuser); the consumer isolates it, dead-letters it as `store_rejected`, and stores the rest.
 */
describe('Kafka ingest: an event the store refuses', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `change-events-poison-${suffix}`;
  const kafka = testKafka('it-poison');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Client;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await superuserClient(database.url);
  });

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    await db.end();
    await database.drop();
  });

  it('dead-letters only that event and stores the others', async () => {
    const events = generateChangeEvents(60, 7, `poison${suffix}`);
    const poison = events[17];
    if (poison === undefined) throw new Error('unreachable');
    await db.query(`ALTER TABLE events ADD CONSTRAINT refuse_one CHECK (event_id <> '${poison.eventId}')`);

    await createTopicWithDlq(kafka, topic, 1);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: events.map((e) => ({ key: e.changeId, value: JSON.stringify(e) })),
    });
    await producer.disconnect();

    service = await spawnService({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: topic,
      KAFKA_GROUP_ID: `poison-${suffix}`,
    });
    await waitFor(
      'the consumer to pass the poison event',
      async () => {
        const r = await db.query<{ n: string }>(
          `SELECT coalesce(sum(next_offset), 0) AS n FROM kafka_consumer_offsets`,
        );
        return Number(r.rows[0]?.n) === events.length ? true : undefined;
      },
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nservice output:\n${service?.output() ?? ''}`);
    });

    const stored = await db.query<{ event_id: string }>('SELECT event_id FROM events');
    expect(stored.rows).toHaveLength(events.length - 1);
    expect(stored.rows.map((r) => r.event_id)).not.toContain(poison.eventId);
    const rejected = await db.query<{ reason: string; errors: { message: string }[]; offset: string }>(
      'SELECT reason, errors, "offset" FROM rejected_messages',
    );
    expect(rejected.rows).toHaveLength(1);
    expect(rejected.rows[0]?.reason).toBe('store_rejected');
    expect(rejected.rows[0]?.offset).toBe('17');
    expect(rejected.rows[0]?.errors[0]?.message).toContain('refuse_one');

    const consumer = kafka.consumer({ groupId: `poison-dlq-${suffix}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [`${topic}.dlq`], fromBeginning: true });
    const dlqKey = await new Promise<string | undefined>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          resolve(message.headers?.['x-dlq-reason']?.toString());
          return Promise.resolve();
        },
      });
    });
    await consumer.disconnect();
    expect(dlqKey).toBe('store_rejected');
  });
});

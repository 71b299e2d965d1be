import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { KEYS } from '../../support/app';
import { createTestDatabase } from '../../support/database';
import { createTopicWithDlq, testBrokers, testKafka } from '../../support/kafka';
import { spawnService, waitFor, type ServiceProcess } from '../../support/service-process';

/**
 * Kafka's own murmur2 test vectors (org.apache.kafka.common.utils.UtilsTest.testMurmur2): the hash the
 * Java client's default partitioner computes for each key. Its partition is (hash & 0x7fffffff) mod n.
 */
const JAVA_MURMUR2: Readonly<Record<string, number>> = {
  '21': -973932308,
  foobar: -790332482,
  abc: 479470107,
  'a-little-bit-long-string': -985981536,
  'a-little-bit-longer-string': -1486304829,
  lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8: -58897971,
};
const PARTITIONS = 6;

/**
 * Events published over HTTP (keyed by changeId) land on the partition a Java producer would choose for
 * the same key, so one change's events share a partition whichever way they arrive; and the service,
 * as deployed, starts its producers without kafkajs's start-up warnings.
 */
describe('the service as a Kafka producer', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `change-events-partitions-${suffix}`;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    await createTopicWithDlq(testKafka(`partitions-admin-${suffix}`), topic, PARTITIONS);
  });

  afterAll(async () => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    await database.drop();
  });

  it('puts each changeId on the partition the Java client would, and logs no producer warnings', async () => {
    service = await spawnService({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: topic,
      KAFKA_GROUP_ID: `partitions-${suffix}`,
      KAFKA_CONSUMER: 'false',
      LOG_LEVEL: 'warn',
    });
    const running = service;
    await waitFor('the service to be ready', async () =>
      (await fetch(`${running.baseUrl}/health/ready`)).status === 200 ? true : undefined,
    );
    const keys = Object.keys(JAVA_MURMUR2);
    const events = generateChangeEvents(keys.length, 21, `part${suffix}`).map((event, i) => ({
      ...event,
      changeId: keys[i] ?? '',
      source: 'argo-cd',
    }));
    await request(running.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send(events)
      .expect(202);

    const consumer = testKafka(`partitions-reader-${suffix}`).consumer({ groupId: `reader-${suffix}` });
    const placed = new Map<string, number>();
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ partition, message }) => {
          placed.set(message.key?.toString('utf8') ?? '', partition);
          return Promise.resolve();
        },
      });
      await waitFor('every event to be read back', () =>
        Promise.resolve(placed.size === keys.length ? true : undefined),
      );
    } finally {
      await consumer.disconnect();
    }
    const expected = Object.fromEntries(
      Object.entries(JAVA_MURMUR2).map(([key, hash]) => [key, (hash & 0x7fffffff) % PARTITIONS]),
    );
    // The vectors spread over four partitions here (0, 2, 3 and 5): a different hash would show.
    expect(new Set(Object.values(expected)).size).toBe(4);
    expect(Object.fromEntries(placed)).toEqual(expected);

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    const output = running.output();
    expect(output).not.toContain('switched default partitioner');
    expect(output).not.toContain('Limiting retries for the idempotent producer');
  }, 180_000);
});

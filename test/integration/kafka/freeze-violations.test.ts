import { randomBytes } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import request from 'supertest';
import type { ChangeDetail } from '../../../src/changes/queries/get-change/get-change.query';
import type { ChangeEventV1 } from '../../../src/contracts/generated/change-event.v1';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase, superuserClient } from '../../support/database';
import { testBrokers, testKafka } from '../../support/kafka';
import { waitFor } from '../../support/service-process';

/**
 * Freeze windows on the real stack (Kafka + PostgreSQL): declare over HTTP → evaluate → publish a change
 * during the freeze → the violation is in the store, on the change and on change-insights.v1; lift →
 * allowed, and the next change records nothing.
 */
describe('freeze violations on Kafka', () => {
  const suffix = randomBytes(4).toString('hex');
  const insightsTopic = `change-insights-${suffix}`;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let consumer: Consumer;
  const insights: KafkaMessage[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: `change-events-freeze-${suffix}`,
      KAFKA_INSIGHTS_TOPIC: insightsTopic,
      KAFKA_GROUP_ID: `freeze-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '2',
      INSIGHTS_RELAY_INTERVAL_MS: '50',
    });
    // As an orchestrator would: traffic once ready (the broker probe has answered), so a loaded machine's
    // first probe cannot turn the first publish into a 503.
    await waitFor('readiness', async () =>
      (await fetch(`${app.baseUrl}/health/ready`)).status === 200 ? true : undefined,
    );
    // The service created the insights topic at start-up; read it from the beginning.
    consumer = testKafka(`insights-reader-${suffix}`).consumer({ groupId: `insights-reader-${suffix}` });
    await consumer.connect();
    await consumer.subscribe({ topic: insightsTopic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        insights.push(message);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await consumer.disconnect();
    await app.close();
    await database.drop();
  });

  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const change = {
    service: 'payments-api',
    environment: 'prod',
    region: 'eu-west-1',
    kind: 'deploy',
  } as const;
  const event = (changeId: string, occurredAt: string): ChangeEventV1 => ({
    eventId: `${changeId}-started`,
    changeId,
    source: 'argo-cd',
    phase: 'started',
    occurredAt,
    ...change,
  });
  const freezeOf = async (changeId: string): Promise<ChangeDetail['freeze'] | undefined> => {
    const res = await request(app.baseUrl).get(`/v1/changes/${changeId}`).set(as(KEYS.reviewer));
    return res.status === 200 ? (res.body as ChangeDetail).freeze : undefined;
  };

  it('detects, stores, shows and publishes a violation; after the lift the same change is allowed', async () => {
    // "Freeze now": a one-off window from a minute ago with no end.
    const declared = await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set(as(KEYS.admin))
      .send({
        name: 'Incident freeze',
        reason: 'INC-1234 in progress',
        kind: 'deny',
        schedule: { type: 'once', start: new Date(Date.now() - 60_000).toISOString() },
        scope: { services: ['payments-*'] },
      })
      .expect(201);
    const windowId = (declared.body as { id: string }).id;

    const before = await request(app.baseUrl)
      .post('/v1/freeze/evaluate')
      .set(as(KEYS.publisher))
      .send(change);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      decision: 'deny',
      windows: [{ id: windowId, name: 'Incident freeze' }],
    });

    // The pipeline goes ahead anyway.
    const during = `during-${suffix}`;
    await request(app.baseUrl)
      .post('/v1/change-events')
      .set(as(KEYS.publisher))
      .send(event(during, new Date().toISOString()))
      .expect(202);

    const check = await waitFor('the violation on the change', async () => {
      const freeze = await freezeOf(during);
      return freeze ?? undefined;
    });
    expect(check).toMatchObject({ changeId: during, outcome: 'violation', windows: [{ id: windowId }] });

    const sql = await superuserClient(database.url);
    try {
      const { rows } = await sql.query<{ event_type: string; event_id: string }>(
        `SELECT event_type, event_id FROM events WHERE stream_type = 'change' AND stream_id = $1 ORDER BY global_position`,
        [during],
      );
      expect(rows.map((r) => r.event_type)).toEqual(['ChangeEventRecorded', 'FreezeViolationDetected']);
    } finally {
      await sql.end();
    }

    const published = await waitFor('the violation on the insights topic', () =>
      Promise.resolve(insights.find((m) => m.key?.toString() === during)),
    );
    expect(published.headers?.['x-event-type']?.toString()).toBe('FreezeViolationDetected');
    expect(published.headers?.['x-contract']?.toString()).toBe('freeze-violation.v1');
    expect(published.headers?.['x-event-id']?.toString()).toBe(`$freeze-check:${during}`);
    expect(JSON.parse(published.value?.toString() ?? '{}')).toMatchObject({
      changeId: during,
      outcome: 'violation',
      decision: 'deny',
      change: { service: 'payments-api' },
    });

    // Lift: the freeze ends now, and the same kind of change is allowed.
    await request(app.baseUrl)
      .post(`/v1/freeze-windows/${windowId}/lift`)
      .set(as(KEYS.admin))
      .send({ reason: 'incident resolved' })
      .expect(200);
    const after = await request(app.baseUrl).post('/v1/freeze/evaluate').set(as(KEYS.publisher)).send(change);
    expect(after.body).toMatchObject({ decision: 'allow' });

    const lifted = `after-${suffix}`;
    await request(app.baseUrl)
      .post('/v1/change-events')
      .set(as(KEYS.publisher))
      .send(event(lifted, new Date(Date.now() + 1_000).toISOString()))
      .expect(202);
    await waitFor('the change after the lift to be stored', async () => {
      const res = await request(app.baseUrl).get(`/v1/changes/${lifted}`).set(as(KEYS.reviewer));
      return res.status === 200 ? true : undefined;
    });
    expect(await freezeOf(lifted)).toBeNull();
    // Exactly one insight was published for the violation, none for the allowed change.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(insights.filter((m) => m.key?.toString() === during)).toHaveLength(1);
    expect(insights.filter((m) => m.key?.toString() === lifted)).toHaveLength(0);
  });
});

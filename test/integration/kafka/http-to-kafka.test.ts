import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { testBrokers } from '../../support/kafka';
import { createTestDatabase } from '../../support/database';
import { waitFor, waitForReady } from '../../support/service-process';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Kafka mode over HTTP: POST /v1/change-events goes onto the topic (acknowledged by the broker) and
 * reaches the store through the same consumer as every other producer; with the broker gone the
 * caller gets 503 + Retry-After and nothing is acknowledged.
 */
describe('HTTP ingest in Kafka mode', () => {
  const suffix = randomBytes(4).toString('hex');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await database.drop();
  });

  it('acknowledges after the broker did, and the consumer stores the events', async () => {
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: `change-events-http-${suffix}`,
      KAFKA_GROUP_ID: `http-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '2',
    });
    // As a load balancer would: traffic once ready (the producer connected, the topic has its leaders).
    await waitForReady(app.baseUrl);
    const events = generateChangeEvents(40, 11, `http${suffix}`).map((e) => ({ ...e, source: 'argo-cd' }));
    const res = await request(app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send([...events, { ...events[0], phase: 'exploded' }])
      .expect(202);
    expect((res.body as { accepted: unknown[] }).accepted).toHaveLength(40);
    expect((res.body as { rejected: { index: number }[] }).rejected.map((r) => r.index)).toEqual([40]);

    const changeIds = new Set(events.map((e) => e.changeId));
    const stored = await waitFor('the consumer to store the HTTP events', async () => {
      const page = await request(app?.baseUrl ?? '')
        .get('/v1/changes?limit=500')
        .set('authorization', `Bearer ${KEYS.reviewer}`);
      const items = (page.body as { items: { changeId: string; eventCount: number }[] }).items;
      const total = items.reduce((n, c) => n + c.eventCount, 0);
      return items.length === changeIds.size && total === events.length ? items : undefined;
    });
    expect(new Set(stored.map((c) => c.changeId))).toEqual(changeIds);
    const detail = await request(app.baseUrl)
      .get(`/v1/changes/${encodeURIComponent(events[0]?.changeId ?? '')}`)
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(200);
    const metadata = (detail.body as { events: { metadata: Record<string, unknown> }[] }).events[0]?.metadata;
    expect(metadata).toMatchObject({
      receivedVia: 'http',
      publishedBy: 'argo',
      kafka: { topic: `change-events-http-${suffix}` },
    });
  });

  it('answers 503 with Retry-After when the broker is down, acknowledging nothing', async () => {
    // A broker of this test's own, so stopping it leaves the shared one alone.
    const env = { ...process.env, KAFKA_PORT: '19192', KAFKA_CONTROLLER_PORT: '19193' };
    const out = execFileSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'start', '--fresh'], {
      env,
    }).toString();
    const own = /KAFKA_BROKERS=(\S+)/.exec(out)?.[1] ?? '';
    try {
      app = await startTestApp({
        DATABASE_URL: database.url,
        KAFKA_BROKERS: own,
        KAFKA_CHANGE_EVENTS_TOPIC: `change-events-down-${suffix}`,
        KAFKA_GROUP_ID: `down-${suffix}`,
        KAFKA_CONSUMER: 'false',
      });
      // A broker just started elects its partitions' leaders first: until then a publish fails, and the
      // instance is not ready.
      await waitForReady(app.baseUrl);
      const [event] = generateChangeEvents(1, 12, `down${suffix}`).map((e) => ({ ...e, source: 'argo-cd' }));
      await request(app.baseUrl)
        .post('/v1/change-events')
        .set('authorization', `Bearer ${KEYS.publisher}`)
        .send(event ?? {})
        .expect(202);
      execFileSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'stop'], { env });
      const res = await request(app.baseUrl)
        .post('/v1/change-events')
        .set('authorization', `Bearer ${KEYS.publisher}`)
        .send({ ...event, eventId: `${event?.eventId ?? ''}-2` });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({
        type: 'https://change-audit.dev/problems/unavailable',
        status: 503,
        instance: '/v1/change-events',
      });
      expect((res.body as { message: string }).message).toContain('Kafka is unavailable');
      // Whether the events never left or may still land, the answer says so.
      expect(['not_sent', 'unknown']).toContain((res.body as { delivery: string }).delivery);
    } finally {
      execFileSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'stop'], { env });
    }
  });
});

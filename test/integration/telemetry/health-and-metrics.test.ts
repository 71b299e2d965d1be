import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import request from 'supertest';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase, superuserClient } from '../../support/database';
import { testBrokers } from '../../support/kafka';
import { waitFor, waitForReady } from '../../support/service-process';
import { sample } from '../../support/metrics';

/**
 * Readiness and metrics in Kafka mode, on the real broker and database: the probe waits for the
 * consumer to join its group and fails, naming the check, when a projection falls behind the bound;
 * /metrics counts what the consumer ingested, and needs a key unless METRICS_PUBLIC=true.
 */
describe('health and metrics in Kafka mode', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `change-events-health-${suffix}`;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Client;
  let app: TestApp | undefined;

  const env = (extra: Record<string, string> = {}): Record<string, string> => ({
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testBrokers(),
    KAFKA_CHANGE_EVENTS_TOPIC: topic,
    KAFKA_GROUP_ID: `health-${suffix}`,
    KAFKA_TOPIC_PARTITIONS: '2',
    HEALTH_MAX_PROJECTION_LAG: '5',
    ...extra,
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await superuserClient(database.url);
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it('is ready once PostgreSQL, migrations, the producer and the consumer are; 503 names a lagging projection', async () => {
    app = await startTestApp(env());
    const baseUrl = app.baseUrl;
    // The followers register before the instance listens, so readiness never misses one that has not run yet.
    const registered = await db.query<{ name: string }>(
      'SELECT name FROM projection_checkpoints ORDER BY name',
    );
    expect(registered.rows.map((r) => r.name)).toEqual(['insights-relay', 'suspects']);
    const ready = await waitForReady(baseUrl);
    expect(ready).toEqual({
      status: 'ok',
      checks: {
        postgres: 'ok',
        migrations: 'ok',
        projections: 'ok',
        'kafka-producer': 'ok',
        'kafka-consumer': 'ok',
        'kafka-topics': 'ok',
        'audit-checkpoints': 'ok',
      },
      // A data problem, not an instance problem: shown beside the checks, never failing them.
      details: { 'read-models': expect.stringMatching(/^(not checked yet|ok)$/) as unknown },
    });

    const events = generateChangeEvents(12, 31, `health${suffix}`).map((e) => ({ ...e, source: 'argo-cd' }));
    await request(baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send(events)
      .expect(202);
    await waitFor('the consumer to store the events', async () => {
      const rows = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
      return Number(rows.rows[0]?.n) === events.length ? true : undefined;
    });

    // The service's own followers (the insights relay, the suspects projector) catch up within a few hundred
    // milliseconds (their rows exist from start-up, asserted above).
    await waitFor('the projections to reach the head', async () => {
      const rows = await db.query(
        `SELECT 1 FROM projection_checkpoints c WHERE c.position < (SELECT max(global_position) FROM events)`,
      );
      return rows.rowCount === 0 ? true : undefined;
    });
    await waitForReady(baseUrl);
    // A projection that follows the store and has processed nothing: 12 events behind, bound 5.
    await db.query(`INSERT INTO projection_checkpoints (name, position) VALUES ('audit-export', 0)`);
    try {
      // Readiness was polled (503 until the consumer joined, in the background); count from here.
      const notReadyBefore =
        sample(
          (await request(baseUrl).get('/metrics').set('authorization', `Bearer ${KEYS.reviewer}`)).text,
          'http_request_duration_seconds_count{method="GET",route="/health/ready",status_code="503"}',
        ) ?? 0;
      const lagging = await request(baseUrl)
        .get('/health/ready')
        .set('authorization', `Bearer ${KEYS.reviewer}`)
        .expect(503);
      expect(lagging.body).toMatchObject({
        status: 'unavailable',
        failing: ['projections'],
        checks: { postgres: 'ok', projections: 'audit-export is 12 events behind the store (max 5)' },
      });
      // Without a key, the same answer names the check but not what is wrong.
      const anonymous = await request(baseUrl).get('/health/ready').expect(503);
      expect(anonymous.body).toMatchObject({ failing: ['projections'], checks: { projections: 'down' } });
      await request(baseUrl).get('/health/live').expect(200);

      // Route labels are patterns, never raw URLs; a path no route matches is `unmatched`.
      await request(baseUrl)
        .get('/v1/changes/no-such-change')
        .set('authorization', `Bearer ${KEYS.reviewer}`)
        .expect(404);
      await request(baseUrl).get('/no/such/path').expect(404);
      await request(baseUrl).get('/health/live/').expect(200);

      // Metrics: what the consumer ingested, consumer lag, projection lag; a key of any role.
      await request(baseUrl).get('/metrics').expect(401);
      const scrape = await request(baseUrl)
        .get('/metrics')
        .set('authorization', `Bearer ${KEYS.reviewer}`)
        .expect(200)
        .expect('content-type', /^text\/plain;.*version=0\.0\.4/);
      const text = scrape.text;
      expect(sample(text, `change_audit_events_ingested_total{topic="${topic}"}`)).toBe(events.length);
      expect(sample(text, 'change_audit_projection_lag_events{projection="audit-export"}')).toBe(12);
      expect(sample(text, 'change_audit_event_store_head_position')).toBe(12);
      // Lag is measured against the broker's end offsets on a timer: every partition has a series, and
      // once a measurement follows the last commit, every one of them says 0.
      const lags = await waitFor('consumer lag 0 on every partition', async () => {
        const res = await request(baseUrl).get('/metrics').set('authorization', `Bearer ${KEYS.reviewer}`);
        const series = res.text
          .split('\n')
          .filter((l) => l.startsWith(`change_audit_consumer_lag{topic="${topic}",`));
        return series.length >= 2 && series.every((line) => line.endsWith(' 0')) ? series : undefined;
      });
      expect(lags.length).toBe(2);
      expect(
        sample(
          text,
          'http_request_duration_seconds_count{method="POST",route="/v1/change-events",status_code="202"}',
        ),
      ).toBe(1);
      expect(
        sample(
          text,
          'http_request_duration_seconds_count{method="GET",route="/health/ready",status_code="503"}',
        ),
      ).toBe(notReadyBefore + 2);
      expect(
        sample(
          text,
          'http_request_duration_seconds_count{method="GET",route="/v1/changes/:changeId",status_code="404"}',
        ),
      ).toBe(1);
      expect(
        sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}'),
      ).toBe(1);
      expect(text).not.toContain('no-such-change');
      expect(text).not.toContain('/no/such/path');
    } finally {
      // The pretend projection goes away again: nothing advances it, so any later event (or test) would fail readiness.
      await db.query(`DELETE FROM projection_checkpoints WHERE name = 'audit-export'`);
    }
    // Ready again (waited for: on a loaded machine another check can be between two probes).
    expect((await waitForReady(baseUrl, 30_000)).checks['projections']).toBe('ok');

    // A redelivery of the same events is a no-op in the store, and counted as such, not as ingested.
    await request(baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send(events)
      .expect(202);
    const after = await waitFor('the redelivery to be counted', async () => {
      const res = await request(baseUrl).get('/metrics').set('authorization', `Bearer ${KEYS.reviewer}`);
      return sample(res.text, `change_audit_events_duplicate_total{topic="${topic}"}`) === events.length
        ? res.text
        : undefined;
    });
    expect(sample(after, `change_audit_events_ingested_total{topic="${topic}"}`)).toBe(events.length);
    const stored = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    expect(Number(stored.rows[0]?.n)).toBe(events.length);
  });

  it('serves /metrics without a key with METRICS_PUBLIC=true', async () => {
    app = await startTestApp(env({ METRICS_PUBLIC: 'true', KAFKA_CONSUMER: 'false' }));
    const scrape = await request(app.baseUrl).get('/metrics').expect(200);
    expect(scrape.text).toContain('# TYPE change_audit_events_ingested_total counter');
    // Without a consumer, readiness waits only for the producer.
    const ready = await waitForReady(app.baseUrl);
    expect(Object.keys(ready.checks).sort()).toEqual([
      'audit-checkpoints',
      'kafka-producer',
      'kafka-topics',
      'migrations',
      'postgres',
      'projections',
    ]);
  });
});

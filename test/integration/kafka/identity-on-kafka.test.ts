import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import request from 'supertest';
import type { IngestOutcomesResponse } from '../../../src/messaging/http/ingest-outcomes.controller';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase, superuserClient } from '../../support/database';
import { testBrokers, testKafka } from '../../support/kafka';
import { sample } from '../../support/metrics';
import { waitFor, waitForReady } from '../../support/service-process';

/**
 * Source-scoped identity in Kafka mode: a 202 means "durably queued", and what the consumer then did with
 * each event (stored, duplicate, conflict, rejected with its reason) is filed for its publisher to look up
 * and counted on /metrics. Pre-empting another source's ids, or the service's, and writing into another
 * source's change do nothing to them here either.
 */
describe('identity in Kafka mode', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `change-events-identity-${suffix}`;
  const kafka = testKafka('it-identity');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Client;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await superuserClient(database.url);
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: topic,
      KAFKA_GROUP_ID: `identity-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '2',
    });
    // HTTP publishes go through the broker: traffic once ready, as a load balancer would send it.
    await waitForReady(app.baseUrl);
    await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        name: 'Black Friday',
        reason: 'peak traffic',
        kind: 'deny',
        schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' },
        scope: { services: ['payments-*'], environments: ['prod'] },
      })
      .expect(201);
  });

  afterAll(async () => {
    await app.close();
    await db.end();
    await database.drop();
  });

  const event = (fields: Record<string, unknown>) => ({
    source: 'argo-cd',
    kind: 'deploy',
    phase: 'started',
    occurredAt: '2026-11-03T12:00:00.000Z',
    environment: 'production',
    service: 'checkout',
    ...fields,
  });

  const publish = async (body: object, key: string) => {
    const res = await request(app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${key}`)
      .send(body)
      .expect(202);
    return res.body as { accepted: { outcome: string }[] };
  };

  // Each source's publisher may look up its own events' outcomes (see the last test); reviewers any.
  const outcomes = (source: string, eventId: string) =>
    request(app.baseUrl)
      .get('/v1/change-events/outcomes')
      .query({ source, eventId })
      .set('authorization', `Bearer ${source === 'github' ? KEYS.github : KEYS.publisher}`);

  /** Waits until `count` outcomes are filed for the event; returns the lookup. */
  const settled = (source: string, eventId: string, count: number) =>
    waitFor(
      `${count} outcome(s) for ${source}/${eventId}`,
      async () => {
        const res = await outcomes(source, eventId).expect(200);
        const body = res.body as IngestOutcomesResponse;
        return body.outcomes.length >= count ? body : undefined;
      },
      60_000,
    );

  const change = (source: string, changeId: string) =>
    request(app.baseUrl)
      .get(`/v1/changes/${source}/${encodeURIComponent(changeId)}`)
      .set('authorization', `Bearer ${KEYS.reviewer}`);

  it('pre-empted ids and a takeover attempt leave the real events and changes alone', async () => {
    const queued = await publish(
      [
        event({ eventId: 'k-argo-1', changeId: 'gh-squat', source: 'github' }),
        event({ eventId: 'freeze-check:k-bf', changeId: 'gh-squat-2', source: 'github' }),
        event({ eventId: 'k-gh-takeover', changeId: 'k-shared', source: 'github', phase: 'failed' }),
      ],
      KEYS.github,
    );
    expect(queued.accepted.map((a) => a.outcome)).toEqual(['queued', 'queued', 'queued']);
    await settled('github', 'k-gh-takeover', 1);

    await publish(
      [
        event({ eventId: 'k-argo-1', changeId: 'k-shared', summary: 'argo rollout' }),
        event({
          eventId: 'k-bf-e1',
          changeId: 'k-bf',
          service: 'payments-api',
          environment: 'prod',
          occurredAt: '2025-11-28T18:30:00.000Z',
        }),
      ],
      KEYS.publisher,
    );
    expect((await settled('argo-cd', 'k-argo-1', 1)).outcomes[0]).toMatchObject({
      outcome: 'stored',
      reason: null,
      topic,
    });
    await settled('argo-cd', 'k-bf-e1', 1);

    const argo = (await change('argo-cd', 'k-shared').expect(200)).body as {
      change: Record<string, unknown>;
      events: unknown[];
    };
    expect(argo.change).toMatchObject({ source: 'argo-cd', phase: 'started', summary: 'argo rollout' });
    expect(argo.events).toHaveLength(1);
    expect(((await change('github', 'k-shared').expect(200)).body as typeof argo).change).toMatchObject({
      source: 'github',
      phase: 'failed',
    });
    const bf = (await change('argo-cd', 'k-bf').expect(200)).body as { freeze: unknown };
    expect(bf.freeze).toMatchObject({ changeId: 'k-bf', outcome: 'violation' });
  });

  it('files duplicates, conflicts (dead-lettered with their reason) and rejects, and counts them', async () => {
    await publish(
      event({ eventId: 'k-argo-1', changeId: 'k-shared', summary: 'argo rollout' }),
      KEYS.publisher,
    );
    const duplicate = await settled('argo-cd', 'k-argo-1', 2);
    expect(duplicate.outcomes.map((o) => o.outcome)).toEqual(['duplicate', 'stored']);
    expect(duplicate.stored).toBe(true);
    // The stored copy is answered from the stored event (its metadata keeps the coordinates); only the
    // duplicate was filed as an outcome row.
    const filed = await db.query<{ outcome: string }>(
      `SELECT outcome FROM ingest_outcomes WHERE namespace = 'argo-cd' AND event_id = 'k-argo-1'`,
    );
    expect(filed.rows.map((r) => r.outcome)).toEqual(['duplicate']);
    const [newer, older] = duplicate.outcomes;
    expect(older).toMatchObject({ topic, reason: null });
    expect(BigInt(older?.offset ?? '-1')).toBeLessThan(BigInt(newer?.offset ?? '-1'));

    await publish(event({ eventId: 'k-argo-1', changeId: 'k-shared', summary: 'rewritten' }), KEYS.publisher);
    const conflict = await settled('argo-cd', 'k-argo-1', 3);
    expect(conflict.outcomes[0]).toMatchObject({
      outcome: 'conflict',
      reason: 'eventId "k-argo-1" is already stored for source "argo-cd" with different content',
    });
    const argo = (await change('argo-cd', 'k-shared').expect(200)).body as { change: { summary: string } };
    expect(argo.change.summary).toBe('argo rollout');
    const rejected = await db.query<{ reason: string; errors: { field: string; message: string }[] }>(
      `SELECT reason, errors FROM rejected_messages WHERE topic = $1`,
      [topic],
    );
    expect(rejected.rows).toEqual([
      { reason: 'conflict', errors: [{ field: '/eventId', message: conflict.outcomes[0]?.reason }] },
    ]);

    // Invalid on the topic (another producer than the HTTP API): filed under the ids it names.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: 'k-bad', value: JSON.stringify(event({ eventId: 'k-bad-1', changeId: 'k-bad', phase: 'x' })) },
      ],
    });
    await producer.disconnect();
    const invalid = await settled('argo-cd', 'k-bad-1', 1);
    expect(invalid.stored).toBe(false);
    expect(invalid.outcomes[0]?.outcome).toBe('rejected');
    expect(invalid.outcomes[0]?.reason).toMatch(/^schema: .*phase/);

    const dlq = kafka.consumer({ groupId: `identity-dlq-${suffix}` });
    await dlq.connect();
    await dlq.subscribe({ topics: [`${topic}.dlq`], fromBeginning: true });
    const reasons: string[] = [];
    await new Promise<void>((resolve) => {
      void dlq.run({
        eachMessage: ({ message }) => {
          reasons.push(message.headers?.['x-dlq-reason']?.toString() ?? '');
          if (reasons.length === 2) resolve();
          return Promise.resolve();
        },
      });
    });
    await dlq.disconnect();
    expect(reasons.sort()).toEqual(['conflict', 'schema']);

    const metrics = await request(app.baseUrl)
      .get('/metrics')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(200);
    const series = (outcome: string) =>
      sample(metrics.text, `change_audit_ingest_outcomes_total{topic="${topic}",outcome="${outcome}"}`);
    expect(series('stored')).toBe(5);
    expect(series('duplicate')).toBe(1);
    expect(series('conflict')).toBe(1);
    expect(series('rejected')).toBe(1);
  });

  it('shows outcomes only to publishers of that source, reviewers and admins', async () => {
    const path = '/v1/change-events/outcomes?source=argo-cd&eventId=k-argo-1';
    await request(app.baseUrl).get(path).set('authorization', `Bearer ${KEYS.github}`).expect(403);
    await request(app.baseUrl).get(path).set('authorization', `Bearer ${KEYS.reviewer}`).expect(200);
    await request(app.baseUrl).get(path).set('authorization', `Bearer ${KEYS.admin}`).expect(200);
    await request(app.baseUrl)
      .get('/v1/change-events/outcomes?source=Not%20A%20Source&eventId=x')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(400);
  });
});

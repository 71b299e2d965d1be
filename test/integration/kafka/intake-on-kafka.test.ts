import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase } from '../../support/database';
import { githubSignature, SECRETS } from '../../support/intakes';
import { testBrokers } from '../../support/kafka';
import { waitFor } from '../../support/service-process';

const FIXTURE = readFileSync(
  path.resolve(__dirname, '../../fixtures/github/deployment_status.success.json'),
  'utf8',
);

/**
 * In Kafka mode an intake takes the same path as POST /v1/change-events: its events go onto the topic
 * (202 `queued` once the broker acknowledged) and the consumer stores them; a redelivery is queued again
 * and stored once.
 */
describe('intakes in Kafka mode', () => {
  const suffix = randomBytes(4).toString('hex');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: `change-events-intake-${suffix}`,
      KAFKA_GROUP_ID: `intake-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '2',
    });
    // As an orchestrator would: traffic once ready (the broker probe has answered, the consumer joined), so a
    // loaded machine's first probe cannot turn the first delivery into a 503.
    await waitFor('readiness', async () =>
      (await fetch(`${app.baseUrl}/health/ready`)).status === 200 ? true : undefined,
    );
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const deliver = async () => {
    const res = await fetch(`${app.baseUrl}/v1/intake/github/gh-prod`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'deployment_status',
        'x-hub-signature-256': githubSignature(SECRETS.github, FIXTURE),
      },
      body: FIXTURE,
    });
    return { status: res.status, body: (await res.json()) as { accepted: { outcome: string }[] } };
  };

  const stored = async () => {
    const res = await fetch(`${app.baseUrl}/v1/changes/github-prod/deployment-145988746`, {
      headers: { authorization: `Bearer ${KEYS.reviewer}` },
    });
    if (res.status !== 200) return undefined;
    return ((await res.json()) as { events: { metadata: Record<string, unknown> }[] }).events;
  };

  it('queues the mapped event on the topic, and the consumer stores it once, as published by the integration', async () => {
    const first = await deliver();
    expect(first.status).toBe(202);
    expect(first.body.accepted.map((a) => a.outcome)).toEqual(['queued']);
    const events = await waitFor('the consumer to store the GitHub event', stored);
    expect(events[0]?.metadata).toMatchObject({
      receivedVia: 'intake:github',
      publishedBy: 'github:gh-prod',
    });

    const again = await deliver();
    expect(again.body.accepted.map((a) => a.outcome)).toEqual(['queued']);
    const outcomes = await waitFor('the redelivery to be consumed', async () => {
      const res = await fetch(
        `${app.baseUrl}/v1/change-events/outcomes?source=github-prod&eventId=deployment-145988746-status-209916254`,
        { headers: { authorization: `Bearer ${KEYS.admin}` } },
      );
      const body = (await res.json()) as { outcomes?: { outcome: string }[] };
      return (body.outcomes ?? []).some((o) => o.outcome === 'duplicate') ? body : undefined;
    });
    expect(outcomes.outcomes?.map((o) => o.outcome)).toContain('duplicate');
    expect(await stored()).toHaveLength(1);
  });
});

import { randomBytes } from 'node:crypto';
import type { IHeaders, Producer } from 'kafkajs';
import request from 'supertest';
import type { ChangeDetail } from '../../../src/changes/queries/get-change/get-change.query';
import type { ChangeEventV1 } from '../../../src/contracts/generated/change-event.v1';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase } from '../../support/database';
import { testBrokers, testKafka } from '../../support/kafka';
import { waitFor } from '../../support/service-process';

/**
 * Break glass on the real stack: a producer on Kafka has no API key, so an override it asserts counts
 * only through a valid grant issued by a key holding the role. Headers that look like the service's own
 * metadata vouch for nothing.
 */
describe('break-glass overrides on Kafka', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `change-events-breakglass-${suffix}`;
  const role = 'incident-commander';
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let producer: Producer;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: topic,
      KAFKA_INSIGHTS_TOPIC: `change-insights-breakglass-${suffix}`,
      KAFKA_GROUP_ID: `breakglass-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '2',
    });
    producer = testKafka(`breakglass-producer-${suffix}`).producer();
    await producer.connect();
    await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set(as(KEYS.admin))
      .send({
        name: 'Incident freeze',
        reason: 'INC-99 in progress',
        kind: 'deny',
        schedule: { type: 'once', start: new Date(Date.now() - 60_000).toISOString() },
        scope: { services: ['payments-*'] },
        breakGlass: { roles: [role], justificationRequired: false },
      })
      .expect(201);
  });

  afterAll(async () => {
    await producer.disconnect();
    await app.close();
    await database.drop();
  });

  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const event = (changeId: string, override: ChangeEventV1['override']): ChangeEventV1 => ({
    eventId: `${changeId}-started`,
    changeId,
    source: 'argo-cd',
    kind: 'deploy',
    phase: 'started',
    occurredAt: new Date().toISOString(),
    service: 'payments-api',
    environment: 'prod',
    override,
  });
  const produce = async (value: ChangeEventV1, headers: IHeaders = {}): Promise<void> => {
    await producer.send({
      topic,
      messages: [{ key: value.changeId, value: JSON.stringify(value), headers }],
    });
  };
  const freezeOf = (changeId: string): Promise<NonNullable<ChangeDetail['freeze']>> =>
    waitFor(`the freeze check of ${changeId}`, async () => {
      const res = await request(app.baseUrl).get(`/v1/changes/${changeId}`).set(as(KEYS.reviewer));
      return res.status === 200 ? ((res.body as ChangeDetail).freeze ?? undefined) : undefined;
    });
  const grant = async (scope: object): Promise<string> => {
    const res = await request(app.baseUrl)
      .post('/v1/freeze/override-grants')
      .set(as(KEYS.oncall))
      .send({ role, reason: 'INC-99 roll forward', scope, expiresInMinutes: 30 })
      .expect(201);
    return (res.body as { grantId: string }).grantId;
  };

  it('records an override asserted without a grant as a violation', async () => {
    await produce(event(`named-${suffix}`, { by: 'ana', role }));
    const named = await freezeOf(`named-${suffix}`);
    expect(named).toMatchObject({
      outcome: 'violation',
      change: { override: { role, authorised: false, grantedBy: null, usedBy: null } },
    });
    expect(named.reason).toContain('override not authorised: role "incident-commander" is only named');
  });

  it("trusts no header that imitates the service's own metadata", async () => {
    // A producer can send these, so they prove nothing: here they claim an HTTP publish by the role
    // holder, and point at a real grant that covers another change.
    const other = await grant({ source: 'argo-cd', changeId: `elsewhere-${suffix}` });
    await produce(event(`forged-${suffix}`, { by: 'ana', role }), {
      'x-change-audit-receivedVia': 'http',
      'x-change-audit-publishedBy': 'oncall-ana',
      'x-change-audit-overrideGrantId': other,
    });
    const forged = await freezeOf(`forged-${suffix}`);
    expect(forged.outcome).toBe('violation');
    expect(forged.reason).toContain(`override not authorised: override grant ${other} covers change`);
  });

  it('honours an override whose grant id names a valid grant for the change, naming the issuer', async () => {
    const changeId = `granted-${suffix}`;
    const grantId = await grant({ source: 'argo-cd', changeId });
    await produce(event(changeId, { by: 'ana', role, grantId }));
    expect(await freezeOf(changeId)).toMatchObject({
      outcome: 'overridden',
      change: { override: { grantId, authorised: true, grantedBy: 'oncall-ana', usedBy: null } },
    });
  });

  it('honours an override published over HTTP by a key holding the role, through the topic', async () => {
    const changeId = `http-held-${suffix}`;
    await request(app.baseUrl)
      .post('/v1/change-events')
      .set(as(KEYS.oncall))
      .send(event(changeId, { by: 'ana', role }))
      .expect(202);
    expect(await freezeOf(changeId)).toMatchObject({
      outcome: 'overridden',
      change: { override: { authorised: true, grantedBy: 'oncall-ana', usedBy: 'oncall-ana' } },
    });
    // The pipeline's key, naming the same role over HTTP, gets a violation.
    const named = `http-named-${suffix}`;
    await request(app.baseUrl)
      .post('/v1/change-events')
      .set(as(KEYS.publisher))
      .send(event(named, { by: 'ana', role }))
      .expect(202);
    expect((await freezeOf(named)).outcome).toBe('violation');
  });
});

import { randomBytes } from 'node:crypto';
import type { Consumer, KafkaMessage, Producer } from 'kafkajs';
import request from 'supertest';
import type { AlertSuspectsView } from '../../../src/correlation/http/suspect-views';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase } from '../../support/database';
import { testBrokers, testKafka } from '../../support/kafka';
import { waitFor } from '../../support/service-process';

/**
 * Alerts and suspects on the real stack: the topology from topology.v1 and v2, changes from change-events.v1 and alerts
 * from alert-events.v1 (with a bad message dead-lettered and a repeat ignored) → suspects out over HTTP;
 * and an Alertmanager webhook over HTTP in Kafka mode.
 */
describe('alerts and topology on Kafka', () => {
  const suffix = randomBytes(4).toString('hex');
  const topics = {
    changes: `change-events-corr-${suffix}`,
    alerts: `alert-events-corr-${suffix}`,
    topology: `topology-corr-${suffix}`,
  };
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let producer: Producer;
  let dlqReader: Consumer;
  let insightsReader: Consumer;
  const dlq: KafkaMessage[] = [];
  const insights: KafkaMessage[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: topics.changes,
      KAFKA_ALERT_EVENTS_TOPIC: topics.alerts,
      KAFKA_TOPOLOGY_TOPIC: topics.topology,
      KAFKA_INSIGHTS_TOPIC: `insights-corr-${suffix}`,
      KAFKA_GROUP_ID: `corr-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '2',
    });
    const kafka = testKafka(`corr-test-${suffix}`);
    producer = kafka.producer();
    await producer.connect();
    dlqReader = kafka.consumer({ groupId: `corr-dlq-${suffix}` });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: `${topics.alerts}.dlq`, fromBeginning: true });
    await dlqReader.run({
      eachMessage: ({ message }) => {
        dlq.push(message);
        return Promise.resolve();
      },
    });
    insightsReader = kafka.consumer({ groupId: `corr-insights-${suffix}` });
    await insightsReader.connect();
    await insightsReader.subscribe({ topic: `insights-corr-${suffix}`, fromBeginning: true });
    await insightsReader.run({
      eachMessage: ({ message }) => {
        insights.push(message);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await insightsReader.disconnect();
    await dlqReader.disconnect();
    await producer.disconnect();
    await app.close();
    await database.drop();
  });

  const reviewer = (path: string) =>
    request(app.baseUrl).get(path).set('authorization', `Bearer ${KEYS.reviewer}`);
  const alertAt = Date.now() - 10 * 60_000;
  const iso = (ms: number) => new Date(ms).toISOString();

  it('ranks suspects for an alert consumed from alert-events.v1, against the topology.v2 graph in force', async () => {
    await producer.send({
      topic: topics.topology,
      messages: [
        // topology.v1: global, effective when received (after the alert), and without ledger.
        {
          value: JSON.stringify({
            snapshotId: `rev-${suffix}`,
            edges: [{ caller: 'checkout', dependency: 'payments-api' }],
          }),
        },
        // topology.v2: production's own graph, backfilled to before the alert: the one ranked with.
        {
          value: JSON.stringify({
            snapshotId: `rev-${suffix}-production`,
            effectiveAt: iso(alertAt - 60 * 60_000),
            environment: 'production',
            edges: [
              { caller: 'checkout', dependency: 'payments-api' },
              { caller: 'payments-api', dependency: 'ledger' },
            ],
          }),
        },
      ],
    });
    const change = (changeId: string, service: string, minutesBefore: number) => ({
      key: changeId,
      value: JSON.stringify({
        eventId: `${changeId}-started`,
        changeId,
        source: 'argo-cd',
        kind: 'deploy',
        phase: 'started',
        occurredAt: iso(alertAt - minutesBefore * 60_000),
        service,
        environment: 'production',
      }),
    });
    await producer.send({
      topic: topics.changes,
      messages: [change(`ledger-${suffix}`, 'ledger', 7), change(`checkout-${suffix}`, 'checkout', 180)],
    });
    const alert = {
      fingerprint: `fp-${suffix}`,
      source: 'alertmanager',
      status: 'firing',
      startsAt: iso(alertAt),
      name: 'CheckoutErrors',
      severity: 'critical',
      environment: 'production',
      service: 'checkout',
    };
    await producer.send({
      topic: topics.alerts,
      messages: [
        { key: alert.fingerprint, value: JSON.stringify(alert) },
        { key: alert.fingerprint, value: JSON.stringify(alert) },
        {
          key: 'broken',
          value: JSON.stringify({ ...alert, fingerprint: 'broken', severity: 'apocalyptic' }),
        },
        { key: 'garbage', value: 'not json' },
      ],
    });

    const view = await waitFor('suspects for the alert from Kafka', async () => {
      const res = await reviewer(`/v1/alerts/fp-${suffix}/suspects`);
      const body = res.body as AlertSuspectsView;
      return res.status === 200 && body.items.length === 2 ? body : undefined;
    });
    expect(view.items.map((s) => s.changeId)).toEqual([`ledger-${suffix}`, `checkout-${suffix}`]);
    expect(view.topology).toMatchObject({ environment: 'production', inForce: true });
    expect(view.items[0]?.reasons.join(' ')).toContain('ledger');

    // The ranking went out on change-insights.v1, keyed by the alert's fingerprint.
    const published = await waitFor('the ranking on the insights topic', () =>
      Promise.resolve(
        insights.find(
          (m) =>
            m.key?.toString() === `fp-${suffix}` &&
            (JSON.parse(m.value?.toString() ?? '{}') as { suspects: unknown[] }).suspects.length === 2,
        ),
      ),
    );
    expect(published.headers?.['x-contract']?.toString()).toBe('suspects.v1');
    expect(published.headers?.['x-event-type']?.toString()).toBe('SuspectsRanked');
    expect(JSON.parse(published.value?.toString() ?? '{}')).toMatchObject({
      fingerprint: `fp-${suffix}`,
      suspects: [
        { changeId: `ledger-${suffix}`, rank: 1 },
        { changeId: `checkout-${suffix}`, rank: 2 },
      ],
    });

    // The repeat was a no-op; the two bad messages went to the alert DLQ with their reasons.
    const detail = await reviewer(`/v1/alerts/fp-${suffix}`).expect(200);
    const notifications = (detail.body as { events: { type: string }[] }).events.filter(
      (e) => e.type === 'AlertEventRecorded',
    );
    expect(notifications).toHaveLength(1);
    const dead = await waitFor('two messages on the alert DLQ', () =>
      Promise.resolve(dlq.length >= 2 ? dlq : undefined),
    );
    const reasons = dead.map((m) => m.headers?.['x-dlq-reason']?.toString()).sort();
    expect(reasons).toEqual(['not_json', 'schema']);
    const schemaError = dead.find((m) => m.headers?.['x-dlq-reason']?.toString() === 'schema');
    expect(schemaError?.headers?.['x-dlq-error']?.toString()).toContain('/severity');
    expect(schemaError?.headers?.['x-dlq-original-topic']?.toString()).toBe(topics.alerts);
  });

  it('takes an Alertmanager webhook over HTTP in Kafka mode and answers with its suspects', async () => {
    await request(app.baseUrl)
      .post('/v1/alerts/alertmanager')
      .set('authorization', `Bearer ${KEYS.alerting}`)
      .send({
        version: '4',
        groupKey: '{}:{alertname="PaymentsDown"}',
        status: 'firing',
        receiver: 'change-audit',
        groupLabels: {},
        commonLabels: {},
        commonAnnotations: {},
        externalURL: 'https://alertmanager.example.com',
        alerts: [
          {
            status: 'firing',
            labels: {
              alertname: 'PaymentsDown',
              job: 'payments-api',
              env: 'production',
              severity: 'critical',
            },
            annotations: {},
            startsAt: iso(alertAt + 60_000),
            endsAt: '0001-01-01T00:00:00Z',
            generatorURL: 'https://prometheus.example.com/graph',
            fingerprint: `am-${suffix}`,
          },
        ],
      })
      .expect(202);
    const res = await reviewer(`/v1/alerts/am-${suffix}/suspects`).expect(200);
    const view = res.body as AlertSuspectsView;
    expect(view.alert).toMatchObject({ service: 'payments-api', severity: 'critical' });
    expect(view.items[0]?.changeId).toBe(`ledger-${suffix}`);
  });
});

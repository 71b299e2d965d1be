// A topic of CDEvents on the real broker (CDEVENTS_KAFKA_TOPICS): binary mode (ce_ headers) and structured
// mode (content-type header) are stored as their golden events with the topic's source; an unknown type, a
// CDEvent whose context.source is bound to another source, and a message that is no JSON are dead-lettered
// with the reason; redelivered messages store nothing new.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Consumer, KafkaMessage, Producer } from 'kafkajs';
import request from 'supertest';
import { ALERT_EVENT_RECORDED } from '../../../src/alerts/domain/alert-stream';
import { CHANGE_EVENT_RECORDED } from '../../../src/changes/domain/change-stream';
import type { ChangeDetail } from '../../../src/changes/queries/get-change/get-change.query';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase, superuserClient } from '../../support/database';
import { testBrokers, testKafka } from '../../support/kafka';
import { waitFor } from '../../support/service-process';

const FIXTURES = path.resolve(__dirname, '../../fixtures/cdevents-v0.5.1');
type CdEvent = { context: Record<string, unknown> } & Record<string, unknown>;
const fixture = (name: string): CdEvent =>
  JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, 'utf8')) as CdEvent;
const goldenEvent = (name: string): Record<string, unknown> =>
  (JSON.parse(readFileSync(`${FIXTURES}/golden/${name}.json`, 'utf8')) as { event: Record<string, unknown> })
    .event;

/** Binary mode: the attributes as ce_ headers, the CDEvent as the value. */
const binary = (cdevent: CdEvent) => ({
  headers: {
    ce_specversion: '1.0',
    ce_id: String(cdevent.context['id']),
    ce_source: String(cdevent.context['source']),
    ce_type: String(cdevent.context['type']),
    'content-type': 'application/json',
  },
  value: JSON.stringify(cdevent),
});

/** Structured mode: the whole CloudEvent as the value. */
const structured = (cdevent: CdEvent) => ({
  headers: { 'content-type': 'application/cloudevents+json; charset=utf-8' },
  value: JSON.stringify({
    specversion: '1.0',
    id: cdevent.context['id'],
    source: cdevent.context['source'],
    type: cdevent.context['type'],
    datacontenttype: 'application/json',
    data: cdevent,
  }),
});

describe('CDEvents on a Kafka topic', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `cdevents-${suffix}`;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let producer: Producer;
  let dlqReader: Consumer;
  const dlq: KafkaMessage[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await startTestApp({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: `change-events-cde-${suffix}`,
      KAFKA_ALERT_EVENTS_TOPIC: `alert-events-cde-${suffix}`,
      KAFKA_TOPOLOGY_TOPIC: `topology-cde-${suffix}`,
      KAFKA_INSIGHTS_TOPIC: `insights-cde-${suffix}`,
      KAFKA_GROUP_ID: `cde-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '1',
      CDEVENTS_KAFKA_TOPICS: `${topic}=argo-cd`,
      CDEVENTS_SOURCES: '/event/source=argo-cd,/monitoring=grafana',
    });
    const kafka = testKafka(`cde-test-${suffix}`);
    producer = kafka.producer();
    await producer.connect();
    dlqReader = kafka.consumer({ groupId: `cde-dlq-${suffix}` });
    await dlqReader.connect();
    await dlqReader.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
    await dlqReader.run({
      eachMessage: ({ message }) => {
        dlq.push(message);
        return Promise.resolve();
      },
    });
  });

  afterAll(async () => {
    await dlqReader.disconnect();
    await producer.disconnect();
    await app.close();
    await database.drop();
  });

  const getChange = async (changeId: string): Promise<ChangeDetail | undefined> => {
    const res = await request(app.baseUrl)
      .get(`/v1/changes/argo-cd/${encodeURIComponent(changeId)}`)
      .set('authorization', `Bearer ${KEYS.reviewer}`);
    return res.status === 200 ? (res.body as ChangeDetail) : undefined;
  };
  const storedEvents = async (): Promise<number> => {
    const sql = await superuserClient(database.url);
    try {
      const result = await sql.query<{ n: string }>(
        'SELECT count(*) AS n FROM events WHERE event_type = ANY($1)',
        [[CHANGE_EVENT_RECORDED, ALERT_EVENT_RECORDED]],
      );
      return Number(result.rows[0]?.n);
    } finally {
      await sql.end();
    }
  };

  it('stores both modes as their golden events, dead-letters what it cannot map, and stores redeliveries once', async () => {
    const incident = fixture('incident_detected');
    const unboundIncident = {
      ...incident,
      context: { ...incident.context, source: '/pagerduty/services/7' },
      subject: { ...(incident['subject'] as object), id: `incident-${suffix}` },
    };
    const good = [
      binary(fixture('service_deployed')),
      structured(fixture('environment_created')),
      binary(unboundIncident),
    ];
    await producer.send({
      topic,
      messages: [
        ...good,
        binary(fixture('build_started')),
        binary(incident), // context.source /monitoring/… is bound to grafana, not to the topic's argo-cd
        { headers: { 'content-type': 'application/cloudevents+json' }, value: '{"specversion":' },
      ],
    });

    for (const name of ['service_deployed', 'environment_created']) {
      const expected = goldenEvent(name);
      const change = await waitFor(
        `${name} from Kafka`,
        () => getChange(String(expected['changeId'])),
        60_000,
        250,
      );
      expect(change.events[0]?.event).toEqual(expected);
      expect(change.events[0]?.metadata).toMatchObject({ receivedVia: 'kafka', kafka: { topic } });
    }
    const alert = await request(app.baseUrl)
      .get(`/v1/alerts/incident-${suffix}`)
      .set('authorization', `Bearer ${KEYS.reviewer}`);
    expect(alert.status).toBe(200);
    expect(alert.body).toMatchObject({
      source: 'argo-cd',
      status: 'firing',
      environment: 'prod1',
      service: 'myApp',
    });

    const dead = await waitFor(
      'three dead letters',
      () => Promise.resolve(dlq.length >= 3 ? dlq : undefined),
      60_000,
      250,
    );
    const reasons = dead.map(
      (m) => `${m.headers?.['x-dlq-reason']?.toString()}: ${m.headers?.['x-dlq-error']?.toString()}`,
    );
    expect(reasons).toEqual([
      expect.stringMatching(
        /^schema: .*"dev\.cdevents\.build\.started\.0\.3\.0" is not a CDEvents type this service maps/,
      ),
      expect.stringMatching(
        /^schema: .*"\/monitoring\/prod1" is bound to source "grafana", not to "argo-cd"/,
      ),
      expect.stringMatching(/^not_json: message is not JSON/),
    ]);
    expect(dead.every((m) => m.headers?.['x-dlq-original-topic']?.toString() === topic)).toBe(true);

    // Redeliveries (the same messages again), then one new CDEvent to know they have all been read.
    const before = await storedEvents();
    const marker = fixture('service_upgraded');
    await producer.send({ topic, messages: [...good, binary(marker)] });
    const expected = goldenEvent('service_upgraded');
    await waitFor('the marker', () => getChange(String(expected['changeId'])), 60_000, 250);
    expect(await storedEvents()).toBe(before + 1);
  });
});

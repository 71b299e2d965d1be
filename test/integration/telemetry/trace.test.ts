import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import request from 'supertest';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { KEYS } from '../../support/app';
import { createTestDatabase, superuserClient } from '../../support/database';
import { createTopicWithDlq, testBrokers, testKafka } from '../../support/kafka';
import { spawnService, waitFor, type ServiceProcess } from '../../support/service-process';
import { OTLP_KIND, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

/**
 * One trace from the HTTP request through the broker to the store: the built service runs as its own
 * process (instrumentation has to load before express and pg, which Jest's module system would defeat)
 * with tracing configured only by the standard OTEL_* variables, exporting OTLP/JSON to an in-memory
 * receiver. The caller sends a W3C `traceparent`, so every span of the ingest must carry its trace id.
 */
describe('tracing: POST /v1/change-events → Kafka → event store and timeline, one trace', () => {
  const suffix = randomBytes(4).toString('hex');
  const topic = `change-events-trace-${suffix}`;
  let receiver: OtlpReceiver;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Client;
  let service: ServiceProcess | undefined;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    database = await createTestDatabase();
    db = await superuserClient(database.url);
    await createTopicWithDlq(testKafka('trace-it'), topic, 1);
  });

  afterAll(async () => {
    if (service && service.child.exitCode === null) {
      service.child.kill('SIGKILL');
      await service.exited;
    }
    await db.end();
    await database.drop();
    await receiver.close();
  });

  it('joins the HTTP server span, the Kafka send, the consumer’s ingest and the PostgreSQL writes', async () => {
    service = await spawnService({
      DATABASE_URL: database.url,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_CHANGE_EVENTS_TOPIC: topic,
      KAFKA_GROUP_ID: `trace-${suffix}`,
      KAFKA_TOPIC_PARTITIONS: '1',
      OTEL_SERVICE_NAME: 'change-audit-trace-test',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
    const baseUrl = service.baseUrl;
    await waitFor('the service to be ready (consumer in its group)', async () => {
      const res = await request(baseUrl).get('/health/ready');
      return res.status === 200 ? true : undefined;
    });

    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const [event] = generateChangeEvents(1, 5, `trace${suffix}`).map((e) => ({ ...e, source: 'argo-cd' }));
    if (event === undefined) throw new Error('no event generated');
    await request(baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('traceparent', `00-${traceId}-${callerSpanId}-01`)
      .send(event)
      .expect(202);
    await waitFor('the consumer to store the event', async () => {
      const rows = await db.query('SELECT 1 FROM changes WHERE change_id = $1', [event.changeId]);
      return rows.rowCount === 1 ? true : undefined;
    });

    const isTimelineWrite = (s: ReceivedSpan): boolean =>
      /^(INSERT INTO changes\b|COPY changes)/.test(String(s.attributes.get('db.query.text') ?? '').trim());
    const spans = await waitFor('the spans of the ingest to be exported', () => {
      const inTrace = receiver.spans().filter((s) => s.traceId === traceId);
      // The ingest span ends last (after its transaction commits), so once it is here, all of it is.
      const ingested = inTrace.some((s) => s.kind === OTLP_KIND.consumer) && inTrace.some(isTimelineWrite);
      return Promise.resolve(ingested ? inTrace : undefined);
    });
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
      const chain: ReceivedSpan[] = [];
      for (
        let parent = byId.get(span.parentSpanId ?? '');
        parent;
        parent = byId.get(parent.parentSpanId ?? '')
      ) {
        chain.push(parent);
      }
      return chain;
    };
    const only = (what: string, match: (s: ReceivedSpan) => boolean): ReceivedSpan => {
      const found = spans.filter(match);
      if (found.length !== 1) {
        throw new Error(
          `expected one ${what} span, found ${found.length}: ${spans.map((s) => s.name).join(', ')}`,
        );
      }
      return found[0] as ReceivedSpan;
    };

    expect(new Set(spans.map((s) => s.serviceName))).toEqual(new Set(['change-audit-trace-test']));
    // The HTTP server span continues the caller's trace.
    const server = only('HTTP server', (s) => s.kind === OTLP_KIND.server);
    expect(server.parentSpanId).toBe(callerSpanId);
    expect(server.attributes.get('http.route')).toBe('/v1/change-events');
    // The Kafka send happens inside the request.
    const send = only('Kafka send', (s) => s.kind === OTLP_KIND.producer && s.name === `send ${topic}`);
    expect(ancestors(send)).toContain(server);
    // The consumer's ingest is the send's child: the broker hop does not break the trace.
    const ingest = only(
      'Kafka ingest',
      (s) => s.kind === OTLP_KIND.consumer && s.name === `process ${topic}`,
    );
    expect(ingest.parentSpanId).toBe(send.spanId);
    expect(ingest.attributes.get('messaging.batch.message_count')).toBe(1);
    // One transaction under the ingest span: the append draws its positions, the timeline is
    // upserted, and the consumer's offset is saved. (COPY writes have no span of their own yet: the pg
    // instrumentation never ends a COPY stream's span; see src/telemetry/db-tracing.ts.)
    const writes = spans.filter((s) => s.attributes.get('db.system.name') === 'postgresql');
    const statement = (pattern: RegExp): ReceivedSpan[] =>
      writes.filter((s) => pattern.test(String(s.attributes.get('db.query.text') ?? '').trim()));
    const storeHead = statement(/^SELECT events_allocate_positions\b/);
    const timeline = writes.filter(isTimelineWrite);
    const offset = statement(/^INSERT INTO kafka_consumer_offsets\b/);
    for (const [what, found] of Object.entries({ storeHead, timeline, offset })) {
      expect([what, found.length]).toEqual([what, 1]);
    }
    for (const write of [...storeHead, ...timeline, ...offset]) {
      expect(write.kind).toBe(OTLP_KIND.client);
      expect(ancestors(write)).toContain(ingest);
    }
    // Bind values are never exported (they hold event payloads).
    expect(
      writes.every(
        (s) => !s.attributes.has('db.query.parameter.0') && !s.attributes.has('db.statement.values'),
      ),
    ).toBe(true);
  });
});

import { SpanKind, trace } from '@opentelemetry/api';
import { MAX_TRACE_LINKS, tracedIngest, tracedSend } from '../../../src/telemetry/kafka-tracing';
import { useInMemoryTracing } from './support/in-memory-tracing';

const exporter = useInMemoryTracing();
const tracer = trace.getTracer('test');

function span(name: string) {
  const found = exporter.getFinishedSpans().filter((s) => s.name === name);
  if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
  const [only] = found;
  if (only === undefined) throw new Error('unreachable');
  return only;
}

/** The headers a producer writes into a message it sends while handling `request`. */
async function publishedHeaders(request: string): Promise<Record<string, string>> {
  return tracer.startActiveSpan(request, async (root) => {
    try {
      return await tracedSend('change-events.v1', 1, (headers) => Promise.resolve({ ...headers }));
    } finally {
      root.end();
    }
  });
}

describe('trace context across Kafka', () => {
  it('the producer span is a child of the request and its context is what the headers carry', async () => {
    const headers = await publishedHeaders('POST /v1/change-events');
    const request = span('POST /v1/change-events');
    const send = span('send change-events.v1');
    expect(send.kind).toBe(SpanKind.PRODUCER);
    expect(send.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(headers['traceparent']).toBe(`00-${send.spanContext().traceId}-${send.spanContext().spanId}-01`);
  });

  it('a chunk from one trace continues it: the ingest span is the producer span’s child, and so is the write', async () => {
    const headers = await publishedHeaders('one request');
    const stored = await tracedIngest('change-events.v1', 2, [{ offset: '7', headers }], async () => {
      await Promise.resolve();
      tracer.startSpan('pg.query:COPY').end();
      return 'stored';
    });
    expect(stored).toBe('stored');
    const send = span('send change-events.v1');
    const ingest = span('process change-events.v1');
    const write = span('pg.query:COPY');
    expect(ingest.kind).toBe(SpanKind.CONSUMER);
    expect(ingest.spanContext().traceId).toBe(send.spanContext().traceId);
    expect(ingest.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(ingest.links).toEqual([]);
    expect(write.spanContext().traceId).toBe(send.spanContext().traceId);
    expect(write.parentSpanContext?.spanId).toBe(ingest.spanContext().spanId);
    expect(ingest.attributes).toMatchObject({
      'messaging.destination.name': 'change-events.v1',
      'messaging.destination.partition.id': '2',
      'messaging.batch.message_count': 1,
    });
  });

  it('a chunk of many traces starts its own and links each producer once; messages without context add nothing', async () => {
    const first = await publishedHeaders('first request');
    const second = await publishedHeaders('second request');
    const sends = exporter.getFinishedSpans().filter((s) => s.name === 'send change-events.v1');
    const messages = [
      { offset: '1', headers: first },
      { offset: '2', headers: { 'x-change-audit-receivedVia': 'http' } },
      { offset: '3', headers: second },
      { offset: '4', headers: first },
      { offset: '5' },
    ];
    await tracedIngest('change-events.v1', 0, messages, () => Promise.resolve());
    const ingest = span('process change-events.v1');
    expect(ingest.parentSpanContext).toBeUndefined();
    expect(sends.map((s) => s.spanContext().traceId)).not.toContain(ingest.spanContext().traceId);
    expect(ingest.links.map((l) => l.context.spanId)).toEqual(sends.map((s) => s.spanContext().spanId));
  });

  it('caps the links and says so', async () => {
    const chunk = (distinct: number) =>
      Array.from({ length: distinct }, (_, i) => ({
        offset: String(i),
        headers: { traceparent: `00-${(i + 1).toString(16).padStart(32, '0')}-${'a'.repeat(16)}-01` },
      }));
    await tracedIngest('change-events.v1', 0, chunk(MAX_TRACE_LINKS), () => Promise.resolve());
    const whole = span('process change-events.v1');
    expect(whole.links).toHaveLength(MAX_TRACE_LINKS);
    expect(whole.attributes['change_audit.trace_links_truncated']).toBe(false);
    exporter.reset();
    await tracedIngest('change-events.v1', 0, chunk(MAX_TRACE_LINKS + 5), () => Promise.resolve());
    const capped = span('process change-events.v1');
    expect(capped.links).toHaveLength(MAX_TRACE_LINKS);
    expect(capped.attributes['change_audit.trace_links_truncated']).toBe(true);
  });

  it('reads Buffer headers as kafkajs delivers them, a run of equal ones decoded once', async () => {
    const headers = await publishedHeaders('a batch request');
    const traceparent = headers['traceparent'] ?? '';
    const messages = Array.from({ length: 1_000 }, (_, i) => ({
      offset: String(i),
      headers: { traceparent: Buffer.from(traceparent) },
    }));
    await tracedIngest('change-events.v1', 1, messages, () => Promise.resolve());
    const send = span('send change-events.v1');
    const ingest = span('process change-events.v1');
    expect(ingest.parentSpanContext?.spanId).toBe(send.spanContext().spanId);
    expect(ingest.links).toEqual([]);
  });

  it('marks the ingest span failed when the write fails, and rethrows', async () => {
    await expect(
      tracedIngest('change-events.v1', 0, [{ offset: '1' }], () => Promise.reject(new Error('disk full'))),
    ).rejects.toThrow('disk full');
    const ingest = span('process change-events.v1');
    expect(ingest.status).toMatchObject({ code: 2, message: 'disk full' });
  });
});

import { SpanKind, trace } from '@opentelemetry/api';
import { tracedCopy } from '../../../src/telemetry/db-tracing';
import { useInMemoryTracing } from './support/in-memory-tracing';

const exporter = useInMemoryTracing();
const tracer = trace.getTracer('test');

describe('tracedCopy', () => {
  it('wraps a COPY in a CLIENT span under the active span, ended when the COPY settles', async () => {
    await tracer.startActiveSpan('ingest', async (ingest) => {
      await tracedCopy('events', 'COPY events (a, b) FROM STDIN', () => Promise.resolve());
      await expect(
        tracedCopy('changes_staging', 'COPY changes_staging (a) FROM STDIN', () =>
          Promise.reject(new Error('bad row')),
        ),
      ).rejects.toThrow('bad row');
      ingest.end();
    });
    const [events, staging, ingest] = exporter.getFinishedSpans();
    expect(events?.name).toBe('COPY events');
    expect(events?.kind).toBe(SpanKind.CLIENT);
    expect(events?.attributes).toMatchObject({
      'db.system.name': 'postgresql',
      'db.operation.name': 'COPY',
      'db.collection.name': 'events',
      'db.query.text': 'COPY events (a, b) FROM STDIN',
    });
    expect(events?.parentSpanContext?.spanId).toBe(ingest?.spanContext().spanId);
    expect(staging?.status).toMatchObject({ code: 2, message: 'bad row' });
  });

  it('starts no trace of its own outside a traced operation', async () => {
    await expect(tracedCopy('events', 'COPY events (a) FROM STDIN', () => Promise.resolve(7))).resolves.toBe(
      7,
    );
    expect(exporter.getFinishedSpans()).toEqual([]);
  });
});

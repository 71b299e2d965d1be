import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('change-audit');

/**
 * A CLIENT span for a `COPY … FROM STDIN`. The pg instrumentation starts a span for a COPY stream but
 * never ends it (it only ends spans of promise and callback queries), so COPY writes, the bulk of an
 * ingest, would be missing from traces. Like that instrumentation (requireParentSpan), it traces only
 * inside a traced operation.
 */
export async function tracedCopy<T>(table: string, statement: string, run: () => Promise<T>): Promise<T> {
  if (trace.getActiveSpan() === undefined) return run();
  return tracer.startActiveSpan(
    `COPY ${table}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.operation.name': 'COPY',
        'db.collection.name': table,
        'db.query.text': statement,
      },
    },
    async (span) => {
      try {
        return await run();
      } catch (error) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.message : String(error),
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

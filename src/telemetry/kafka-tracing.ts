import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';

/**
 * Trace context across Kafka, by hand (why not the kafkajs instrumentation: see tracing.ts).
 *
 * Producer: one PRODUCER span per send; its context goes into every message's headers (W3C
 * `traceparent`, through the configured propagator).
 * Consumer: one CONSUMER span per chunk written to the store, never one per message. A chunk whose
 * messages all come from one trace (a single event, or one HTTP request's batch) continues that trace
 * as a child of the producer's span, so the request, the broker hop and the store write read as one
 * trace. A chunk that mixes traces starts its own trace and links to each producer's span.
 *
 * Without a tracing SDK the API is a no-op and no propagator is registered: nothing is extracted and
 * the cost is one no-op span per send or chunk.
 */
const tracer = trace.getTracer('change-audit');

/** A span carries at most this many links (the SDK's default limit too); the rest are counted. */
export const MAX_TRACE_LINKS = 128;

export interface TracedMessage {
  readonly offset: string;
  readonly headers?: IHeaders | undefined;
}

/** Runs `send` in a PRODUCER span; `traceHeaders` are to be added to every message sent. */
export async function tracedSend<T>(
  topic: string,
  messageCount: number,
  send: (traceHeaders: Readonly<Record<string, string>>) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(`send ${topic}`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'send',
      'messaging.destination.name': topic,
      'messaging.batch.message_count': messageCount,
    },
  });
  const active = trace.setSpan(context.active(), span);
  const traceHeaders: Record<string, string> = {};
  propagation.inject(active, traceHeaders);
  return context.with(active, () => endWhenSettled(span, send(traceHeaders)));
}

/** Runs `ingest` (the store write of one chunk) in a CONSUMER span placed as described above. */
export async function tracedIngest<T>(
  topic: string,
  partition: number,
  messages: readonly TracedMessage[],
  ingest: () => Promise<T>,
): Promise<T> {
  const { contexts: producers, truncated } = producerContexts(messages);
  const first = producers[0];
  const oneTrace =
    first !== undefined && producers.every((p) => p.spanContext.traceId === first.spanContext.traceId);
  const parent = oneTrace ? first.context : ROOT_CONTEXT;
  const linked = oneTrace ? producers.slice(1) : producers;
  const links: Link[] = linked.slice(0, MAX_TRACE_LINKS).map((p) => ({ context: p.spanContext }));
  const span = tracer.startSpan(
    `process ${topic}`,
    {
      kind: SpanKind.CONSUMER,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'ingest',
        'messaging.destination.name': topic,
        'messaging.destination.partition.id': String(partition),
        'messaging.batch.message_count': messages.length,
        'messaging.kafka.offset': messages[0]?.offset ?? '',
        'change_audit.kafka.last_offset': messages[messages.length - 1]?.offset ?? '',
        'change_audit.trace_links_truncated': truncated || linked.length > MAX_TRACE_LINKS,
      },
    },
    parent,
  );
  return context.with(trace.setSpan(parent, span), () => endWhenSettled(span, ingest()));
}

interface ProducerContext {
  readonly context: Context;
  readonly spanContext: SpanContext;
}

type RawHeader = Buffer | string | undefined;

/**
 * The distinct trace contexts the messages carry, in order of first appearance. This runs once per
 * chunk over up to 5,000 messages, so it compares the raw header bytes with the previous message's
 * (consecutive messages of one request carry the same ones) and decodes only when they differ; it
 * stops once there are more distinct contexts than a span may link to.
 */
function producerContexts(messages: readonly TracedMessage[]): {
  contexts: ProducerContext[];
  truncated: boolean;
} {
  const fields = propagation.fields();
  if (fields.length === 0) return { contexts: [], truncated: false };
  const carriers = new Map<string, Record<string, string>>();
  const previous: RawHeader[] = fields.map(() => undefined);
  let truncated = false;
  for (const message of messages) {
    const headers = message.headers;
    if (headers === undefined) continue;
    let same = true;
    for (let i = 0; i < fields.length; i++) {
      const raw = firstValue(headers[fields[i] ?? '']);
      if (same && !rawEqual(raw, previous[i])) same = false;
      previous[i] = raw;
    }
    if (same) continue;
    let key = '';
    let carrier: Record<string, string> | undefined;
    fields.forEach((field, i) => {
      const raw = previous[i];
      if (raw === undefined) return;
      const value = raw.toString();
      (carrier ??= {})[field] = value;
      key += `${field}=${value}\n`;
    });
    if (carrier === undefined || carriers.has(key)) continue;
    if (carriers.size > MAX_TRACE_LINKS) {
      truncated = true;
      break;
    }
    carriers.set(key, carrier);
  }
  const contexts: ProducerContext[] = [];
  for (const carrier of carriers.values()) {
    const extracted = propagation.extract(ROOT_CONTEXT, carrier);
    const spanContext = trace.getSpanContext(extracted);
    if (spanContext !== undefined && trace.isSpanContextValid(spanContext)) {
      contexts.push({ context: extracted, spanContext });
    }
  }
  return { contexts, truncated };
}

function firstValue(value: IHeaders[string]): RawHeader {
  return Array.isArray(value) ? value[0] : value;
}

function rawEqual(a: RawHeader, b: RawHeader): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (typeof a === 'string' || typeof b === 'string') return a.toString() === b.toString();
  return a.equals(b);
}

async function endWhenSettled<T>(span: Span, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : String(error),
    });
    throw error;
  } finally {
    span.end();
  }
}

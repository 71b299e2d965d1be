import type { IncomingMessage } from 'node:http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NestInstrumentation } from '@opentelemetry/instrumentation-nestjs-core';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { DEFAULT_SERVICE_NAME, isProbeRequest, serviceNameConfigured } from './tracing-config';

/**
 * The OpenTelemetry Node SDK with the instrumentations this service needs: HTTP (server spans, W3C
 * `traceparent` honoured; the route pattern comes from src/telemetry/http-route-hooks.ts), Nest (handler
 * spans), PostgreSQL (a span per query,
 * COPY included). Exporters, sampler and propagators come from the standard OTEL_* variables.
 *
 * Must start before pg and Nest are first required (instrumentation patches modules as they
 * load): src/telemetry/register.ts is the first import of src/main.ts.
 *
 * Kafka is traced by hand (src/telemetry/kafka-tracing.ts), not by @opentelemetry/instrumentation-kafkajs:
 * for an eachBatch consumer that instrumentation starts each batch in a new trace and opens one span per
 * message, linked to (not a child of) its producer, so the write to the store never joins the trace of
 * the request that published the event, and a 5,000-message chunk would cost 5,000 spans.
 */
export function startTracingSdk(env: NodeJS.ProcessEnv): NodeSDK {
  const sdk = new NodeSDK({
    ...(serviceNameConfigured(env) ? {} : { serviceName: DEFAULT_SERVICE_NAME }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (request: IncomingMessage) => isProbeRequest(request.url),
      }),
      new NestInstrumentation(),
      // Only queries inside a traced operation: the relay's and the registry's polling would otherwise
      // start a trace every few hundred milliseconds. Bind values are never recorded.
      new PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
    // Metrics are served on GET /metrics (prom-client) and logs go to stdout as JSON: unless the
    // standard variables ask for them, the SDK exports traces only (its default would be OTLP for all).
    ...(env['OTEL_METRICS_EXPORTER'] === undefined ? { metricReaders: [] } : {}),
    ...(env['OTEL_LOGS_EXPORTER'] === undefined ? { logRecordProcessors: [] } : {}),
  });
  sdk.start();
  return sdk;
}

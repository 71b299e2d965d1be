import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from './metrics/metrics';

/** The route label of requests that matched no route (404s, probes of random paths). */
export const UNMATCHED_ROUTE = 'unmatched';

/** The status label of requests whose client went away before the response was sent (nginx's 499). */
export const CLIENT_CLOSED_STATUS = '499';

/**
 * Per HTTP request, once the router has matched it:
 * - one observation of `http_request_duration_seconds`, labelled with the route pattern
 *   (`/v1/changes/:changeId`), never the raw URL, so label values stay few;
 * - when tracing is on, the pattern becomes the server span's `http.route` (the HTTP instrumentation
 *   reads it from the request's RPC metadata when the response ends, and names the span after it).
 */
export function registerHttpRouteHooks(server: FastifyInstance, metrics: Metrics): void {
  const timers = new WeakMap<FastifyRequest, (labels: { status_code: string }) => number>();
  server.addHook('onRequest', (request, _reply, done) => {
    const route = routePattern(request);
    const rpc = getRPCMetadata(context.active());
    if (rpc?.type === RPCType.HTTP && route !== UNMATCHED_ROUTE) rpc.route = route;
    timers.set(request, metrics.httpRequestDuration.startTimer({ method: request.method, route }));
    done();
  });
  const observe = (request: FastifyRequest, status: string): void => {
    timers.get(request)?.({ status_code: status });
    timers.delete(request);
  };
  server.addHook('onResponse', (request, reply, done) => {
    observe(request, String(reply.statusCode));
    done();
  });
  server.addHook('onRequestAbort', (request, done) => {
    observe(request, CLIENT_CLOSED_STATUS);
    done();
  });
}

export function routePattern(request: FastifyRequest): string {
  // Fastify's not-found handler is a route too, with no pattern worth a label.
  return request.is404 ? UNMATCHED_ROUTE : (request.routeOptions.url ?? UNMATCHED_ROUTE);
}

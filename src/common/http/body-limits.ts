import { Transform, type Readable } from 'node:stream';
import { HttpStatus, PayloadTooLargeException } from '@nestjs/common';
import type { FastifyInstance, HTTPMethods, preParsingHookHandler } from 'fastify';

const KiB = 1024;
const MiB = 1024 * KiB;

/** A full batch: 1,000 items of up to 64 KiB (62.5 MiB), with room for the array and white space. */
const FULL_BATCH_BYTES = 66 * MiB;

/** Routes not in the table: no body, or a small one (a reason). Also the 404 handler's limit. */
export const DEFAULT_BODY_LIMIT = 16 * KiB;

/**
 * The largest body each route reads, in bytes: the one place that states them (docs/operations.md lists
 * the same table). Batch routes take a full batch; the others are sized to their contract, as the largest
 * valid body with every character written as a six-byte JSON escape (`\u00e9`), rounded up.
 */
export const BODY_LIMITS: Readonly<Record<string, number>> = {
  'POST /v1/change-events': FULL_BATCH_BYTES,
  'POST /v1/alerts': FULL_BATCH_BYTES,
  // 1,000 alerts (the cap per notification) of at most what one alert-event.v1 may be.
  'POST /v1/alerts/alertmanager': FULL_BATCH_BYTES,
  // 20,000 edges of two 128-character names: 31 MB escaped.
  'PUT /v1/topology': 32 * MiB,
  // Six scope dimensions of 100 values of 200 characters, 50 roles, name and reason: 0.7 MB escaped.
  'POST /v1/freeze-windows': MiB,
  'POST /v1/freeze-windows/preview': MiB,
  'PATCH /v1/freeze-windows/:id': MiB,
  // freeze-evaluate-request.v1: about 3,200 characters at most, 20 KB escaped.
  'POST /v1/freeze/evaluate': 64 * KiB,
  // A tool's webhook (src/intake/): GitHub's deployment payloads carry whole repository objects.
  'POST /v1/intake/github/:integration': MiB,
  'POST /v1/intake/argocd/:integration': MiB,
  'POST /v1/intake/launchdarkly/:integration': MiB,
  'POST /v1/intake/webhook/:integration': MiB,
  // PagerDuty's own limit for an event.
  'POST /v2/change/enqueue': 512 * KiB,
  // A reason of 2,000 characters; a verdict's note of 2,000 and change id of 200.
  'POST /v1/freeze-windows/:id/lift': 16 * KiB,
  'POST /v1/alerts/:id/verdicts': 16 * KiB,
};

/** The body limit of a route, by method and route pattern (`/v1/freeze-windows/:id`). */
export function bodyLimitOf(method: string, url: string): number {
  return BODY_LIMITS[`${method} ${url}`] ?? DEFAULT_BODY_LIMIT;
}

/** Bytes as a person reads them: 64 KiB, 66 MiB, 1000 bytes. */
function sizeText(bytes: number): string {
  if (bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes % KiB === 0) return `${bytes / KiB} KiB`;
  return `${bytes} bytes`;
}

/** 413 naming the route's limit; `statusCode` so that Fastify keeps the status when a stream fails with it. */
class BodyTooLargeException extends PayloadTooLargeException {
  readonly statusCode = HttpStatus.PAYLOAD_TOO_LARGE;
}

function tooLarge(route: string, limit: number, size: string): BodyTooLargeException {
  return new BodyTooLargeException(
    `the body is ${size}; ${route} takes at most ${limit} bytes (${sizeText(limit)})`,
  );
}

/**
 * Refuses a body over the route's limit before reading it when its Content-Length says so, and as soon as
 * a chunked one passes the limit; both 413s name the limit. Fastify's own check (the route's bodyLimit)
 * stays behind it.
 */
function refuseOversizedBodies(route: string, limit: number): preParsingHookHandler {
  return (request, _reply, payload, done) => {
    const declared = Number(request.headers['content-length']);
    if (declared > limit) {
      done(tooLarge(route, limit, `${declared} bytes`));
      return;
    }
    // With a Content-Length Fastify checks the bytes against it; without one or a Transfer-Encoding there
    // is no body.
    if (!Number.isNaN(declared) || request.headers['transfer-encoding'] === undefined) {
      done(null, payload);
      return;
    }
    let received = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        received += chunk.length;
        if (received > limit) next(tooLarge(route, limit, `over ${limit} bytes`));
        else next(null, chunk);
      },
    });
    payload.on('error', (error) => counted.destroy(error));
    done(null, (payload as Readable).pipe(counted));
  };
}

/**
 * Gives every route its body limit from BODY_LIMITS as Fastify registers it. Call before the routes are
 * registered (before the application's init).
 */
export function limitRequestBodies(server: FastifyInstance): void {
  server.addHook('onRoute', (route) => {
    const methods: readonly HTTPMethods[] = Array.isArray(route.method) ? route.method : [route.method];
    const limit = Math.max(...methods.map((method) => bodyLimitOf(method, route.url)));
    const name = `${methods.join(',')} ${route.url}`;
    route.bodyLimit = limit;
    const own = route.preParsing;
    route.preParsing = [
      refuseOversizedBodies(name, limit),
      ...(own === undefined ? [] : Array.isArray(own) ? own : [own]),
    ];
  });
}

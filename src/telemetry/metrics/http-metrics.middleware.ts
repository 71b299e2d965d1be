import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

/**
 * Express middleware: one observation per HTTP request, labelled with the route pattern Express matched
 * (`/v1/changes/:changeId`), never the raw URL, so label values stay few. Requests that matched no route
 * (404s, probes of random paths) share the label `unmatched`.
 */
export function httpMetricsMiddleware(
  metrics: Metrics,
): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    // `close` fires for finished and aborted responses alike.
    res.once('close', () => {
      end({ method: req.method, route: routePattern(req), status_code: String(res.statusCode) });
    });
    next();
  };
}

export function routePattern(req: Request): string {
  const route: unknown = req.route;
  const path =
    typeof route === 'object' && route !== null && 'path' in route && typeof route.path === 'string'
      ? route.path
      : undefined;
  return path === undefined ? 'unmatched' : `${req.baseUrl}${path}`;
}

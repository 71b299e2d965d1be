import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChangeAuditApiError,
  createChangeAuditClient,
  parseRetryAfter,
  retryDelayMs,
  retryingFetch,
} from '../src';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly body: string;
  readonly authorization: string | undefined;
}

type Handler = (request: Received, response: ServerResponse) => void;

/** A local server answering with `handlers` in turn (the last one repeats), recording every request. */
async function serve(
  handlers: Handler[],
): Promise<{ server: Server; baseUrl: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Received = {
        method: request.method ?? '',
        url: request.url ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
        authorization: request.headers.authorization,
      };
      received.push(entry);
      const handler = handlers[Math.min(received.length - 1, handlers.length - 1)];
      handler?.(entry, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, baseUrl: `http://127.0.0.1:${port}`, received };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Handler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
}

const unavailable = (retryAfter: string, delivery: 'not_sent' | 'unknown' = 'unknown'): Handler =>
  json(
    503,
    { statusCode: 503, error: 'Service Unavailable', message: 'Kafka is unavailable; retry', delivery },
    { 'retry-after': retryAfter },
  );

const EVENT = {
  eventId: 'evt-1',
  changeId: 'chg-1',
  source: 'argo-cd',
  kind: 'deploy',
  phase: 'started',
  occurredAt: '2026-12-07T01:00:00.000Z',
  service: 'checkout',
  environment: 'production',
} as const;

let running: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => {
    if (running === undefined) resolve();
    else
      running.close(() => {
        resolve();
      });
  });
  running = undefined;
});

describe('503 retries', () => {
  it('re-sends the same events after Retry-After and returns the answer that follows', async () => {
    const accepted = { accepted: [{ index: 0, eventId: 'evt-1', outcome: 'duplicate' }], rejected: [] };
    const { server, baseUrl, received } = await serve([
      unavailable('1'),
      unavailable('2', 'not_sent'),
      json(202, accepted),
    ]);
    running = server;
    const waits: number[] = [];
    const client = createChangeAuditClient({
      baseUrl,
      apiKey: 'k',
      fetch: retryingFetch(
        (request) => fetch(request),
        { maxAttempts: 5, maxTotalMs: 60_000, baseDelayMs: 100, maxDelayMs: 10_000 },
        () => true,
        {
          random: () => 0.5,
          now: Date.now,
          sleep: (ms) => {
            waits.push(ms);
            return Promise.resolve();
          },
        },
      ),
      retry: false,
    });

    const result = await client.publish([EVENT]);

    expect(result.accepted[0]?.outcome).toBe('duplicate');
    expect(received).toHaveLength(3);
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(received[2]?.body ?? '')).toEqual([EVENT]);
    expect(received.every((r) => r.authorization === 'Bearer k')).toBe(true);
    // Retry-After 1 s and 2 s, each with 10 % jitter (random 0.5 of up to 20 %).
    expect(waits).toEqual([1100, 2200]);
  });

  it('stops after maxAttempts and surfaces the 503 as a typed error with its body', async () => {
    const { server, baseUrl, received } = await serve([unavailable('0', 'unknown')]);
    running = server;
    const client = createChangeAuditClient({ baseUrl, retry: { maxAttempts: 3, baseDelayMs: 1 } });

    const error = await client.publish(EVENT).catch((e: unknown) => e);

    expect(received).toHaveLength(3);
    expect(error).toBeInstanceOf(ChangeAuditApiError);
    const apiError = error as ChangeAuditApiError;
    expect(apiError.status).toBe(503);
    expect(apiError.problem['delivery']).toBe('unknown');
    expect(apiError.retryAfterMs).toBe(0);
    expect(apiError.message).toBe('POST /v1/change-events: Kafka is unavailable; retry (HTTP 503)');
  });

  it('does not start a retry whose wait would end past maxTotalMs', async () => {
    const { server, baseUrl, received } = await serve([unavailable('30')]);
    running = server;
    const started = Date.now();
    const client = createChangeAuditClient({
      baseUrl,
      retry: { maxAttempts: 10, maxTotalMs: 5_000, maxDelayMs: 60_000 },
    });

    await expect(client.timeline()).rejects.toMatchObject({ status: 503 });

    expect(received).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('waits for real between attempts', async () => {
    const { server, baseUrl, received } = await serve([
      unavailable('1'),
      json(200, { items: [], nextCursor: null }),
    ]);
    running = server;
    const started = Date.now();
    const client = createChangeAuditClient({ baseUrl });

    await expect(client.timeline({ limit: 5 })).resolves.toEqual({ items: [], nextCursor: null });

    expect(received.map((r) => r.url)).toEqual(['/v1/changes?limit=5', '/v1/changes?limit=5']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('never repeats a POST that is not known to be safe to repeat', async () => {
    const { server, baseUrl, received } = await serve([unavailable('0'), json(201, { id: 'w' })]);
    running = server;
    const client = createChangeAuditClient({ baseUrl });

    const result = await client.raw.POST('/v1/freeze-windows', { body: {} as never });

    expect(result.response.status).toBe(503);
    expect(received).toHaveLength(1);
  });
});

describe('errors', () => {
  it('carries an RFC 9457 problem document, its detail and field errors', async () => {
    const problem = {
      type: 'https://change-audit.example/problems/validation',
      title: 'Bad Request',
      status: 400,
      detail: 'the body does not match freeze-evaluate-request.v1',
      errors: [{ field: '/service', message: 'is required' }],
      message: 'legacy text',
    };
    const { server, baseUrl } = await serve([
      json(400, problem, { 'content-type': 'application/problem+json' }),
    ]);
    running = server;
    const client = createChangeAuditClient({ baseUrl });

    const error = (await client.evaluate({} as never).catch((e: unknown) => e)) as ChangeAuditApiError;

    expect(error).toBeInstanceOf(ChangeAuditApiError);
    expect(error.problem).toEqual(problem);
    expect(error.fieldErrors).toEqual([{ field: '/service', message: 'is required' }]);
    expect(error.message).toBe(
      'POST /v1/freeze/evaluate: the body does not match freeze-evaluate-request.v1: /service is required (HTTP 400)',
    );
  });

  it('carries the legacy shape, joining a list of messages', async () => {
    const { server, baseUrl } = await serve([
      json(404, { statusCode: 404, error: 'Not Found', message: ['a', 'b'] }),
    ]);
    running = server;
    const client = createChangeAuditClient({ baseUrl });

    await expect(client.suspects('no-such-alert')).rejects.toThrow(
      'GET /v1/alerts/no-such-alert/suspects: a; b (HTTP 404)',
    );
  });
});

describe('paging and change()', () => {
  it('follows nextCursor until the last page', async () => {
    const { server, baseUrl, received } = await serve([
      json(200, { items: [{ changeId: 'a' }], nextCursor: 'c1' }),
      json(200, { items: [{ changeId: 'b' }], nextCursor: null }),
    ]);
    running = server;
    const client = createChangeAuditClient({ baseUrl });

    const ids: unknown[] = [];
    for await (const page of client.timelinePages({ service: ['checkout'] }))
      ids.push(...page.items.map((c) => c.changeId));

    expect(ids).toEqual(['a', 'b']);
    expect(received.map((r) => r.url)).toEqual([
      '/v1/changes?service=checkout',
      '/v1/changes?service=checkout&cursor=c1',
    ]);
  });

  it('reports a change published by another source as not found', async () => {
    const { server, baseUrl } = await serve([
      json(200, { change: { changeId: 'x', source: 'jenkins' }, events: [] }),
    ]);
    running = server;
    const client = createChangeAuditClient({ baseUrl });

    await expect(client.change('argo-cd', 'x')).rejects.toMatchObject({ status: 404 });
    await expect(client.change('jenkins', 'x')).resolves.toMatchObject({ change: { changeId: 'x' } });
  });
});

describe('Retry-After and backoff', () => {
  it('reads delta-seconds and HTTP dates', () => {
    const now = Date.parse('2026-12-07T01:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Mon, 07 Dec 2026 01:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 07 Dec 2026 00:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('backs off exponentially with full jitter without Retry-After, capped', () => {
    const policy = { maxAttempts: 10, maxTotalMs: 60_000, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, undefined, policy, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(retryDelayMs(3, undefined, policy, () => 0)).toBe(0);
    expect(retryDelayMs(1, 5_000, policy, () => 0)).toBe(1_000);
  });
});

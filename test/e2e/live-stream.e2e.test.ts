// GET /v1/stream over real HTTP: Server-Sent Events for changes, alerts and freeze windows as they are
// stored, also by another instance on the same database; resumable by Last-Event-ID; with a session
// cookie; and the subscription ends when the client goes.
import request from 'supertest';
import { KEYS, startTestApp, type TestApp } from '../support/app';
import { StoreTail } from '../../src/live-updates/infrastructure/store-tail';
import { at, changeEvent, publish, startEnv, type Env } from './fixtures';

interface ServerSentEvent {
  readonly id?: string;
  readonly event?: string;
  readonly data?: unknown;
}

/** An open stream: the events parsed so far, and a way to wait for one. */
class OpenStream {
  readonly events: ServerSentEvent[] = [];
  readonly comments: string[] = [];
  private buffer = '';
  private readonly controller = new AbortController();
  response!: Response;

  static async open(url: string, headers: Record<string, string>): Promise<OpenStream> {
    const stream = new OpenStream();
    stream.response = await fetch(url, { headers, signal: stream.controller.signal });
    if (stream.response.body !== null) void stream.read(stream.response.body.getReader());
    return stream;
  }

  private async read(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        this.buffer += decoder.decode(value, { stream: true });
        let split: number;
        while ((split = this.buffer.indexOf('\n\n')) !== -1) {
          const block = this.buffer.slice(0, split);
          this.buffer = this.buffer.slice(split + 2);
          const event: Record<string, unknown> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
            const match = /^(id|event|data): (.*)$/.exec(line);
            if (match?.[1] !== undefined)
              event[match[1]] = match[1] === 'data' ? JSON.parse(match[2] ?? '') : match[2];
          }
          if (event['event'] !== undefined) this.events.push(event);
        }
      }
    } catch {
      // Aborted by close().
    }
  }

  async waitFor(
    predicate: (event: ServerSentEvent) => boolean,
    timeoutMs = 10_000,
  ): Promise<ServerSentEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(`not seen within ${timeoutMs} ms: ${JSON.stringify(this.events)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.controller.abort();
  }
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('live stream (Server-Sent Events)', () => {
  let env: Env;
  let other: TestApp;
  const streams: OpenStream[] = [];
  const open = async (app: TestApp, headers: Record<string, string>) => {
    const stream = await OpenStream.open(`${app.baseUrl}/v1/stream`, headers);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    env = await startEnv();
    // A second instance on the same database, as behind a load balancer.
    other = await startTestApp({ DATABASE_URL: env.url });
  });
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    await other.close();
    await env.close();
  });

  it('sends a change published after it opened, as text/event-stream without buffering', async () => {
    const stream = await open(env.app, { authorization: `Bearer ${KEYS.reviewer}` });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    await until(() => stream.comments.includes('connected'));
    await publish(
      env.app,
      changeEvent({ eventId: 'live-1', changeId: 'live-1', service: 'checkout', occurredAt: at(0) }),
    );
    const seen = await stream.waitFor((e) => e.event === 'change');
    expect(seen.data).toEqual({
      source: 'argo-cd',
      changeId: 'live-1',
      service: 'checkout',
      environment: 'production',
      phase: 'started',
      occurredAt: at(0),
    });
    expect(seen.id).toMatch(/^\d+$/);
  });

  it('sees what another instance stored, and alerts and freeze windows too', async () => {
    const stream = await open(env.app, { authorization: `Bearer ${KEYS.admin}` });
    await until(() => stream.comments.includes('connected'));
    await publish(other, changeEvent({ eventId: 'live-2', changeId: 'live-2', occurredAt: at(0) }));
    await stream.waitFor(
      (e) => e.event === 'change' && (e.data as { changeId: string }).changeId === 'live-2',
    );
    await request(other.baseUrl)
      .post('/v1/alerts')
      .set('authorization', `Bearer ${KEYS.alerting}`)
      .send({
        fingerprint: 'live-alert',
        source: 'alertmanager',
        status: 'firing',
        startsAt: at(0),
        name: 'HighErrorRate',
        severity: 'critical',
        environment: 'production',
        service: 'checkout',
      })
      .expect(202);
    const alert = await stream.waitFor((e) => e.event === 'alert');
    expect(alert.data).toEqual({
      id: expect.stringContaining('live-alert') as unknown,
      service: 'checkout',
      status: 'firing',
      startsAt: at(0),
    });
    const declared = await request(other.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        name: 'live freeze',
        reason: 'testing the stream',
        kind: 'deny',
        schedule: { type: 'once', start: '2026-12-24T00:00:00Z', end: '2026-12-27T00:00:00Z' },
        scope: { services: ['checkout'] },
      })
      .expect(201);
    const window = await stream.waitFor((e) => e.event === 'freeze-window');
    expect(window.data).toEqual({ id: (declared.body as { id: string }).id, change: 'declared' });
  });

  it('resumes after Last-Event-ID, and works with a session cookie', async () => {
    const signIn = await fetch(`${env.app.baseUrl}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiKey: KEYS.reviewer }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const first = await open(env.app, { cookie });
    expect(first.response.status).toBe(200);
    await until(() => first.comments.includes('connected'));
    await publish(env.app, changeEvent({ eventId: 'live-3', changeId: 'live-3', occurredAt: at(0) }));
    const third = await first.waitFor((e) => (e.data as { changeId?: string }).changeId === 'live-3');
    first.close();
    // Stored while nobody was connected.
    await publish(env.app, changeEvent({ eventId: 'live-4', changeId: 'live-4', occurredAt: at(0) }));
    const resumed = await open(env.app, { cookie, 'last-event-id': third.id ?? '' });
    const fourth = await resumed.waitFor((e) => (e.data as { changeId?: string }).changeId === 'live-4');
    expect(BigInt(fourth.id ?? '0')).toBeGreaterThan(BigInt(third.id ?? '0'));
    expect(resumed.events.some((e) => (e.data as { changeId?: string }).changeId === 'live-3')).toBe(false);
  });

  it('refuses a publisher (403) and no key (401)', async () => {
    const publisher = await fetch(`${env.app.baseUrl}/v1/stream`, {
      headers: { authorization: `Bearer ${KEYS.publisher}` },
    });
    expect(publisher.status).toBe(403);
    expect((await fetch(`${env.app.baseUrl}/v1/stream`)).status).toBe(401);
  });

  it('lets go of the subscription when the client disconnects', async () => {
    const tail = env.app.app.get(StoreTail);
    await until(() => tail.subscribers === 0);
    const stream = await open(env.app, { authorization: `Bearer ${KEYS.reviewer}` });
    await until(() => tail.subscribers === 1);
    stream.close();
    await until(() => tail.subscribers === 0);
  });
});

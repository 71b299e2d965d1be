import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ChangeAuditApiError,
  createChangeAuditClient,
  type ChangeAuditClient,
  type components,
} from '../../clients/typescript/src';
import { KEYS } from '../support/app';
import { startEnv, type Env } from './fixtures';

/**
 * The TypeScript client (clients/typescript) against the real app: publish, evaluate, the timeline with
 * its paging, a change, alerts and suspects, errors as typed problems, and a 503 retried with the same
 * events, which the service stores once (by eventId).
 */
const ALERT_AT = Date.parse('2026-11-14T13:42:00.000Z');
const at = (minutes: number): string => new Date(ALERT_AT + minutes * 60_000).toISOString();

describe('the TypeScript client against the service', () => {
  let env: Env;
  let publisher: ChangeAuditClient;
  let reviewer: ChangeAuditClient;
  let admin: ChangeAuditClient;

  beforeAll(async () => {
    env = await startEnv();
    const client = (apiKey: string) => createChangeAuditClient({ baseUrl: env.app.baseUrl, apiKey });
    publisher = client(KEYS.publisher);
    reviewer = client(KEYS.reviewer);
    admin = client(KEYS.admin);
  });

  afterAll(async () => {
    await env.close();
  });

  const deploy = (
    changeId: string,
    service: string,
    minutes: number,
  ): components['schemas']['change-event.v1'] => ({
    eventId: `${changeId}-started`,
    changeId,
    source: 'argo-cd',
    kind: 'deploy',
    phase: 'started',
    service,
    environment: 'production',
    region: 'eu-west-1',
    occurredAt: at(minutes),
  });

  it('publishes a batch, and a re-send of the same events is stored once', async () => {
    const events = [deploy('db-migration', 'payments-db', -6), deploy('search-deploy', 'search', -4)];

    const first = await publisher.publish(events);
    expect(first.rejected).toEqual([]);
    expect(first.accepted.map((a) => a.eventId)).toEqual(['db-migration-started', 'search-deploy-started']);

    const again = await publisher.publish(events);
    expect(again.accepted.map((a) => a.eventId)).toEqual(['db-migration-started', 'search-deploy-started']);
    expect((await reviewer.change('argo-cd', 'db-migration')).events).toHaveLength(1);
  });

  it('pages through the timeline and reads one change', async () => {
    await publisher.publish([deploy('checkout-old', 'checkout', -200)]);

    const first = await reviewer.timeline({ environment: 'production', limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();

    const ids: string[] = [];
    for await (const page of reviewer.timelinePages({ environment: 'production', limit: 1 }))
      ids.push(...page.items.map((c) => c.changeId));
    expect(ids.sort()).toEqual(['checkout-old', 'db-migration', 'search-deploy']);

    const detail = await reviewer.change('argo-cd', 'db-migration');
    expect(detail.change).toMatchObject({ changeId: 'db-migration', service: 'payments-db' });
    expect(detail.events).toHaveLength(1);
  });

  it('evaluates a change against a freeze window declared through the raw client', async () => {
    const declared = await admin.raw.POST('/v1/freeze-windows', {
      body: {
        name: 'Black Friday',
        reason: 'peak traffic',
        kind: 'deny',
        schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' },
        scope: { services: ['payments-*'], environments: ['prod'] },
      },
    });
    expect(declared.response.status).toBe(201);

    const result = await publisher.evaluate({
      service: 'payments-api',
      environment: 'prod',
      region: 'eu-west-1',
      kind: 'deploy',
      at: '2026-11-27T18:30:00Z',
    });
    expect(result.decision).toBe('deny');
    expect(result.reason).toContain('Black Friday');
  });

  it('lists alerts and ranks the suspects of one', async () => {
    const topology = await admin.raw.PUT('/v1/topology', {
      body: {
        snapshotId: 'catalogue-rev-1',
        source: 'backstage',
        edges: [
          { caller: 'checkout', dependency: 'payments-api' },
          { caller: 'payments-api', dependency: 'payments-db' },
        ],
      },
    });
    expect(topology.response.status).toBe(200);
    const alerting = createChangeAuditClient({ baseUrl: env.app.baseUrl, apiKey: KEYS.alerting });
    const fired = await alerting.raw.POST('/v1/alerts', {
      body: {
        source: 'alertmanager',
        fingerprint: 'a3f1c9e07d5b2e64',
        name: 'HighErrorRate',
        status: 'firing',
        severity: 'critical',
        service: 'checkout',
        environment: 'production',
        region: 'eu-west-1',
        startsAt: at(0),
      },
    });
    expect(fired.response.status).toBe(202);

    const alerts = await reviewer.alerts({ service: 'checkout' });
    expect(alerts.items).toEqual([expect.objectContaining({ fingerprint: 'a3f1c9e07d5b2e64' })]);

    const suspects = await reviewer.suspects('a3f1c9e07d5b2e64');
    expect(suspects.items[0]).toMatchObject({ changeId: 'db-migration' });
  });

  it('surfaces a refusal as a typed error naming the field at fault', async () => {
    const error = await publisher
      .publish([{ ...deploy('bad', 'checkout', 0), occurredAt: 'yesterday' }])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChangeAuditApiError);
    const refusal = error as ChangeAuditApiError;
    expect(refusal.status).toBe(400);
    expect(refusal.message).toContain('occurredAt');

    await expect(reviewer.change('argo-cd', 'no-such-change')).rejects.toMatchObject({ status: 404 });
    await expect(reviewer.publish([deploy('x', 'checkout', 0)])).rejects.toMatchObject({ status: 403 });
  });

  it('re-sends the same events after a 503 whose acknowledgement was lost, and they are stored once', async () => {
    // In front of the app: the first publish reaches it (and is stored), but the client is told 503 with
    // `delivery: unknown`, as when the broker's acknowledgement is lost. Everything else passes through.
    let publishes = 0;
    const proxy: Server = createServer((incoming, outgoing) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        void (async () => {
          const forwarded = await fetch(new URL(incoming.url ?? '/', env.app.baseUrl), {
            method: incoming.method ?? 'GET',
            headers: {
              authorization: incoming.headers.authorization ?? '',
              'content-type': incoming.headers['content-type'] ?? 'application/json',
            },
            ...(chunks.length === 0 ? {} : { body: Buffer.concat(chunks) }),
          });
          const text = await forwarded.text();
          if (incoming.url === '/v1/change-events' && ++publishes === 1) {
            outgoing.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
            outgoing.end(JSON.stringify({ statusCode: 503, message: 'unavailable', delivery: 'unknown' }));
            return;
          }
          outgoing.writeHead(forwarded.status, { 'content-type': 'application/json' });
          outgoing.end(text);
        })();
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = proxy.address() as AddressInfo;
      const client = createChangeAuditClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: KEYS.publisher });
      const started = Date.now();

      const result = await client.publish([deploy('retried', 'checkout', 1)]);

      expect(publishes).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
      expect(result.accepted).toEqual([expect.objectContaining({ eventId: 'retried-started' })]);
      const detail = await reviewer.change('argo-cd', 'retried');
      expect(detail.events).toHaveLength(1);
    } finally {
      await new Promise<void>((resolve) => {
        proxy.close(() => {
          resolve();
        });
      });
    }
  });
});

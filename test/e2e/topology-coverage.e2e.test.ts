import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { AlertCoverageResponse } from '../../src/correlation/http/alert-coverage.controller';
import type { AlertSuspectsView } from '../../src/correlation/http/suspect-views';
import type { TopologyResponse } from '../../src/correlation/http/topology.controller';
import { KEYS, startTestApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/service-process';
import { changeEvent, get, publish, startEnv, type Env } from './fixtures';

/**
 * The topology as it really is (versions in force from their effectiveAt, per environment, backfills),
 * alert coverage declared over HTTP and used by the ranking, re-ranking on request, and the call graph
 * scraped from a real HTTP endpoint serving the collector's service-graph metrics.
 */
const MINUTE = 60_000;
const ALERT_AT = Date.parse('2026-11-14T13:42:00.000Z');
const at = (minutes: number): string => new Date(ALERT_AT + minutes * MINUTE).toISOString();

const admin = (app: TestApp) => ({
  put: (path: string, body: unknown) =>
    request(app.baseUrl)
      .put(path)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(body as object),
  post: (path: string, body: unknown) =>
    request(app.baseUrl)
      .post(path)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(body as object),
});

function webhook(alerts: { fingerprint: string; service: string; minutes: number; env?: string }[]) {
  return {
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    status: 'firing',
    receiver: 'change-audit',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: 'https://alertmanager.example.com',
    truncatedAlerts: 0,
    alerts: alerts.map((a) => ({
      status: 'firing',
      labels: {
        alertname: 'HighErrorRate',
        service: a.service,
        env: a.env ?? 'production',
        region: 'eu-west-1',
        severity: 'critical',
      },
      annotations: { summary: `${a.service} is failing` },
      startsAt: at(a.minutes),
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://prometheus.example.com/graph',
      fingerprint: a.fingerprint,
    })),
  };
}

describe('topology in time and per environment, alert coverage, re-rank', () => {
  let env: Env;

  beforeAll(async () => {
    env = await startEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  const fire = (alerts: Parameters<typeof webhook>[0]) =>
    request(env.app.baseUrl)
      .post('/v1/alerts/alertmanager')
      .set('authorization', `Bearer ${KEYS.alerting}`)
      .send(webhook(alerts))
      .expect(202);

  it('says clearly that no topology was in force, instead of answering an empty graph silently', async () => {
    const res = await get(env.app, '/v1/topology?at=2026-11-14T00:00:00Z&environment=production').expect(200);
    expect(res.body).toMatchObject({ inForce: false, edges: [], version: null, environment: 'production' });
    expect((res.body as TopologyResponse).detail).toBe(
      'no topology was in force at 2026-11-14T00:00:00.000Z for production nor globally; none was ever given',
    );
  });

  it('keeps versions by effective time and environment, backdated for a backfill, v1 still accepted', async () => {
    // A global graph (topology.v1: effective when received), then production's own graph, backdated.
    const global = await admin(env.app)
      .put('/v1/topology', { edges: [{ caller: 'web', dependency: 'search' }] })
      .expect(200);
    expect(global.body).toMatchObject({ inForce: true, environment: null, version: 1 });
    const production = await admin(env.app)
      .put('/v1/topology', {
        effectiveAt: at(-60),
        environment: 'production',
        edges: [
          { caller: 'web', dependency: 'checkout' },
          { caller: 'checkout', dependency: 'payments' },
        ],
      })
      .expect(200);
    expect(production.body).toMatchObject({
      inForce: true,
      environment: 'production',
      effectiveAt: at(-60),
      version: 2,
    });
    // At the alert's time, production has its own graph; staging falls back to the global one, which
    // took effect only when received (now): at the alert's time none was in force for staging.
    const prodThen = await get(env.app, `/v1/topology?at=${at(0)}&environment=production`).expect(200);
    expect(prodThen.body).toMatchObject({ inForce: true, version: 2, environment: 'production' });
    const stagingThen = await get(env.app, `/v1/topology?at=${at(0)}&environment=staging`).expect(200);
    expect(stagingThen.body).toMatchObject({ inForce: false, version: null });
    expect((stagingThen.body as TopologyResponse).detail).toMatch(
      /the first version takes effect at .* \(version 1\)$/,
    );
    const stagingNow = await get(env.app, '/v1/topology?environment=staging').expect(200);
    expect(stagingNow.body).toMatchObject({ inForce: true, version: 1, environment: null });
    const beforeBackfill = await get(env.app, `/v1/topology?at=${at(-61)}&environment=production`).expect(
      200,
    );
    expect(beforeBackfill.body).toMatchObject({ inForce: false });
    // topology.v1's shape gains nothing: a field of neither version is refused, naming it.
    const bad = await admin(env.app).put('/v1/topology', { effectiveAt: 'yesterday', edges: [] }).expect(400);
    expect(JSON.stringify(bad.body)).toContain('effectiveAt');
  });

  it('ranks with the graph in force at the alert for its environment, and says which', async () => {
    await publish(env.app, [
      changeEvent({
        eventId: 'pay-deploy-started',
        changeId: 'pay-deploy',
        service: 'payments',
        environment: 'production',
        region: 'eu-west-1',
        occurredAt: at(-6),
      }),
    ]);
    await fire([{ fingerprint: 'c0ffee0000000001', service: 'checkout', minutes: 0 }]);
    const res = await get(env.app, '/v1/alerts/c0ffee0000000001/suspects').expect(200);
    const view = res.body as AlertSuspectsView;
    expect(view.topology).toEqual({
      version: 2,
      effectiveAt: at(-60),
      environment: 'production',
      inForce: true,
    });
    expect(view.items.map((s) => s.changeId)).toEqual(['pay-deploy']);
    expect(view.items[0]?.relation).toMatchObject({ type: 'dependency', service: 'payments' });
  });

  it('declares alert coverage (admin), and counts only covered callers as silent', async () => {
    // payments is called by checkout (alerting) and by ledger and orders (quiet).
    await admin(env.app)
      .put('/v1/topology', {
        effectiveAt: at(-30),
        environment: 'production',
        edges: [
          { caller: 'web', dependency: 'checkout' },
          { caller: 'checkout', dependency: 'payments' },
          { caller: 'ledger', dependency: 'payments' },
          { caller: 'orders', dependency: 'payments' },
        ],
      })
      .expect(200);
    const before = await get(env.app, '/v1/alerts/c0ffee0000000001/suspects').expect(200);
    const uncovered = (before.body as AlertSuspectsView).items[0];
    // Nothing declared: ledger and orders never alerted, so their silence says nothing.
    expect(uncovered?.reasons.join(' | ')).toContain(
      '1 of its 3 callers is alerting or called by an alerting service; 2 have no alert coverage',
    );
    await request(env.app.baseUrl)
      .put('/v1/alert-coverage')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .send({ services: ['ledger'] })
      .expect(403);
    await admin(env.app)
      .put('/v1/alert-coverage', { services: [''] })
      .expect(400);
    const declared = await admin(env.app)
      .put('/v1/alert-coverage', { source: 'prometheus-rules', services: ['ledger', 'checkout'] })
      .expect(200);
    expect(declared.body as AlertCoverageResponse).toMatchObject({
      services: ['ledger', 'checkout'],
      source: 'prometheus-rules',
      version: 1,
    });
    expect((await get(env.app, '/v1/alert-coverage').expect(200)).body).toMatchObject({ version: 1 });
    const after = await get(env.app, '/v1/alerts/c0ffee0000000001/suspects').expect(200);
    const covered = (after.body as AlertSuspectsView).items[0];
    expect(covered?.reasons.join(' | ')).toContain(
      '1 of its 3 callers is alerting or called by an alerting service; 1 of 3 callers is covered by alerts and silent; 1 has no alert coverage',
    );
    expect(covered?.score).toBeLessThan(uncovered?.score ?? 0);
  });

  it('re-ranks recorded rankings only when asked (admin), within a bounded range', async () => {
    const body = { from: at(-10), to: at(10), reason: 'topology backfilled' };
    await request(env.app.baseUrl)
      .post('/v1/correlation/re-rank')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .send(body)
      .expect(403);
    await admin(env.app)
      .post('/v1/correlation/re-rank', { from: at(10), to: at(-10) })
      .expect(400);
    const res = await admin(env.app).post('/v1/correlation/re-rank', body).expect(201);
    expect(res.body).toMatchObject({ ranked: 1, truncated: false });
    const again = await admin(env.app).post('/v1/correlation/re-rank', body).expect(201);
    // The same top suspects again: nothing new is recorded.
    expect(again.body).toMatchObject({ ranked: 1, recorded: 0 });
  });
});

describe('alerts on call edges (service-graph client and server labels)', () => {
  let app: TestApp;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = () => db.drop();
    // A mesh's label names instead of the collector's: the configuration reaches the mapping.
    app = await startTestApp({
      DATABASE_URL: db.url,
      ALERT_EDGE_LABELS: 'source_canonical_service,destination_canonical_service',
    });
  });

  afterAll(async () => {
    await app.close();
    await drop();
  });

  const edgeWebhook = (fingerprint: string, labels: Record<string, string>) => {
    const base = webhook([{ fingerprint, service: 'unused', minutes: 1 }]);
    const [first] = base.alerts;
    if (first === undefined) throw new Error('one alert');
    return { ...base, alerts: [{ ...first, labels }] };
  };

  it('takes an alert on a call edge as one on the called service, with the configured label names', async () => {
    await publish(app, [
      changeEvent({
        eventId: 'ledger-deploy-started',
        changeId: 'ledger-deploy',
        service: 'ledger',
        environment: 'production',
        region: 'eu-west-1',
        occurredAt: at(-4),
      }),
    ]);
    const common = {
      alertname: 'EdgeErrorRatio',
      job: 'mesh-telemetry',
      env: 'production',
      region: 'eu-west-1',
    };
    for (const [fingerprint, labels] of [
      // The configured names: an alert on ledger.
      [
        'c0ffee00000000e1',
        { ...common, source_canonical_service: 'billing', destination_canonical_service: 'ledger' },
      ],
      // The collector's names are not read under this configuration: the job is the service.
      ['c0ffee00000000e2', { ...common, client: 'billing', server: 'ledger' }],
    ] as const) {
      await request(app.baseUrl)
        .post('/v1/alerts/alertmanager')
        .set('authorization', `Bearer ${KEYS.alerting}`)
        .send(edgeWebhook(fingerprint, labels))
        .expect(202);
    }
    const onEdge = (await get(app, '/v1/alerts/c0ffee00000000e1/suspects').expect(200))
      .body as AlertSuspectsView;
    expect(onEdge.alert).toMatchObject({ service: 'ledger' });
    expect(onEdge.items[0]).toMatchObject({
      changeId: 'ledger-deploy',
      relation: { type: 'same_service', service: 'ledger' },
    });
    const notRead = (await get(app, '/v1/alerts/c0ffee00000000e2/suspects').expect(200))
      .body as AlertSuspectsView;
    expect(notRead.alert).toMatchObject({ service: 'mesh-telemetry' });
    expect(notRead.items.find((s) => s.changeId === 'ledger-deploy')?.relation.type).not.toBe('same_service');
  });
});

describe('topology scraped from the collector’s service-graph metrics', () => {
  let exposition = '';
  let server: Server;
  let app: TestApp;
  let drop: () => Promise<void>;

  const series = (pairs: [string, string][]) =>
    [
      '# TYPE traces_service_graph_request_total counter',
      ...pairs.map(
        ([client, server], i) =>
          `traces_service_graph_request_total{client="${client}",connection_type="",server="${server}"} ${100 + i}`,
      ),
    ].join('\n') + '\n';

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(exposition);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const db = await createTestDatabase();
    drop = () => db.drop();
    app = await startTestApp({
      DATABASE_URL: db.url,
      TOPOLOGY_SCRAPE_URL: `http://127.0.0.1:${port}/metrics`,
      TOPOLOGY_SCRAPE_INTERVAL_MS: '1000',
      TOPOLOGY_SCRAPE_ENVIRONMENT: 'production',
    });
  });

  afterAll(async () => {
    await app.close();
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    await drop();
  });

  const current = async () =>
    (await get(app, '/v1/topology?environment=production').expect(200)).body as TopologyResponse;

  it('adds a version for the environment when the set of edges changes, and only then', async () => {
    exposition = series([
      ['frontend', 'checkout'],
      ['checkout', 'payments'],
    ]);
    const first = await waitFor(
      'the scraped graph',
      async () => {
        const t = await current();
        return t.inForce ? t : undefined;
      },
      15_000,
    );
    expect(first).toMatchObject({ environment: 'production', source: 'otel-service-graph', version: 1 });
    expect(first.edges).toEqual([
      { caller: 'checkout', dependency: 'payments' },
      { caller: 'frontend', dependency: 'checkout' },
    ]);
    // Same edges (other counts, other order, a repeat by connection type): no new version.
    exposition =
      series([
        ['checkout', 'payments'],
        ['frontend', 'checkout'],
      ]) +
      'traces_service_graph_request_total{client="frontend",connection_type="messaging_system",server="checkout"} 9\n';
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await current()).version).toBe(1);
    // An empty scrape (a restarted collector) changes nothing either.
    exposition = '';
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect((await current()).version).toBe(1);
    // A new edge: a new version.
    exposition = series([
      ['frontend', 'checkout'],
      ['checkout', 'payments'],
      ['checkout', 'cart'],
    ]);
    const second = await waitFor(
      'the changed graph',
      async () => {
        const t = await current();
        return t.version === 2 ? t : undefined;
      },
      15_000,
    );
    expect(second.edges).toContainEqual({ caller: 'checkout', dependency: 'cart' });
    // Scoped to production: the global graph is untouched.
    expect((await get(app, '/v1/topology').expect(200)).body).toMatchObject({ inForce: false });
  });
});

// The documented rule on the collector's service-graph metrics (docs/snippets/service-graph-edge-alerts.yml)
// in a real Prometheus, over a target serving the connector's counters; a real Alertmanager posts the
// alert through the documented receiver. The service takes it as an alert on the called service (the
// server), so that service's change is its first suspect, on the same service.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import request from 'supertest';
import type { AlertPage, AlertView } from '../../../src/alerts/infrastructure/alerts.read-model';
import type { AlertSuspectsView } from '../../../src/correlation/http/suspect-views';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase } from '../../support/database';
import {
  documentedAlertmanagerConfig,
  requirePrometheusBinaries,
  startPrometheusStack,
  type PrometheusStack,
} from '../../support/prometheus-stack';
import { waitFor } from '../../support/service-process';

const DOCS = path.resolve(__dirname, '../../../docs/snippets');

/** The documented rule, held for 0 s instead of 2 min so the test need not wait; nothing else changed. */
function rules(): string {
  const snippet = readFileSync(path.join(DOCS, 'service-graph-edge-alerts.yml'), 'utf8');
  if (!snippet.includes('for: 2m')) throw new Error('the edge-alert snippet no longer holds for 2m');
  return snippet.replace('for: 2m', 'for: 0s');
}

/** The servicegraph connector's counters for two edges; checkout → payments fails once `failing` is set. */
function serviceGraphTarget() {
  let failing = false;
  let scrapes = 0;
  let failedPayments = 0;
  const server: Server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    scrapes += 1;
    if (failing) failedPayments += 40;
    const total = 100 * scrapes;
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
    res.end(
      [
        '# TYPE traces_service_graph_request_total counter',
        `traces_service_graph_request_total{client="checkout",server="payments",connection_type=""} ${total}`,
        `traces_service_graph_request_total{client="checkout",server="cart",connection_type=""} ${total}`,
        '# TYPE traces_service_graph_request_failed_total counter',
        `traces_service_graph_request_failed_total{client="checkout",server="payments",connection_type=""} ${failedPayments}`,
        `traces_service_graph_request_failed_total{client="checkout",server="cart",connection_type=""} 0`,
        '',
      ].join('\n'),
    );
  });
  return {
    server,
    fail: () => {
      failing = true;
    },
  };
}

describe('an alert rule on the service-graph metrics, through a real Prometheus and Alertmanager', () => {
  let app: TestApp;
  let stack: PrometheusStack | undefined;
  let target: ReturnType<typeof serviceGraphTarget> | undefined;
  let drop: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    requirePrometheusBinaries();
    const db = await createTestDatabase();
    drop = db.drop;
    app = await startTestApp({ DATABASE_URL: db.url });
    target = serviceGraphTarget();
    const server = target.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    stack = await startPrometheusStack({
      target: `127.0.0.1:${port}`,
      rules: rules(),
      // As the snippet says: the environment from Prometheus's external labels.
      externalLabels: { env: 'production' },
      alertmanagerConfig: (dir) =>
        documentedAlertmanagerConfig(['alertname'], app.baseUrl, path.join(dir, 'change-audit-api-key')),
      files: { 'change-audit-api-key': KEYS.alerting },
    });
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    const server = target?.server;
    if (server !== undefined)
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
    await app.close();
    await drop?.();
  });

  const get = (url: string): request.Test =>
    request(app.baseUrl).get(url).set('authorization', `Bearer ${KEYS.reviewer}`);

  it('alerts on the failing edge as an alert on the called service, whose change is the first suspect', async () => {
    const deploy = (service: string, minutesAgo: number) =>
      request(app.baseUrl)
        .post('/v1/change-events')
        .set('authorization', `Bearer ${KEYS.publisher}`)
        .send({
          eventId: `${service}-rollout-started`,
          changeId: `argo-cd:${service}:rollout`,
          source: 'argo-cd',
          kind: 'deploy',
          phase: 'started',
          occurredAt: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
          environment: 'production',
          service,
        })
        .expect(202);
    // checkout calls payments and cart, both deployed minutes apart, and checkout itself deployed; only the
    // calls to payments fail. On an alert on checkout, all three would be suspects.
    await request(app.baseUrl)
      .put('/v1/topology')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        edges: [
          { caller: 'checkout', dependency: 'payments' },
          { caller: 'checkout', dependency: 'cart' },
        ],
      })
      .expect(200);
    await deploy('cart', 2);
    await deploy('payments', 3);
    await deploy('checkout', 4);
    target?.fail();
    const edgeAlert = async (): Promise<AlertView | undefined> => {
      const res = await get('/v1/alerts?status=firing');
      if (res.status !== 200) throw new Error(`GET /v1/alerts: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as AlertPage).items.find((a) => a.name === 'ServiceGraphEdgeErrorRatio');
    };
    const firing = await waitFor('the edge alert in the service', edgeAlert, 60_000, 250).catch(
      (error: unknown) => {
        throw new Error(`${(error as Error).message}\n${stack?.output() ?? ''}`);
      },
    );
    expect(firing).toMatchObject({ service: 'payments', environment: 'production', severity: 'warning' });
    expect(firing.alert.labels).toMatchObject({ client: 'checkout', server: 'payments', env: 'production' });
    expect(firing.alert.annotations?.['summary']).toMatch(/^checkout's calls to payments fail \(\d/);
    const ranked = (await get(`/v1/alerts/${firing.fingerprint}/suspects`).expect(200))
      .body as AlertSuspectsView;
    expect(ranked.items[0]).toMatchObject({
      changeId: 'argo-cd:payments:rollout',
      relation: { type: 'same_service', service: 'payments' },
    });
    // The client's own change is a caller of payments, below it; the client's other dependency is none.
    expect(ranked.items.slice(1).map((s) => [s.changeId, s.relation.type])).toEqual([
      ['argo-cd:checkout:rollout', 'caller'],
    ]);
  });
});

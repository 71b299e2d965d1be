import request from 'supertest';
import type {
  AlertSuspectsView,
  IncidentSuspectsView,
  IncidentView,
} from '../../src/correlation/http/suspect-views';
import { KEYS } from '../support/app';
import { waitFor } from '../support/service-process';
import { changeEvent, get, publish, startEnv, type ChangeEvent, type Env } from './fixtures';

/**
 * Alerts and suspects over HTTP (embedded mode): topology in, changes in, an Alertmanager webhook in → suspects out,
 * with reasons; repeats are no-ops, resolved closes firing; incidents group related alerts; verdicts feed
 * the quality report.
 */
const MINUTE = 60_000;
const ALERT_AT = Date.parse('2026-11-14T13:42:00.000Z');
const at = (minutes: number): string => new Date(ALERT_AT + minutes * MINUTE).toISOString();

const TOPOLOGY = {
  snapshotId: 'catalogue-rev-1',
  source: 'backstage',
  edges: [
    { caller: 'web', dependency: 'checkout' },
    { caller: 'checkout', dependency: 'payments-api' },
    { caller: 'payments-api', dependency: 'payments-db' },
    { caller: 'web', dependency: 'search' },
  ],
};

const deploy = (changeId: string, service: string, startMinutes: number, fields: Partial<ChangeEvent> = {}) =>
  changeEvent({
    eventId: `${changeId}-started`,
    changeId,
    service,
    environment: 'production',
    region: 'eu-west-1',
    occurredAt: at(startMinutes),
    ...fields,
  });

function webhook(
  status: 'firing' | 'resolved',
  alerts: { fingerprint: string; service: string; minutes: number; name: string }[],
) {
  return {
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    status,
    receiver: 'change-audit',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { env: 'production' },
    commonAnnotations: {},
    externalURL: 'https://alertmanager.example.com',
    truncatedAlerts: 0,
    alerts: alerts.map((a) => ({
      status,
      labels: {
        alertname: a.name,
        service: a.service,
        env: 'production',
        region: 'eu-west-1',
        severity: 'critical',
      },
      annotations: { summary: `${a.service} is failing` },
      startsAt: at(a.minutes),
      endsAt: status === 'resolved' ? at(a.minutes + 30) : '0001-01-01T00:00:00Z',
      generatorURL: 'https://prometheus.example.com/graph',
      fingerprint: a.fingerprint,
    })),
  };
}

describe('alerts, incidents and suspects over HTTP', () => {
  let env: Env;

  beforeAll(async () => {
    env = await startEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  const alerting = (path: string, body: object) =>
    request(env.app.baseUrl).post(path).set('authorization', `Bearer ${KEYS.alerting}`).send(body);

  it('replaces the topology (admin), keeps every version, and refuses a bad graph naming the field', async () => {
    const put = await request(env.app.baseUrl)
      .put('/v1/topology')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(TOPOLOGY)
      .expect(200);
    expect(put.body).toMatchObject({ edges: TOPOLOGY.edges, snapshotId: 'catalogue-rev-1', version: 1 });
    const bad = await request(env.app.baseUrl)
      .put('/v1/topology')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({ edges: [{ caller: 'web' }] })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('dependency');
    await request(env.app.baseUrl)
      .put('/v1/topology')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .send(TOPOLOGY)
      .expect(403);
    // The same snapshot again is a no-op: still version 1.
    await request(env.app.baseUrl)
      .put('/v1/topology')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(TOPOLOGY);
    const now = await get(env.app, '/v1/topology').expect(200);
    expect(now.body).toMatchObject({ version: 1 });
    const before = await get(env.app, '/v1/topology?at=2000-01-01T00:00:00Z').expect(200);
    expect(before.body).toMatchObject({ inForce: false, edges: [], version: null });
  });

  it('ranks the change on a failing dependency first, with reasons a human can read', async () => {
    await publish(env.app, [
      // The culprit: payments-db, a dependency two hops below checkout, 6 minutes before the alert.
      deploy('db-migration', 'payments-db', -6, { kind: 'database', summary: 'add index on payments' }),
      // Noise: an old deploy of checkout itself, a deploy of an unrelated service, a staging change.
      deploy('checkout-old', 'checkout', -200),
      deploy('search-deploy', 'search', -4),
      deploy('staging-db', 'payments-db', -5, { environment: 'staging' }),
    ]);
    const fired = await alerting(
      '/v1/alerts/alertmanager',
      webhook('firing', [
        { fingerprint: 'a3f1c9e07d5b2e64', service: 'checkout', minutes: 0, name: 'HighErrorRate' },
      ]),
    ).expect(202);
    expect(fired.body).toMatchObject({ accepted: [{ index: 0 }], rejected: [] });

    const res = await get(env.app, '/v1/alerts/a3f1c9e07d5b2e64/suspects').expect(200);
    const view = res.body as AlertSuspectsView;
    expect(view.alert).toMatchObject({
      fingerprint: 'a3f1c9e07d5b2e64',
      service: 'checkout',
      status: 'firing',
    });
    const ids = view.items.map((s) => s.changeId);
    expect(ids[0]).toBe('db-migration');
    expect(ids).not.toContain('staging-db');
    expect(ids).not.toContain('search-deploy');
    const top = view.items[0];
    expect(top?.score).toBeGreaterThan(0);
    expect(top?.reasons.join(' ')).toMatch(/6 min before the alert/);
    expect(top?.reasons.join(' ')).toContain('payments-db');
    expect(top?.relation).toMatchObject({ type: 'dependency', service: 'payments-db', hops: 2 });
    for (let i = 1; i < view.items.length; i += 1) {
      expect(view.items[i]?.score).toBeLessThanOrEqual(view.items[i - 1]?.score ?? 1);
    }
  });

  it('treats a repeated firing notification as a no-op and closes the alert when resolved', async () => {
    const alert = { fingerprint: 'a3f1c9e07d5b2e64', service: 'checkout', minutes: 0, name: 'HighErrorRate' };
    await alerting('/v1/alerts/alertmanager', webhook('firing', [alert])).expect(202);
    const { rows } = await env.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE stream_type = 'alert' AND event_type = 'AlertEventRecorded'`,
    );
    expect(rows[0]?.n).toBe(1);
    await alerting('/v1/alerts/alertmanager', webhook('resolved', [alert])).expect(202);
    const detail = await get(env.app, '/v1/alerts/a3f1c9e07d5b2e64').expect(200);
    expect(detail.body).toMatchObject({ status: 'resolved', endsAt: at(30), startsAt: at(0) });
    const notifications = (detail.body as { events: { type: string }[] }).events.filter(
      (e) => e.type === 'AlertEventRecorded',
    );
    expect(notifications).toHaveLength(2);
    const list = await get(env.app, '/v1/alerts?service=checkout').expect(200);
    expect((list.body as { items: { fingerprint: string }[] }).items.map((a) => a.fingerprint)).toEqual([
      'a3f1c9e07d5b2e64',
    ]);
  });

  it('accepts generic alert-event.v1 alerts and groups related ones into an incident', async () => {
    await request(env.app.baseUrl)
      .post('/v1/alerts')
      .set('authorization', `Bearer ${KEYS.alerting}`)
      .send([
        {
          fingerprint: 'payments-latency',
          source: 'grafana',
          status: 'firing',
          startsAt: at(2),
          name: 'HighLatency',
          severity: 'high',
          environment: 'production',
          service: 'payments-api',
          region: 'eu-west-1',
        },
        {
          fingerprint: 'search-slow',
          source: 'grafana',
          status: 'firing',
          startsAt: at(90),
          name: 'SlowQueries',
          severity: 'warning',
          environment: 'production',
          service: 'search',
        },
      ])
      .expect(202);
    const res = await get(
      env.app,
      `/v1/incidents?from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(180))}`,
    ).expect(200);
    const incidents = (res.body as { items: IncidentView[] }).items;
    expect(incidents).toHaveLength(2);
    const first = incidents.find((i) => i.services.includes('checkout'));
    expect(first?.services).toEqual(['checkout', 'payments-api']);
    expect(first?.alerts.map((a) => a.fingerprint)).toEqual(['a3f1c9e07d5b2e64', 'payments-latency']);

    const suspects = await get(
      env.app,
      `/v1/incidents/${encodeURIComponent(first?.id ?? '')}/suspects`,
    ).expect(200);
    const view = suspects.body as IncidentSuspectsView;
    expect(view.items[0]?.changeId).toBe('db-migration');
    expect(view.items[0]?.alerts.map((a) => a.rank)).toEqual([1, 1]);
    // Any alert of the incident names it too.
    const byAlert = await get(env.app, '/v1/incidents/payments-latency').expect(200);
    expect((byAlert.body as IncidentView).id).toBe(first?.id);
  });

  it('records reviewers’ verdicts and reports hit rates and MRR', async () => {
    await request(env.app.baseUrl)
      .post('/v1/alerts/a3f1c9e07d5b2e64/verdicts')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .send({ changeId: 'db-migration', verdict: 'cause', note: 'the index migration locked payments' })
      .expect(201);
    await request(env.app.baseUrl)
      .post('/v1/alerts/payments-latency/verdicts')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .send({ changeId: 'search-deploy', verdict: 'cause' })
      .expect(201);
    const quality = await get(env.app, '/v1/correlation/quality').expect(200);
    expect(quality.body).toMatchObject({ cases: 2, hitsAt1: 1, hitRateAt1: 0.5, meanReciprocalRank: 0.5 });
    const bad = await request(env.app.baseUrl)
      .post('/v1/alerts/a3f1c9e07d5b2e64/verdicts')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .send({ changeId: 'db-migration', verdict: 'maybe' })
      .expect(400);
    expect(JSON.stringify(bad.body)).toContain('/verdict must be one of cause, not_cause');
  });

  it('re-ranks a firing alert when a change that affects it arrives, and records each new ranking once', async () => {
    const rankings = async (): Promise<{ suspects: { changeId: string }[] }[]> => {
      const { rows } = await env.sql.query<{ data: { suspects: { changeId: string }[] } }>(
        `SELECT e.data FROM events e JOIN alerts a ON a.alert_key = e.stream_id
          WHERE e.stream_type = 'alert' AND e.event_type = 'SuspectsRanked' AND a.fingerprint = 'payments-latency'
          ORDER BY e.global_position`,
      );
      return rows.map((r) => r.data);
    };
    const first = await waitFor('the first ranking of payments-latency', async () => {
      const found = await rankings();
      return found.length > 0 ? found : undefined;
    });
    expect(first).toHaveLength(1);
    expect(first[0]?.suspects[0]?.changeId).toBe('db-migration');

    // A deploy of the alerting service itself, one minute before the alert: the ranking changes.
    await publish(env.app, deploy('payments-api-hotfix', 'payments-api', 1));
    const second = await waitFor('a new ranking with the new change', async () => {
      const found = await rankings();
      return found.length > 1 ? found : undefined;
    });
    expect(second[1]?.suspects.map((s) => s.changeId)).toContain('payments-api-hotfix');
    // Unrelated traffic re-ranks the alert, but an unchanged ranking appends nothing.
    await publish(env.app, deploy('search-again', 'search', 3));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await rankings()).toHaveLength(2);
  });

  it('rebuilds the alerts read model from the store to the same rows', async () => {
    const snapshot = async (): Promise<unknown[]> =>
      (await env.sql.query<Record<string, unknown>>(`SELECT * FROM alerts ORDER BY alert_key`)).rows;
    const before = await snapshot();
    expect(before.length).toBeGreaterThanOrEqual(3);
    await env.sql.query(`DELETE FROM alerts`);
    const res = await request(env.app.baseUrl)
      .post('/v1/projections/alerts/rebuild')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(res.body).toMatchObject({ alerts: before.length });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input naming the field, foreign sources, unknown alerts and missing keys', async () => {
    const invalid = await alerting('/v1/alerts', {
      fingerprint: 'x',
      source: 'grafana',
      status: 'burning',
      startsAt: at(0),
      name: 'X',
      severity: 'critical',
      environment: 'production',
    }).expect(400);
    expect(JSON.stringify(invalid.body)).toContain('/status');
    const notWebhook = await alerting('/v1/alerts/alertmanager', { version: '3', alerts: [] }).expect(400);
    expect(JSON.stringify(notWebhook.body)).toContain('version');
    await request(env.app.baseUrl)
      .post('/v1/alerts/alertmanager')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send(webhook('firing', [{ fingerprint: 'f1', service: 'web', minutes: 0, name: 'Down' }]))
      .expect(403);
    await get(env.app, '/v1/alerts/no-such-alert/suspects').expect(404);
    await request(env.app.baseUrl).get('/v1/alerts/a3f1c9e07d5b2e64/suspects').expect(401);
    await get(
      env.app,
      `/v1/incidents?from=${encodeURIComponent(at(10))}&to=${encodeURIComponent(at(0))}`,
    ).expect(400);
    for (const [query, message] of [
      ['?from=yesterday', /from must be an ISO 8601 date-time/],
      ['?limit=0', /limit must not be less than 1/],
      ['?limit=many', /limit must be an integer/],
      ['?status=burning', /status must be firing or resolved/],
      ['?severity=critical', /property severity should not exist/],
    ] as const) {
      const res = await get(env.app, `/v1/alerts${query}`).expect(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    }
  });
});

import { request as httpRequest } from 'node:http';
import request from 'supertest';
import { BODY_LIMITS, DEFAULT_BODY_LIMIT } from '../../src/common/http/body-limits';
import { KEYS } from '../support/app';
import { INTEGRATION_OF_ROUTE } from '../support/intakes';
import { startEnv, type Env } from './fixtures';

/** What one request may cost: body limits per route, and the Alertmanager webhook's checks and cap. */
describe('request bounds', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  const send = (path: string, key: string, body: string | object) =>
    request(env.app.baseUrl)
      .post(path)
      .set('authorization', `Bearer ${key}`)
      .set('content-type', 'application/json')
      .send(body);

  const alert = (i: number) => ({
    status: 'firing',
    labels: { alertname: 'HighErrorRate', service: `svc-${i % 50}`, env: 'production', severity: 'critical' },
    annotations: { summary: 'error ratio above 5%' },
    startsAt: '2026-11-14T13:42:07Z',
    endsAt: '0001-01-01T00:00:00Z',
    fingerprint: `bounds-${i}`,
  });
  const notification = (alerts: readonly unknown[]) => ({
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    status: 'firing',
    receiver: 'change-audit',
    alerts,
  });

  describe('POST /v1/alerts/alertmanager', () => {
    it('refuses a key that may not publish as alertmanager before reading the alerts', async () => {
      // 40,000 alerts that would each fail mapping: the answer is the key's, not 40,000 field errors.
      const body = notification(Array.from({ length: 40_000 }, () => ({})));
      const res = await send('/v1/alerts/alertmanager', KEYS.publisher, body).expect(403);
      expect(res.body).toMatchObject({
        statusCode: 403,
        message: 'this API key may not publish alerts as source "alertmanager"',
      });
    });

    it('refuses a notification over 1,000 alerts as a whole, naming the count, the cap and max_alerts', async () => {
      const body = notification(Array.from({ length: 1_001 }, (_, i) => alert(i)));
      const res = await send('/v1/alerts/alertmanager', KEYS.alerting, body).expect(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        message: [
          '/alerts has 1001 alerts; at most 1000 per notification ' +
            '(set max_alerts: 1000 or less on the Alertmanager receiver)',
        ],
      });
      const stored = await env.sql.query(`SELECT count(*)::int AS n FROM alerts`);
      expect(stored.rows[0]).toEqual({ n: 0 });
    });

    it('stores a notification of exactly 1,000 alerts, each answered at its position', async () => {
      const alerts: unknown[] = Array.from({ length: 1_000 }, (_, i) => alert(i));
      alerts[500] = { ...alert(500), fingerprint: '' };
      const res = await send('/v1/alerts/alertmanager', KEYS.alerting, notification(alerts)).expect(202);
      const body = res.body as { accepted: { index: number }[]; rejected: { index: number }[] };
      expect(body.accepted.map((a) => a.index)).toEqual(
        Array.from({ length: 1_000 }, (_, i) => i).filter((i) => i !== 500),
      );
      expect(body.rejected.map((r) => r.index)).toEqual([500]);
      const stored = await env.sql.query(`SELECT count(*)::int AS n FROM alerts`);
      expect(stored.rows[0]).toEqual({ n: 999 });
    });
  });

  describe('body limits', () => {
    const evaluation = {
      service: 'payments-api',
      environment: 'prod',
      region: 'eu-west-1',
      kind: 'deploy',
      at: '2026-11-14T13:42:07Z',
    };

    it('refuses a body over a small route’s limit with 413 naming the limit', async () => {
      const body = JSON.stringify({ ...evaluation, team: 'x'.repeat(70 * 1024) });
      const res = await send('/v1/freeze/evaluate', KEYS.publisher, body).expect(413);
      expect(res.body).toMatchObject({
        statusCode: 413,
        message: `the body is ${Buffer.byteLength(body)} bytes; POST /v1/freeze/evaluate takes at most 65536 bytes (64 KiB)`,
      });
      // Under the limit, the same route answers.
      await send('/v1/freeze/evaluate', KEYS.publisher, evaluation).expect(200);
    });

    it('cuts a chunked body (no Content-Length) at the limit, with the same 413', async () => {
      const { port } = new URL(env.app.baseUrl);
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: Number(port),
            method: 'POST',
            path: '/v1/alerts/a3f1c9e07d5b2e64/verdicts',
            headers: {
              authorization: `Bearer ${KEYS.reviewer}`,
              'content-type': 'application/json',
              'transfer-encoding': 'chunked',
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              text += chunk;
            });
            res.on('end', () => {
              resolve({ status: res.statusCode ?? 0, body: text });
            });
          },
        );
        req.on('error', reject);
        req.write(`{"changeId": "c1", "verdict": "cause", "note": "`);
        req.end(`${'n'.repeat(20 * 1024)}"}`);
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({
        statusCode: 413,
        message:
          'the body is over 16384 bytes; POST /v1/alerts/:id/verdicts takes at most 16384 bytes (16 KiB)',
      });
    });

    it('gives every route of the table its own limit (a typo would leave it at the default)', async () => {
      // Bodies are read before the key (or an intake's credential) is checked: a body over the default that
      // is read answers 401.
      const body = `"${'x'.repeat(DEFAULT_BODY_LIMIT)}"`;
      const larger = Object.keys(BODY_LIMITS).filter(
        (route) => (BODY_LIMITS[route] ?? 0) > DEFAULT_BODY_LIMIT,
      );
      expect(larger.length).toBeGreaterThanOrEqual(8);
      const answers = await Promise.all(
        larger.map(async (route) => {
          const [method, template = ''] = route.split(' ');
          // Intakes: a configured integration, so the 401 is for the missing credential.
          const path = template
            .replace(':id', 'some-id')
            .replace(
              /\/(\w+)\/:integration$/,
              (_all, kind: string) => `/${kind}/${INTEGRATION_OF_ROUTE[kind] ?? ''}`,
            );
          const agent = request(env.app.baseUrl);
          const call =
            method === 'PUT' ? agent.put(path) : method === 'PATCH' ? agent.patch(path) : agent.post(path);
          const res = await call.set('content-type', 'application/json').send(body);
          return [route, res.status];
        }),
      );
      expect(answers).toEqual(larger.map((route) => [route, 401]));
    });

    it('takes the largest freeze-window definition its contract allows, every character escaped', async () => {
      const values = (prefix: string) =>
        Array.from({ length: 100 }, (_, i) => `${prefix}-${i}-`.padEnd(200, 'é'));
      const definition = {
        name: 'n'.repeat(200),
        reason: 'r'.repeat(2_000),
        kind: 'deny',
        schedule: { type: 'once', start: '2026-12-01T00:00:00Z', end: '2026-12-02T00:00:00Z' },
        scope: {
          services: values('svc'),
          teams: values('team'),
          environments: values('env'),
          regions: values('region'),
          tiers: values('tier'),
        },
        breakGlass: { roles: values('role').slice(0, 50) },
      };
      for (const list of Object.values(definition.scope)) expect(list[0]).toHaveLength(200);
      const escaped = JSON.stringify(definition).replace(/é/g, '\\u00e9');
      expect(Buffer.byteLength(escaped)).toBeGreaterThan(512 * 1024);
      await send('/v1/freeze-windows', KEYS.admin, escaped).expect(201);
      const over = await send('/v1/freeze-windows', KEYS.admin, `"${'x'.repeat(1024 * 1024)}"`).expect(413);
      expect((over.body as { message: string }).message).toMatch(/takes at most 1048576 bytes \(1 MiB\)$/);
    });
  });
});

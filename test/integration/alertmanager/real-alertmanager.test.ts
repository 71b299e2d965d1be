// A real Prometheus scrapes a small target whose error ratio the test flips; its rule fires; a real
// Alertmanager posts its webhook, through the receiver documented in docs/integrations.md (read from
// docs/snippets/alertmanager-receiver.yml, the one file both use), to the service's
// POST /v1/alerts/alertmanager. The alert appears with the change published just before as its suspect;
// then the ratio drops, the alert resolves, and the service sees the resolution.
import path from 'node:path';
import request from 'supertest';
import type { AlertPage, AlertView } from '../../../src/alerts/infrastructure/alerts.read-model';
import type { AlertSuspectsView } from '../../../src/correlation/http/suspect-views';
import { KEYS, startTestApp, type TestApp } from '../../support/app';
import { createTestDatabase } from '../../support/database';
import {
  documentedAlertmanagerConfig,
  requirePrometheusBinaries,
  startErrorRateTarget,
  startPrometheusStack,
  type ErrorRateTarget,
  type PrometheusStack,
} from '../../support/prometheus-stack';
import { waitFor } from '../../support/service-process';

const SERVICE = 'checkout-api';

const RULES = [
  'groups:',
  '  - name: availability',
  '    interval: 1s',
  '    rules:',
  '      - alert: HighErrorRate',
  '        expr: http_error_ratio > 0.1',
  '        labels:',
  '          severity: critical',
  '          env: production',
  '        annotations:',
  '          summary: "{{ $labels.service }} answers more than 10% of requests with a 5xx"',
  '',
].join('\n');

describe('a real Prometheus and Alertmanager posting to the service', () => {
  let app: TestApp;
  let drop: (() => Promise<void>) | undefined;
  let target: ErrorRateTarget | undefined;
  let stack: PrometheusStack;
  let stopStack: (() => Promise<void>) | undefined;
  let closeApp: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    requirePrometheusBinaries();
    const db = await createTestDatabase();
    drop = db.drop;
    app = await startTestApp({ DATABASE_URL: db.url });
    closeApp = () => app.close();
    target = await startErrorRateTarget(SERVICE);
    stack = await startPrometheusStack({
      target: target.address,
      rules: RULES,
      alertmanagerConfig: (dir) =>
        documentedAlertmanagerConfig(
          ['alertname', 'service'],
          app.baseUrl,
          path.join(dir, 'change-audit-api-key'),
        ),
      files: { 'change-audit-api-key': KEYS.alerting },
    });
    stopStack = () => stack.stop();
  }, 60_000);

  afterAll(async () => {
    await stopStack?.();
    await target?.close();
    await closeApp?.();
    await drop?.();
  });

  const get = (url: string): request.Test =>
    request(app.baseUrl).get(url).set('authorization', `Bearer ${KEYS.reviewer}`);

  async function alertOf(status: 'firing' | 'resolved'): Promise<AlertView | undefined> {
    const res = await get(`/v1/alerts?service=${SERVICE}&status=${status}`);
    if (res.status !== 200) throw new Error(`GET /v1/alerts: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as AlertPage).items.find((a) => a.name === 'HighErrorRate');
  }

  it('fires with the change published just before as its first suspect, then resolves', async () => {
    const changeId = `argo-cd:${SERVICE}:rollout-1`;
    const published = await request(app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send({
        eventId: 'rollout-1-started',
        changeId,
        source: 'argo-cd',
        kind: 'deploy',
        phase: 'started',
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        environment: 'production',
        service: SERVICE,
        summary: 'Sync checkout-api to v2.14.0',
      });
    expect(published.status).toBe(202);

    const flip = target;
    if (flip === undefined) throw new Error('no target');
    flip.setErrorRatio(0.4);
    const firing = await waitFor(
      'the firing alert in the service',
      () => alertOf('firing'),
      60_000,
      250,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${stack.output()}`);
    });
    expect(firing).toMatchObject({
      source: 'alertmanager',
      service: SERVICE,
      environment: 'production',
      severity: 'critical',
      status: 'firing',
    });
    // Alertmanager's own fingerprint and group key came through, not values made up on the way.
    expect(firing.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(firing.alert.groupKey).toContain('HighErrorRate');
    expect(firing.alert.annotations?.['summary']).toBe(
      `${SERVICE} answers more than 10% of requests with a 5xx`,
    );

    const suspects = await get(`/v1/alerts/${firing.fingerprint}/suspects`);
    expect(suspects.status).toBe(200);
    const ranked = suspects.body as AlertSuspectsView;
    expect(ranked.items[0]).toMatchObject({ changeId });

    flip.setErrorRatio(0);
    const resolved = await waitFor(
      'the resolution in the service',
      async () => {
        const alert = await alertOf('resolved');
        return alert?.key === firing.key ? alert : undefined;
      },
      60_000,
      250,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\n${stack.output()}`);
    });
    expect(resolved.endsAt).not.toBeNull();
    expect(Date.parse(resolved.endsAt ?? '')).toBeGreaterThan(Date.parse(firing.startsAt));
    expect(await alertOf('firing')).toBeUndefined();
  });
});

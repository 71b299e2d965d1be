import request from 'supertest';
import type { ReadModelCheckReport } from '../../src/read-models/commands/check-read-models/check-read-models.command';
import type { ReadinessReport } from '../../src/health/health.controller';
import type { ChangeState } from '../../src/changes/domain/change-state';
import { decodeFoldState } from '../../src/changes/infrastructure/fold-state-codec';
import { KEYS } from '../support/app';
import { sample } from '../support/metrics';
import { waitFor } from '../support/service-process';
import { at, get, lifecycle, MINUTE, publish, startEnv, type Env } from './fixtures';

const FREEZE = {
  name: 'Black Friday',
  reason: 'peak traffic',
  kind: 'deny',
  schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' },
  scope: { services: ['payments-*'], environments: ['prod'] },
};
const PAYMENTS_DEPLOY = { service: 'payments-api', environment: 'prod', region: 'eu-west-1', kind: 'deploy' };
const ALERT = {
  fingerprint: 'rmc-latency',
  source: 'grafana',
  startsAt: at(2 * MINUTE),
  name: 'HighLatency',
  severity: 'high',
  environment: 'prod',
  service: 'payments-api',
};
/** Inside that week's occurrence (Fri 18:00 → Mon 02:00 Berlin). */
const DURING = '2026-11-27T18:30:00Z';

/**
 * Read models held to the store (docs/operations.md): a read model edited past the service (as the owner,
 * in SQL) is found by the check, which names the stream, sets the gauge and shows in readiness details
 * without making the instance unready; the rebuild route repairs it.
 */
describe('the read-model check', () => {
  let env: Env;
  let windowId: string;

  beforeAll(async () => {
    env = await startEnv({ READ_MODEL_CHECK_INTERVAL_MS: '0' });
    const declared = await request(env.app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(FREEZE)
      .expect(201);
    windowId = (declared.body as { id: string }).id;
    await publish(env.app, lifecycle('rmc-a', Date.parse(at(0))));
    await publish(env.app, lifecycle('rmc-b', Date.parse(at(MINUTE))).slice(0, 2));
    await request(env.app.baseUrl)
      .post('/v1/alerts')
      .set('authorization', `Bearer ${KEYS.alerting}`)
      .send([
        { ...ALERT, status: 'firing' },
        { ...ALERT, status: 'resolved', endsAt: at(10 * MINUTE) },
      ])
      .expect(202);
  });
  afterAll(async () => {
    await env.close();
  });

  const check = async (key = KEYS.admin): Promise<ReadModelCheckReport> =>
    (
      await request(env.app.baseUrl)
        .post('/v1/projections/check')
        .set('authorization', `Bearer ${key}`)
        .expect(200)
    ).body as ReadModelCheckReport;
  const decision = async (): Promise<string> =>
    (
      (
        await request(env.app.baseUrl)
          .post('/v1/freeze/evaluate')
          .set('authorization', `Bearer ${KEYS.publisher}`)
          .send({ ...PAYMENTS_DEPLOY, at: DURING })
          .expect(200)
      ).body as { decision: string }
    ).decision;
  const mismatches = async (model: string): Promise<number | undefined> =>
    sample(
      (await get(env.app, '/metrics', KEYS.admin).expect(200)).text,
      `change_audit_read_model_mismatches{model="${model}"}`,
    );
  const readiness = async (): Promise<ReadinessReport> =>
    (await get(env.app, '/health/ready', KEYS.admin).expect(200)).body as ReadinessReport;

  it('finds nothing on untouched read models', async () => {
    const report = await check();
    expect(report).toMatchObject({
      ok: true,
      models: ['changes', 'freeze_windows', 'alerts'],
      mismatches: [],
    });
    expect(await mismatches('alerts')).toBe(0);
    expect(await mismatches('freeze_windows')).toBe(0);
    expect((await readiness()).details?.['read-models']).toMatch(/^ok/);
  });

  it('finds a freeze window deleted in SQL, which turned a deny into an allow, until the rebuild', async () => {
    expect(await decision()).toBe('deny');
    // As the owner, past the service: the row goes, and every instance reloads on the notification.
    await env.sql.query(`DELETE FROM freeze_windows WHERE id = $1`, [windowId]);
    await env.sql.query(`SELECT pg_notify('freeze_windows_changed', $1)`, [windowId]);
    await waitFor(
      'the registry to reload',
      async () => ((await decision()) === 'allow' ? true : undefined),
      10_000,
    );

    const report = await check();
    expect(report.ok).toBe(false);
    const stream = `freeze-window/$service/${windowId}`;
    expect(report.mismatches).toEqual(
      expect.arrayContaining([
        { model: 'freeze_windows', stream, problem: 'no row in freeze_windows' },
        { model: 'freeze_windows', stream, problem: 'not among the windows this instance evaluates with' },
      ]),
    );
    expect(await mismatches('freeze_windows')).toBe(2);
    // Ready all the same (a data problem, not this instance's), with the stream named in the details.
    const ready = await readiness();
    expect(ready.status).toBe('ok');
    expect(ready.details?.['read-models']).toContain(stream);
    // A probe without a key is told no more than that.
    const anonymous = (await request(env.app.baseUrl).get('/health/ready').expect(200))
      .body as ReadinessReport;
    expect(anonymous.details?.['read-models']).toBe('mismatch');

    await request(env.app.baseUrl)
      .post('/v1/projections/freeze-windows/rebuild')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(await decision()).toBe('deny');
    expect(await check()).toMatchObject({ ok: true, mismatches: [] });
    expect(await mismatches('freeze_windows')).toBe(0);
  });

  it('finds a change-timeline row edited in SQL, naming the columns, until the rebuild', async () => {
    await env.sql.query(
      `UPDATE changes SET phase = 'succeeded', service = 'forged' WHERE change_id = 'rmc-b'`,
    );
    const report = await check();
    expect(report.mismatches).toEqual([
      { model: 'changes', stream: 'change/argo-cd/rmc-b', problem: 'row differs in phase, service' },
    ]);
    expect(await mismatches('changes')).toBe(1);
    await request(env.app.baseUrl)
      .post('/v1/projections/change-timeline/rebuild')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(await check()).toMatchObject({ ok: true });
  });

  it('compares a fold state stored in the layout before the compact one by what it holds', async () => {
    const foldStateOf = async (): Promise<ChangeState> =>
      decodeFoldState(
        (
          await env.sql.query<{ fold_state: unknown }>(
            `SELECT fold_state FROM changes WHERE change_id = 'rmc-a'`,
          )
        ).rows[0]?.fold_state,
      );
    const state = await foldStateOf();
    // As the version before the compact layout wrote it: the ChangeState as JSON.
    const storeLegacy = (legacy: ChangeState) =>
      env.sql.query(`UPDATE changes SET fold_state = $1::json WHERE change_id = 'rmc-a'`, [
        JSON.stringify(legacy),
      ]);
    await storeLegacy(state);
    expect(await check()).toMatchObject({ ok: true, mismatches: [] });
    await storeLegacy({ ...state, summary: { value: 'forged', stamp: state.phase.stamp } });
    expect((await check()).mismatches).toEqual([
      { model: 'changes', stream: 'change/argo-cd/rmc-a', problem: 'row differs in fold_state' },
    ]);
    await request(env.app.baseUrl)
      .post('/v1/projections/change-timeline/rebuild')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(await check()).toMatchObject({ ok: true, mismatches: [] });
    expect(await foldStateOf()).toStrictEqual(state);
  });

  it('finds an alert row edited in SQL (reopened), naming the columns, until the rebuild', async () => {
    const key = `alert:grafana:${new Date(ALERT.startsAt).toISOString()}:rmc-latency`;
    // As the owner, past the service: the resolved alert shows as firing again.
    const updated = await env.sql.query(
      `UPDATE alerts SET status = 'firing', ends_at = NULL WHERE alert_key = $1 RETURNING alert_key`,
      [key],
    );
    expect(updated.rowCount).toBe(1);
    const report = await check();
    expect(report.mismatches).toEqual([
      { model: 'alerts', stream: `alert/grafana/${key}`, problem: 'row differs in status, ends_at' },
    ]);
    expect(await mismatches('alerts')).toBe(1);
    await request(env.app.baseUrl)
      .post('/v1/projections/alerts/rebuild')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(await check()).toMatchObject({ ok: true, mismatches: [] });
    expect(await mismatches('alerts')).toBe(0);
  });

  it('is for admins only', async () => {
    await request(env.app.baseUrl)
      .post('/v1/projections/check')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(403);
    await request(env.app.baseUrl).post('/v1/projections/check').expect(401);
  });
});

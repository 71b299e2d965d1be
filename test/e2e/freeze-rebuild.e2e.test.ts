import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import type { FreezeWindowsRebuildResult } from '../../src/freeze/commands/rebuild-freeze-windows/rebuild-freeze-windows.command';
import { KEYS, startTestApp, type TestApp } from '../support/app';
import { waitFor } from '../support/service-process';
import { changeEvent, publish, startEnv, type Env } from './fixtures';

/**
 * invariant 4 of docs/design.md for freeze windows: `freeze_windows` is disposable. Folding the freeze-window
 * streams again gives exactly the rows the commands wrote, and every instance reloads them.
 */
const BASE = {
  reason: 'peak',
  kind: 'deny',
  scope: { services: ['payments-*'] },
};
const RECURRING = { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' };

type Row = Record<string, unknown>;

describe('rebuilding the freeze_windows read model from the store (invariant 4)', () => {
  let env: Env;
  let other: TestApp;

  const admin = (method: 'post' | 'patch' | 'delete', path: string, body?: object): request.Test =>
    request(env.app.baseUrl)[method](path).set('authorization', `Bearer ${KEYS.admin}`).send(body);

  const declare = async (definition: object): Promise<string> => {
    const res = await admin('post', '/v1/freeze-windows', { ...BASE, ...definition }).expect(201);
    return (res.body as { id: string }).id;
  };

  const rebuild = (key: string = KEYS.admin): request.Test =>
    request(env.app.baseUrl)
      .post('/v1/projections/freeze-windows/rebuild')
      .set('authorization', `Bearer ${key}`);

  const snapshot = async (): Promise<Row[]> =>
    (await env.sql.query<Row>(`SELECT * FROM freeze_windows ORDER BY id`)).rows;

  const listed = async (target: TestApp): Promise<unknown> =>
    (
      await request(target.baseUrl)
        .get('/v1/freeze-windows?includeCancelled=true')
        .set('authorization', `Bearer ${KEYS.reviewer}`)
        .expect(200)
    ).body;

  beforeAll(async () => {
    env = await startEnv();
    // A second instance on the same database: it learns of the rebuild only through NOTIFY.
    other = await startTestApp({ DATABASE_URL: env.url });
    await publish(env.app, [
      changeEvent({ eventId: 'c1-e0', changeId: 'c1', service: 'payments-api' }),
      changeEvent({ eventId: 'c2-e0', changeId: 'c2', service: 'checkout', phase: 'planned' }),
    ]);
    const now = Date.now();
    const lifted = await declare({
      name: 'Incident freeze',
      schedule: { type: 'once', start: new Date(now - 3_600_000).toISOString() },
    });
    const amended = await declare({ name: 'Black Friday', schedule: RECURRING });
    const cancelled = await declare({
      name: 'Old freeze',
      schedule: { type: 'once', start: '2025-11-28T00:00:00Z', end: '2025-12-01T00:00:00Z' },
    });
    const liftedThenAmended = await declare({
      name: 'Ledger freeze',
      schedule: { type: 'once', start: new Date(now - 7_200_000).toISOString() },
      exemptions: ['rollback'],
      breakGlass: { roles: ['incident-commander'] },
    });
    await admin('post', `/v1/freeze-windows/${lifted}/lift`, { reason: 'resolved' }).expect(200);
    await admin('patch', `/v1/freeze-windows/${amended}`, {
      scope: { environments: ['prod'] },
      changeReason: 'prod only',
    }).expect(200);
    await admin('delete', `/v1/freeze-windows/${cancelled}?reason=obsolete`).expect(200);
    await admin('post', `/v1/freeze-windows/${liftedThenAmended}/lift`, { reason: 'done' }).expect(200);
    await admin('patch', `/v1/freeze-windows/${liftedThenAmended}`, {
      name: 'Ledger freeze (over)',
      changeReason: 'rename',
    }).expect(200);
  });
  afterAll(async () => {
    await other.close();
    await env.close();
  });

  it('restores every row after the table was emptied, and every instance reloads them', async () => {
    const before = await snapshot();
    expect(before).toHaveLength(4);
    const listedBefore = await listed(env.app);
    expect((listedBefore as { items: unknown[] }).items).toHaveLength(4);
    await waitFor(
      'the other instance to hold every window',
      async () => (isDeepStrictEqual(await listed(other), listedBefore) ? true : undefined),
      10_000,
    );

    await env.sql.query('TRUNCATE freeze_windows');
    await env.sql.query(`SELECT pg_notify('freeze_windows_changed', 'test')`);
    await waitFor(
      'both instances to see the empty table',
      async () =>
        isDeepStrictEqual([await listed(env.app), await listed(other)], [{ items: [] }, { items: [] }])
          ? true
          : undefined,
      10_000,
    );

    const res = await rebuild().expect(200);
    const result = res.body as FreezeWindowsRebuildResult;
    // Four declarations, two lifts, two amendments, one cancellation; the change events are not replayed.
    expect(result).toMatchObject({ events: 9, windows: 4 });
    expect(typeof result.millis).toBe('number');
    expect(await snapshot()).toEqual(before);
    // This instance has reloaded before answering; the other one does on the notification.
    expect(await listed(env.app)).toEqual(listedBefore);
    // Compared as values: rebuilt from the store's canonical JSON, a window's objects have sorted keys.
    await waitFor(
      'the other instance to reload the rebuilt windows',
      async () => (isDeepStrictEqual(await listed(other), listedBefore) ? true : undefined),
      10_000,
    );
  });

  it('repairs damaged rows and removes rows no stream supports', async () => {
    const before = await snapshot();
    await env.sql.query(
      `UPDATE freeze_windows SET name = 'wrong', cancelled = NOT cancelled, version = 0, lifted_at = NULL`,
    );
    await env.sql.query(
      `INSERT INTO freeze_windows SELECT 'phantom', name, kind, window_state, cancelled, lifted_at, version,
              last_position, updated_at FROM freeze_windows LIMIT 1`,
    );
    expect(await snapshot()).not.toEqual(before);
    await rebuild().expect(200);
    expect(await snapshot()).toEqual(before);
  });

  it('gives the same rows the commands write after it', async () => {
    const id = await declare({ name: 'Late freeze', schedule: RECURRING, scope: { teams: ['core'] } });
    await admin('post', `/v1/freeze-windows/${id}/lift`, { reason: 'never mind' }).expect(200);
    const inline = await snapshot();
    expect(inline).toHaveLength(5);
    const res = await rebuild().expect(200);
    expect(res.body).toMatchObject({ events: 11, windows: 5 });
    expect(await snapshot()).toEqual(inline);
  });

  it('is refused to reviewers and publishers, and without a key', async () => {
    const before = await snapshot();
    await rebuild(KEYS.reviewer).expect(403);
    await rebuild(KEYS.publisher).expect(403);
    await request(env.app.baseUrl).post('/v1/projections/freeze-windows/rebuild').expect(401);
    expect(await snapshot()).toEqual(before);
  });
});

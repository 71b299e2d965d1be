import request from 'supertest';
import { KEYS, startTestApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';
import { waitFor } from '../support/service-process';

const BLACK_FRIDAY = {
  name: 'Black Friday',
  reason: 'peak traffic',
  kind: 'deny',
  schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' },
  scope: { services: ['payments-*'], environments: ['prod'] },
  exemptions: ['rollback'],
  breakGlass: { roles: ['incident-commander'], justificationRequired: true },
};

const PAYMENTS_DEPLOY = { service: 'payments-api', environment: 'prod', region: 'eu-west-1', kind: 'deploy' };
/** Friday 2026-11-27 19:30 in Berlin: inside that week's occurrence (Fri 18:00 → Mon 02:00 local). */
const DURING = '2026-11-27T18:30:00Z';

interface Evaluation {
  decision: string;
  reason: string;
  windows: { id: string; occurrenceStart: string | null; occurrenceEnd: string | null }[];
  allowedAfter?: string;
}

describe('freeze windows over HTTP', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let other: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url });
    // A second instance on the same database: it must see windows declared through the first one.
    other = await startTestApp({ DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await other.close();
    await app.close();
    await db.drop();
  });

  const evaluate = async (
    target: TestApp,
    body: object,
    key: string = KEYS.publisher,
  ): Promise<Evaluation> => {
    const res = await request(target.baseUrl)
      .post('/v1/freeze/evaluate')
      .set('authorization', `Bearer ${key}`)
      .send(body)
      .expect(200);
    return res.body as Evaluation;
  };

  const declare = async (definition: object): Promise<string> => {
    const res = await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(definition)
      .expect(201);
    return (res.body as { id: string }).id;
  };

  it('declares a window, denies a matching change during it, and tells when it will be allowed', async () => {
    const id = await declare(BLACK_FRIDAY);
    const result = await evaluate(app, { ...PAYMENTS_DEPLOY, at: DURING });
    expect(result.decision).toBe('deny');
    expect(result.reason).toContain('Black Friday');
    expect(result.windows).toEqual([
      {
        id,
        name: 'Black Friday',
        kind: 'deny',
        occurrenceStart: '2026-11-27T17:00:00.000Z',
        occurrenceEnd: '2026-11-30T01:00:00.000Z',
      },
    ]);
    expect(result.allowedAfter).toBe('2026-11-30T01:00:00.000Z');
    // Out of scope, exempt, break-glass: allow, warn, warn.
    expect((await evaluate(app, { ...PAYMENTS_DEPLOY, environment: 'staging', at: DURING })).decision).toBe(
      'allow',
    );
    expect((await evaluate(app, { ...PAYMENTS_DEPLOY, isRollback: true, at: DURING })).decision).toBe('warn');
    // Break glass needs a key holding the role (the publisher's key only names it: see break-glass tests).
    const override = { by: 'ana', role: 'incident-commander', justification: 'INC-1 fix' };
    expect((await evaluate(app, { ...PAYMENTS_DEPLOY, override, at: DURING }, KEYS.oncall)).decision).toBe(
      'warn',
    );
    expect(
      (
        await evaluate(
          app,
          { ...PAYMENTS_DEPLOY, override: { ...override, justification: '' }, at: DURING },
          KEYS.oncall,
        )
      ).decision,
    ).toBe('deny');
  });

  it('refreshes every instance: a window declared on one denies on the other', async () => {
    const id = await declare({ ...BLACK_FRIDAY, name: 'Cyber Monday', scope: { services: ['checkout'] } });
    const seen = await waitFor(
      'the other instance to see the new window',
      async () => {
        const r = await evaluate(other, { ...PAYMENTS_DEPLOY, service: 'checkout', at: DURING });
        return r.decision === 'deny' ? r : undefined;
      },
      10_000,
    );
    expect(seen.windows.map((w) => w.id)).toEqual([id]);
  });

  it('lifts a "freeze now" window: denied while it runs, allowed once lifted, with who and why recorded', async () => {
    const id = await declare({
      name: 'Incident freeze',
      reason: 'INC-42 in progress',
      kind: 'deny',
      schedule: { type: 'once', start: new Date(Date.now() - 60_000).toISOString() },
      scope: { services: ['ledger'] },
    });
    const ledger = { ...PAYMENTS_DEPLOY, service: 'ledger' };
    expect((await evaluate(app, ledger)).decision).toBe('deny');
    await request(app.baseUrl)
      .post(`/v1/freeze-windows/${id}/lift`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({ reason: 'incident resolved' })
      .expect(200);
    expect((await evaluate(app, ledger)).decision).toBe('allow');
    await waitFor('the other instance to see the lift', async () =>
      (await evaluate(other, ledger)).decision === 'allow' ? true : undefined,
    );
    const detail = await request(app.baseUrl)
      .get(`/v1/freeze-windows/${id}`)
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(200);
    const history = (detail.body as { history: { type: string; data: { by: string; why: string } }[] })
      .history;
    expect(history.map((h) => [h.type, h.data.by, h.data.why])).toEqual([
      ['FreezeWindowDeclared', 'admin', 'INC-42 in progress'],
      ['FreezeWindowLifted', 'admin', 'incident resolved'],
    ]);
    // A second lift is a conflict, not a silent no-op.
    await request(app.baseUrl)
      .post(`/v1/freeze-windows/${id}/lift`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({ reason: 'again' })
      .expect(409);
  });

  it('amends with a merge patch and cancels, each needing a reason', async () => {
    const id = await declare({ ...BLACK_FRIDAY, name: 'Search freeze', scope: { services: ['search'] } });
    const search = { ...PAYMENTS_DEPLOY, service: 'search', at: DURING };
    expect((await evaluate(app, search)).decision).toBe('deny');
    await request(app.baseUrl)
      .patch(`/v1/freeze-windows/${id}`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({ scope: { environments: ['staging'] } })
      .expect(400);
    const amended = await request(app.baseUrl)
      .patch(`/v1/freeze-windows/${id}`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({ scope: { environments: ['staging'] }, changeReason: 'prod is fine' })
      .expect(200);
    expect((amended.body as { scope: object }).scope).toEqual({
      services: ['search'],
      environments: ['staging'],
    });
    expect((await evaluate(app, search)).decision).toBe('allow');
    expect((await evaluate(app, { ...search, environment: 'staging' })).decision).toBe('deny');
    await request(app.baseUrl)
      .delete(`/v1/freeze-windows/${id}`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(400);
    await request(app.baseUrl)
      .delete(`/v1/freeze-windows/${id}?reason=not%20needed`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect((await evaluate(app, { ...search, environment: 'staging' })).decision).toBe('allow');
    const list = await request(app.baseUrl)
      .get('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.reviewer}`);
    expect((list.body as { items: { id: string }[] }).items.map((w) => w.id)).not.toContain(id);
  });

  it('refuses bad definitions with 400 naming each field', async () => {
    const res = await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        ...BLACK_FRIDAY,
        schedule: { type: 'recurring', cron: '0 99 * * 5', duration: 'PT0H', timeZone: 'Mars/Base' },
        scope: { services: [''] },
        breakGlass: { roles: [], justificationRequired: true },
      })
      .expect(400);
    const fields = (res.body as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        '/schedule/cron',
        '/schedule/duration',
        '/schedule/timeZone',
        '/scope/services/0',
        '/breakGlass/roles',
      ]),
    );
    const once = await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        ...BLACK_FRIDAY,
        schedule: { type: 'once', start: '2026-12-02T00:00:00Z', end: '2026-12-01T00:00:00Z' },
      })
      .expect(400);
    expect(JSON.stringify(once.body)).toContain('/schedule/end');
  });

  it('refuses a bad definition with 400 naming each field as a JSON Pointer and listing allowed values', async () => {
    const res = await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        ...BLACK_FRIDAY,
        kind: 'block',
        schedule: { type: 'weekly' },
        scope: { kinds: ['deploy', 'reboot'] },
        exemptions: ['emergency'],
      })
      .expect(400);
    const body = res.body as { message: string[]; errors: { field: string; message: string }[] };
    expect(body.errors).toEqual(
      expect.arrayContaining([
        { field: '/kind', message: '/kind must be one of deny, allow' },
        { field: '/schedule/type', message: '/schedule/type must be one of once, recurring' },
        {
          field: '/scope/kinds/1',
          message:
            '/scope/kinds/1 must be one of deploy, config, scaling, experiment, feature_flag, infra, database, other',
        },
        { field: '/exemptions/0', message: '/exemptions/0 must be one of rollback, hotfix' },
      ]),
    );
    expect(body.message).toEqual(body.errors.map((e) => e.message));
  });

  it('refuses a PATCH, a lift and a cancellation that do not say why, naming the field', async () => {
    // Refusals append nothing: the window is one declared earlier, and stays as it was.
    const admin = `Bearer ${KEYS.admin}`;
    const listed = await request(app.baseUrl)
      .get('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(200);
    const id = (listed.body as { items: { id: string }[] }).items[0]?.id ?? 'none';
    const patch = await request(app.baseUrl)
      .patch(`/v1/freeze-windows/${id}`)
      .set('authorization', admin)
      .send({ kind: 'allow' })
      .expect(400);
    expect((patch.body as { errors: unknown[] }).errors).toEqual([
      { field: '/changeReason', message: expect.stringMatching(/^\/changeReason is required/) as unknown },
    ]);
    const merged = await request(app.baseUrl)
      .patch(`/v1/freeze-windows/${id}`)
      .set('authorization', admin)
      .send({ scope: { kinds: ['reboot'] }, changeReason: 'only reboots' })
      .expect(400);
    expect((merged.body as { errors: unknown[] }).errors).toEqual([
      {
        field: '/scope/kinds/0',
        message:
          '/scope/kinds/0 must be one of deploy, config, scaling, experiment, feature_flag, infra, database, other',
      },
    ]);
    const lift = await request(app.baseUrl)
      .post(`/v1/freeze-windows/${id}/lift`)
      .set('authorization', admin)
      .send({ reason: '  ' })
      .expect(400);
    expect((lift.body as { errors: unknown[] }).errors).toEqual([
      { field: '/reason', message: '/reason must not be empty: say why (it is recorded)' },
    ]);
    const cancel = await request(app.baseUrl)
      .delete(`/v1/freeze-windows/${id}`)
      .set('authorization', admin)
      .expect(400);
    expect(JSON.stringify(cancel.body)).toContain('reason (query parameter) is required');
  });

  it('expands a calendar of occurrences over a bounded range', async () => {
    const res = await request(app.baseUrl)
      .get('/v1/freeze-windows/occurrences?from=2026-12-01T00:00:00Z&to=2026-12-15T00:00:00Z')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(200);
    const blackFriday = (res.body as { items: { name: string; start: string; end: string }[] }).items.filter(
      (o) => o.name === 'Black Friday',
    );
    expect(blackFriday.map((o) => [o.start, o.end])).toEqual([
      ['2026-12-04T17:00:00.000Z', '2026-12-07T01:00:00.000Z'],
      ['2026-12-11T17:00:00.000Z', '2026-12-14T01:00:00.000Z'],
    ]);
    await request(app.baseUrl)
      .get('/v1/freeze-windows/occurrences?from=2026-01-01T00:00:00Z&to=2027-06-01T00:00:00Z')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(400);
  });

  it('keeps the audit chain intact with window events appended beside change events', async () => {
    const verify = await request(app.baseUrl)
      .get('/v1/audit/verify')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    // Four declarations, one lift, one amendment, one cancellation: seven chained events; refused commands none.
    expect(verify.body).toMatchObject({ ok: true });
    expect((verify.body as { checked: number }).checked).toBe(7);
  });

  it('lets only admins change windows, and everyone with a key evaluate', async () => {
    await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .send(BLACK_FRIDAY)
      .expect(403);
    await request(app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send(BLACK_FRIDAY)
      .expect(403);
    await request(app.baseUrl).post('/v1/freeze/evaluate').send(PAYMENTS_DEPLOY).expect(401);
  });

  it('refuses a bad evaluate request with 400, naming each field at fault', async () => {
    const refused = async (body: unknown, contentType = 'application/json'): Promise<unknown> =>
      (
        await request(app.baseUrl)
          .post('/v1/freeze/evaluate')
          .set('authorization', `Bearer ${KEYS.reviewer}`)
          .set('content-type', contentType)
          .send(typeof body === 'string' ? body : JSON.stringify(body))
          .expect(400)
      ).body;
    expect(await refused({ ...PAYMENTS_DEPLOY, kind: 'teleport' })).toMatchObject({
      message: [expect.stringMatching(/^\/kind must be one of deploy, config, /)],
      errors: [expect.objectContaining({ field: '/kind' })],
    });
    expect(await refused({ ...PAYMENTS_DEPLOY, at: '0050-01-01T00:00:00Z' })).toMatchObject({
      message: ['/at must be an instant between 1900-01-01 and 2500-01-01'],
      errors: [expect.objectContaining({ field: '/at' })],
    });
    const withoutRegion = { service: 'payments-api', environment: 'prod', kind: 'deploy' };
    expect(await refused({ ...withoutRegion, override: { by: 'ann' }, colour: 'red' })).toMatchObject({
      message: expect.arrayContaining([
        '/region is required',
        '/override/role is required',
        '/colour is not a known field',
      ]) as unknown,
    });
    expect(await refused('{"service": "payments-api",')).toMatchObject({
      message: expect.stringMatching(/^the body is not valid JSON: .*position 27/) as unknown,
    });
    expect(await refused('', 'application/json')).toMatchObject({
      message: 'a JSON body is required (content-type: application/json)',
    });
    expect(await refused('{"__proto__": {"admin": true}}')).toMatchObject({
      message: expect.stringMatching(/^the body is not valid JSON: .*prototype property/) as unknown,
    });
    const xml = await request(app.baseUrl)
      .post('/v1/freeze/evaluate')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .set('content-type', 'application/xml')
      .send('<change/>')
      .expect(415);
    expect(xml.body).toMatchObject({
      message: 'content-type application/xml is not supported: send application/json',
    });
  });
});

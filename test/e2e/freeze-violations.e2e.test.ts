import request from 'supertest';
import type { FreezeViolationV1 } from '../../src/contracts/freeze-violation-events';
import type { FreezeViolationPage } from '../../src/freeze/queries/list-freeze-violations/list-freeze-violations.query';
import { KEYS } from '../support/app';
import {
  changeEvent,
  get,
  publish,
  startEnv,
  type ChangeDetail,
  type ChangeEvent,
  type Env,
} from './fixtures';

/**
 * Freeze violations: a change that starts inside an active deny window that matches it is
 * recorded once, inside the ingest transaction, as a violation, or as exempt / overridden when the
 * window lets it through; shown on the change and listed by GET /v1/freeze/violations.
 */
const BLACK_FRIDAY = {
  name: 'Black Friday',
  reason: 'peak traffic',
  kind: 'deny',
  schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' },
  scope: { services: ['payments-*'], environments: ['prod'] },
  exemptions: ['rollback'],
  breakGlass: { roles: ['incident-commander'], justificationRequired: true },
};

/** Last year's: Fri 2025-11-28 18:00 Berlin = 17:00Z, until Mon 02:00 Berlin = 01:00Z on 1 December. */
const DURING = (minute: number): string =>
  new Date(Date.parse('2025-11-28T18:30:00Z') + minute * 60_000).toISOString();
const BEFORE = '2025-11-27T10:00:00.000Z';
const AFTER = '2025-12-01T09:00:00.000Z';

const payments = (
  changeId: string,
  fields: Partial<ChangeEvent> & Pick<ChangeEvent, 'occurredAt'>,
  n = 0,
): ChangeEvent =>
  changeEvent({
    eventId: `${changeId}-e${n}`,
    changeId,
    service: 'payments-api',
    environment: 'prod',
    region: 'eu-west-1',
    ...fields,
  });

describe('freeze violations', () => {
  let env: Env;

  beforeAll(async () => {
    env = await startEnv();
    await request(env.app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(BLACK_FRIDAY)
      .expect(201);
  });

  afterAll(async () => {
    await env.close();
  });

  const detail = async (changeId: string): Promise<ChangeDetail> =>
    (await get(env.app, `/v1/changes/${encodeURIComponent(changeId)}`).expect(200)).body as ChangeDetail;

  const freezeEvents = async (changeId: string): Promise<{ type: string; data: FreezeViolationV1 }[]> => {
    const { rows } = await env.sql.query<{ type: string; data: FreezeViolationV1 }>(
      `SELECT event_type AS type, data FROM events
        WHERE stream_type = 'change' AND stream_id = $1 AND event_type <> 'ChangeEventRecorded'`,
      [changeId],
    );
    return rows;
  };

  it('records a change started inside the freeze as a violation, once, on the change and in the store', async () => {
    const events = [
      payments('bf-deploy', { phase: 'planned', occurredAt: DURING(-60) }, 0),
      payments('bf-deploy', { phase: 'started', occurredAt: DURING(0) }, 1),
      payments('bf-deploy', { phase: 'succeeded', occurredAt: DURING(10) }, 2),
    ];
    await publish(env.app, events.slice(0, 2));
    await publish(env.app, events.slice(2));
    // Redelivery of everything: nothing new, and still one freeze check.
    const again = await request(env.app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send(events)
      .expect(202);
    expect((again.body as { accepted: { outcome: string }[] }).accepted.map((a) => a.outcome)).toEqual([
      'duplicate',
      'duplicate',
      'duplicate',
    ]);

    const stored = await freezeEvents('bf-deploy');
    expect(stored.map((e) => e.type)).toEqual(['FreezeViolationDetected']);
    const change = await detail('bf-deploy');
    expect(change.freeze).toMatchObject({
      changeId: 'bf-deploy',
      outcome: 'violation',
      decision: 'deny',
      startedAt: DURING(0),
      change: { service: 'payments-api', environment: 'prod', kind: 'deploy', isRollback: false },
      windows: [
        {
          name: 'Black Friday',
          kind: 'deny',
          occurrenceStart: '2025-11-28T17:00:00.000Z',
          occurrenceEnd: '2025-12-01T01:00:00.000Z',
        },
      ],
    });
    expect(change.freeze?.reason).toContain('Black Friday');
    // The check sits in the change's history, but the timeline counts only the change's own events.
    expect(change.events.map((e) => e.type)).toContain('FreezeViolationDetected');
    expect(change.change.eventCount).toBe(3);
  });

  it('records a rollback the window exempts, and a valid break-glass override, as excused', async () => {
    await publish(env.app, payments('bf-rollback', { occurredAt: DURING(5), isRollback: true }));
    await publish(
      env.app,
      payments('bf-override', {
        occurredAt: DURING(6),
        override: {
          by: 'alice',
          role: 'incident-commander',
          justification: 'card payments failing',
          ticket: 'INC-7',
        },
      }),
      KEYS.oncall,
    );
    expect((await detail('bf-rollback')).freeze).toMatchObject({ outcome: 'exempt', decision: 'warn' });
    expect((await detail('bf-override')).freeze).toMatchObject({
      outcome: 'overridden',
      decision: 'warn',
      change: {
        override: {
          by: 'alice',
          role: 'incident-commander',
          ticket: 'INC-7',
          authorised: true,
          grantedBy: 'oncall-ana',
          usedBy: 'oncall-ana',
        },
      },
    });
    expect((await freezeEvents('bf-rollback')).map((e) => e.type)).toEqual(['FreezeViolationExcused']);
  });

  it('treats an override without justification, or by a role the window does not allow, as a violation', async () => {
    await publish(env.app, [
      payments('bf-no-why', { occurredAt: DURING(7), override: { by: 'bob', role: 'incident-commander' } }),
      payments('bf-wrong-role', {
        occurredAt: DURING(8),
        override: { by: 'eve', role: 'developer', justification: 'in a hurry' },
      }),
    ]);
    expect((await detail('bf-no-why')).freeze?.outcome).toBe('violation');
    expect((await detail('bf-wrong-role')).freeze?.outcome).toBe('violation');
  });

  it('records nothing for changes outside the freeze, out of its scope, or only planned during it', async () => {
    await publish(env.app, [
      payments('before', { occurredAt: BEFORE }),
      payments('after', { occurredAt: AFTER }),
      payments('staging', { occurredAt: DURING(1), environment: 'staging' }),
      changeEvent({
        eventId: 'checkout-1',
        changeId: 'checkout',
        service: 'checkout',
        environment: 'prod',
        occurredAt: DURING(1),
      }),
      payments('planned-only', { phase: 'planned', occurredAt: DURING(2) }),
    ]);
    for (const id of ['before', 'after', 'staging', 'checkout', 'planned-only']) {
      expect((await detail(id)).freeze).toBeNull();
      expect(await freezeEvents(id)).toEqual([]);
    }
  });

  it('checks a change again when a late event moves its start into the freeze', async () => {
    // "succeeded" after the freeze arrives first: the change seems to have started after it.
    await publish(env.app, payments('late-start', { phase: 'succeeded', occurredAt: AFTER }, 1));
    expect((await detail('late-start')).freeze).toBeNull();
    // Then its "started" inside the freeze: it started during the freeze after all.
    await publish(env.app, payments('late-start', { phase: 'started', occurredAt: DURING(20) }, 0));
    expect((await detail('late-start')).freeze).toMatchObject({
      outcome: 'violation',
      startedAt: DURING(20),
    });
    // The planned-only change starts inside the freeze now.
    await publish(env.app, payments('planned-only', { phase: 'started', occurredAt: DURING(30) }, 1));
    expect((await detail('planned-only')).freeze?.outcome).toBe('violation');
  });

  it('lists freeze checks newest first, filtered by time, outcome, service and environment, with a cursor', async () => {
    const list = async (query: string): Promise<FreezeViolationPage> =>
      (await get(env.app, `/v1/freeze/violations${query}`).expect(200)).body as FreezeViolationPage;

    const all = await list('');
    expect(all.items.map((c) => c.changeId)).toEqual([
      'planned-only',
      'late-start',
      'bf-wrong-role',
      'bf-no-why',
      'bf-override',
      'bf-rollback',
      'bf-deploy',
    ]);
    expect(all.nextCursor).toBeNull();

    const violations = await list('?outcome=violation');
    expect(violations.items.map((c) => c.changeId)).toEqual([
      'planned-only',
      'late-start',
      'bf-wrong-role',
      'bf-no-why',
      'bf-deploy',
    ]);
    const excused = await list('?outcome=exempt&outcome=overridden');
    expect(excused.items.map((c) => c.changeId)).toEqual(['bf-override', 'bf-rollback']);

    const window = await list(`?from=${encodeURIComponent(DURING(6))}&to=${encodeURIComponent(DURING(8))}`);
    expect(window.items.map((c) => c.changeId)).toEqual(['bf-no-why', 'bf-override']);
    expect((await list('?service=checkout')).items).toEqual([]);
    expect((await list('?environment=prod&service=payments-api')).items).toHaveLength(7);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: FreezeViolationPage = await list(`?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`);
      seen.push(...page.items.map((c) => c.changeId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all.items.map((c) => c.changeId));
  });

  it('refuses bad queries with 400 naming the parameter, and needs a reviewer key', async () => {
    const bad = async (query: string, message: RegExp): Promise<void> => {
      const res = await get(env.app, `/v1/freeze/violations${query}`).expect(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    };
    await bad('?outcome=fine', /outcome must be one of violation, exempt, overridden/);
    await bad('?from=yesterday', /from must be an ISO 8601 date-time/);
    await bad(
      `?from=${encodeURIComponent(AFTER)}&to=${encodeURIComponent(BEFORE)}`,
      /from must be before to/,
    );
    await bad('?limit=0', /limit/);
    await bad('?cursor=nonsense', /cursor is not valid/);
    await request(env.app.baseUrl).get('/v1/freeze/violations').expect(401);
    await get(env.app, '/v1/freeze/violations', KEYS.publisher).expect(403);
  });

  it('rebuilds the freeze_checks read model from the store to the same rows (admin only)', async () => {
    const snapshot = async (): Promise<unknown[]> =>
      (await env.sql.query<Record<string, unknown>>(`SELECT * FROM freeze_checks ORDER BY change_id`)).rows;
    const before = await snapshot();
    expect(before).toHaveLength(7);
    await env.sql.query(`DELETE FROM freeze_checks`);
    expect(await snapshot()).toEqual([]);
    await request(env.app.baseUrl)
      .post('/v1/projections/freeze-checks/rebuild')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(403);
    const res = await request(env.app.baseUrl)
      .post('/v1/projections/freeze-checks/rebuild')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(res.body).toMatchObject({ events: 7, checks: 7 });
    expect(await snapshot()).toEqual(before);
  });

  it('keeps the audit chain intact with the freeze checks in it', async () => {
    const res = await get(env.app, '/v1/audit/verify', KEYS.admin).expect(200);
    expect(res.body).toMatchObject({ ok: true });
  });
});

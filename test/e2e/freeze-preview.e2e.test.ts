import request from 'supertest';
import type {
  FreezeWindowPreview,
  PreviewedChange,
} from '../../src/freeze/queries/preview-freeze-window/preview-freeze-window.query';
import { KEYS } from '../support/app';
import { changeEvent, publish, startEnv, MINUTE, type ChangeEvent, type Env } from './fixtures';

/**
 * POST /v1/freeze-windows/preview: a window definition is tried against the changes already recorded,
 * over HTTP, on a real database. Changes are seeded at fixed times of day on the previous days, so every
 * list below is exact whatever the time the suite runs at; only "in flight now" depends on the clock, and
 * the windows that would make it depend on it (the recurring ones) match no unfinished change.
 */
const DAY = 24 * 60 * MINUTE;
const HOUR = 60 * MINUTE;
const MIDNIGHT = Math.floor(Date.now() / DAY) * DAY;
/** An instant `daysAgo` days before today (UTC), at hh:mm UTC: always in the past. */
const day = (daysAgo: number, hours: number, minutes = 0): string =>
  new Date(MIDNIGHT - daysAgo * DAY + hours * HOUR + minutes * MINUTE).toISOString();

/** A change that started at `startedAt`, finished ten minutes later unless `running`. */
function change(
  changeId: string,
  startedAt: string,
  fields: Partial<ChangeEvent> = {},
  running = false,
): ChangeEvent[] {
  const started = changeEvent({ eventId: `${changeId}-s`, changeId, occurredAt: startedAt, ...fields });
  if (running) return [started];
  const finishedAt = new Date(Date.parse(startedAt) + 10 * MINUTE).toISOString();
  return [
    started,
    changeEvent({
      eventId: `${changeId}-f`,
      changeId,
      phase: 'succeeded',
      occurredAt: finishedAt,
      ...fields,
    }),
  ];
}

const IC_OVERRIDE = { by: 'ana', role: 'incident-commander', justification: 'INC-7 fix' };

/** Payments: a deny window every day 18:00–20:00 Tokyo time (no DST there) = 09:00–11:00Z. */
const PAYMENTS_FREEZE = {
  name: 'Payments evening freeze',
  reason: 'Tokyo peak',
  kind: 'deny',
  schedule: { type: 'recurring', cron: '0 18 * * *', duration: 'PT2H', timeZone: 'Asia/Tokyo' },
  scope: { services: ['payments-*'], environments: ['production'] },
  exemptions: ['rollback'],
  breakGlass: { roles: ['incident-commander'], justificationRequired: true },
};
const PAYMENTS = [
  ...change('p-in', day(2, 9, 30), { service: 'payments-api' }),
  ...change('p-start-edge', day(3, 9, 0), { service: 'payments-api' }),
  ...change('p-end-edge', day(2, 11, 0), { service: 'payments-api' }),
  ...change('p-staging', day(2, 10), { service: 'payments-api', environment: 'staging' }),
  ...change('p-rollback', day(4, 10), { service: 'payments-web', isRollback: true }),
  ...change('p-override', day(5, 9, 15), { service: 'payments-api', override: IC_OVERRIDE }),
  ...change('p-override-unjustified', day(5, 9, 20), {
    service: 'payments-api',
    override: { by: 'ana', role: 'incident-commander' },
  }),
  ...change('p-override-wrong-role', day(5, 9, 25), {
    service: 'payments-api',
    override: { ...IC_OVERRIDE, role: 'developer' },
  }),
  ...change('checkout-in', day(2, 9, 30), { service: 'checkout' }),
  ...change('p-old', day(10, 9, 30), { service: 'payments-api' }),
];

/** Ledger: a "freeze now" since yesterday noon, without end. */
const LEDGER_FREEZE = {
  name: 'Ledger incident freeze',
  reason: 'INC-9',
  kind: 'deny',
  schedule: { type: 'once', start: day(1, 12) },
  scope: { services: ['ledger'], environments: ['production'] },
  exemptions: ['hotfix'],
};
const LEDGER = [
  ...change('l-before', day(1, 11), { service: 'ledger' }),
  ...change('l-done', day(1, 13), { service: 'ledger' }),
  ...change('l-running', day(1, 14), { service: 'ledger' }, true),
  changeEvent({
    eventId: 'l-running-p',
    changeId: 'l-running',
    service: 'ledger',
    phase: 'progressed',
    occurredAt: day(1, 14, 5),
  }),
  changeEvent({
    eventId: 'l-planned-p',
    changeId: 'l-planned',
    service: 'ledger',
    phase: 'planned',
    occurredAt: day(1, 15),
  }),
  ...change('l-hotfix-running', day(1, 16), { service: 'ledger', isHotfix: true }, true),
  ...change('l-staging-running', day(1, 17), { service: 'ledger', environment: 'staging' }, true),
  ...change('l-ancient-running', day(10, 8), { service: 'ledger' }, true),
];

/** Search: changes only 08:00–12:00Z (an allow window). */
const SEARCH_WINDOW = {
  name: 'Search change hours',
  reason: 'staffed hours',
  kind: 'allow',
  schedule: { type: 'recurring', cron: '0 8 * * *', duration: 'PT4H', timeZone: 'UTC' },
  scope: { services: ['search'] },
  exemptions: ['hotfix'],
};
const SEARCH = [
  ...change('s-inside', day(2, 9), { service: 'search' }),
  ...change('s-outside', day(2, 13), { service: 'search' }),
  ...change('s-end-edge', day(3, 12), { service: 'search' }),
  ...change('s-hotfix-outside', day(3, 7), { service: 'search', isHotfix: true }),
];

/** 510 changes of bulk-* inside a six-hour window three days ago: more than one preview lists. */
const BULK_WINDOW = {
  name: 'Bulk freeze',
  reason: 'migration',
  kind: 'deny',
  schedule: { type: 'once', start: day(3, 0), end: day(3, 6) },
  scope: { services: ['bulk-*'] },
};
const BULK = Array.from({ length: 510 }, (_, i) =>
  changeEvent({
    eventId: `bulk-${String(i).padStart(3, '0')}-s`,
    changeId: `bulk-${String(i).padStart(3, '0')}`,
    service: `bulk-${i % 3}`,
    occurredAt: new Date(Date.parse(day(3, 1)) + i * 1000).toISOString(),
  }),
);

type Caught = [string, PreviewedChange['decision'], PreviewedChange['occurrence']];
const caught = (items: readonly PreviewedChange[]): Caught[] =>
  items.map((i) => [i.changeId, i.decision, i.occurrence]);

describe('previewing a freeze window against recorded changes', () => {
  let env: Env;

  beforeAll(async () => {
    env = await startEnv();
    await publish(env.app, [...PAYMENTS, ...LEDGER, ...SEARCH]);
    await publish(env.app, BULK);
  });
  afterAll(async () => {
    await env.close();
  });

  const preview = (body: unknown, query = '', key: string = KEYS.admin): request.Test =>
    request(env.app.baseUrl)
      .post(`/v1/freeze-windows/preview${query}`)
      .set('authorization', `Bearer ${key}`)
      .send(body as object);

  const previewOk = async (body: unknown, query = ''): Promise<FreezeWindowPreview> => {
    const res = await preview(body, query);
    if (res.status !== 200) throw new Error(`preview: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as FreezeWindowPreview;
  };

  it('lists the changes a recurring deny window would have denied, with the occurrence that caught each', async () => {
    const result = await previewOk(PAYMENTS_FREEZE);
    const occurrence = (daysAgo: number) => ({ start: day(daysAgo, 9), end: day(daysAgo, 11) });
    expect(caught(result.past.items)).toEqual([
      ['p-in', 'deny', occurrence(2)],
      ['p-start-edge', 'deny', occurrence(3)],
      ['p-rollback', 'warn', occurrence(4)],
      ['p-override-wrong-role', 'deny', occurrence(5)],
      ['p-override-unjustified', 'deny', occurrence(5)],
      ['p-override', 'warn', occurrence(5)],
    ]);
    // In scope: the seven payments changes in production of the last 7 days (p-end-edge started at the
    // end instant, which is not frozen).
    expect(result.past).toMatchObject({ inScope: 7, deny: 4, warn: 2, truncated: false });
    expect(result.past.items[0]).toEqual({
      source: 'argo-cd',
      changeId: 'p-in',
      service: 'payments-api',
      environment: 'production',
      region: null,
      team: null,
      kind: 'deploy',
      phase: 'succeeded',
      plannedAt: null,
      startedAt: day(2, 9, 30),
      decision: 'deny',
      reason: expect.stringContaining('Payments evening freeze') as unknown,
      occurrence: occurrence(2),
    });
    expect(result.past.items.find((i) => i.changeId === 'p-override')?.reason).toContain(
      'break-glass override by ana as incident-commander',
    );
    // Every payments change has finished: nothing in flight, whatever the time of day now.
    expect(result.inFlight).toEqual({
      inScope: 0,
      deny: 0,
      warn: 0,
      truncated: false,
      examined: expect.any(Number) as unknown,
      partial: false,
      examinedFrom: null,
      items: [],
    });
    expect(result.range.days).toBe(7);
    expect(Date.parse(result.range.to) - Date.parse(result.range.from)).toBe(7 * DAY);
    expect(result.window).toMatchObject({ name: PAYMENTS_FREEZE.name, schedule: PAYMENTS_FREEZE.schedule });
  });

  it('lists the window occurrences that intersect the range', async () => {
    const result = await previewOk(PAYMENTS_FREEZE);
    const from = Date.parse(result.range.from);
    const to = Date.parse(result.range.to);
    const today = Math.floor(to / DAY) * DAY;
    const expected: { start: string; end: string }[] = [];
    for (let k = 8; k >= 0; k -= 1) {
      const start = today - k * DAY + 9 * HOUR;
      if (start + 2 * HOUR > from && start < to) {
        expected.push({
          start: new Date(start).toISOString(),
          end: new Date(start + 2 * HOUR).toISOString(),
        });
      }
    }
    expect(result.occurrences).toEqual({ items: expected, truncated: false });
  });

  it('looks back up to 366 days, examining every change of a small store', async () => {
    const year = await previewOk(PAYMENTS_FREEZE, '?days=366');
    expect(year.range.days).toBe(366);
    expect(Date.parse(year.range.to) - Date.parse(year.range.from)).toBe(366 * DAY);
    expect(year.past).toMatchObject({ partial: false, examinedFrom: null });
    expect(year.past.examined).toBeGreaterThanOrEqual(year.past.inScope);
  });

  it('looks back `days` days, from the query string or the body', async () => {
    const fromQuery = await previewOk(PAYMENTS_FREEZE, '?days=14');
    const fromBody = await previewOk({ ...PAYMENTS_FREEZE, days: 14 });
    for (const result of [fromQuery, fromBody]) {
      expect(result.range.days).toBe(14);
      expect(result.past).toMatchObject({ inScope: 8, deny: 5, warn: 2 });
      expect(result.past.items.map((i) => i.changeId).at(-1)).toBe('p-old');
    }
  });

  it('lists what a one-off "freeze now" would have denied and the unfinished changes it catches now', async () => {
    const result = await previewOk(LEDGER_FREEZE);
    const since = { start: day(1, 12), end: null };
    expect(caught(result.past.items)).toEqual([
      ['l-hotfix-running', 'warn', since],
      ['l-running', 'deny', since],
      ['l-done', 'deny', since],
    ]);
    expect(result.past).toMatchObject({ inScope: 4, deny: 2, warn: 1, truncated: false });
    // Unfinished production ledger changes of the look-back: planned, started or progressed. The one
    // started ten days ago and never finished is older than the look-back and left out.
    expect(caught(result.inFlight.items)).toEqual([
      ['l-hotfix-running', 'warn', since],
      ['l-planned', 'deny', since],
      ['l-running', 'deny', since],
    ]);
    expect(result.inFlight.items.map((i) => [i.changeId, i.phase, i.plannedAt, i.startedAt])).toEqual([
      ['l-hotfix-running', 'started', null, day(1, 16)],
      ['l-planned', 'planned', day(1, 15), null],
      ['l-running', 'progressed', null, day(1, 14)],
    ]);
    expect(result.inFlight).toMatchObject({ inScope: 3, deny: 2, warn: 1, truncated: false });
    expect(result.occurrences).toEqual({ items: [since], truncated: false });

    const longer = await previewOk(LEDGER_FREEZE, '?days=30');
    expect(longer.inFlight.items.map((i) => i.changeId)).toEqual([
      'l-hotfix-running',
      'l-planned',
      'l-running',
      'l-ancient-running',
    ]);
  });

  it('for an allow window lists the changes that started outside its occurrences', async () => {
    const result = await previewOk(SEARCH_WINDOW);
    expect(caught(result.past.items)).toEqual([
      ['s-outside', 'deny', null],
      ['s-end-edge', 'deny', null],
      ['s-hotfix-outside', 'warn', null],
    ]);
    expect(result.past).toMatchObject({ inScope: 4, deny: 2, warn: 1 });
    expect(result.past.items[0]?.reason).toContain('outside allowed window');
    expect(result.inFlight).toMatchObject({ inScope: 0, items: [] });
  });

  it('lists at most 500 changes, newest first, and counts them all', async () => {
    const result = await previewOk(BULK_WINDOW);
    expect(result.past).toMatchObject({ inScope: 510, deny: 510, warn: 0, truncated: true });
    expect(result.past.items).toHaveLength(500);
    expect(result.past.items.map((i) => i.changeId).slice(0, 2)).toEqual(['bulk-509', 'bulk-508']);
    expect(result.past.items.at(-1)?.changeId).toBe('bulk-010');
    // Still running, but the window ended three days ago: nothing is caught now.
    expect(result.inFlight).toEqual({
      inScope: 510,
      deny: 0,
      warn: 0,
      truncated: false,
      examined: expect.any(Number) as unknown,
      partial: false,
      examinedFrom: null,
      items: [],
    });
  });

  it('refuses bad definitions like a declaration, with 400 naming each field', async () => {
    const bad = await preview({
      ...PAYMENTS_FREEZE,
      schedule: { ...PAYMENTS_FREEZE.schedule, cron: '0 25 * * *', timeZone: 'Nowhere/Atlantis' },
      scope: { kinds: ['teleport'] },
      colour: 'red',
    }).expect(400);
    expect((bad.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual([
      '/colour',
      '/schedule/cron',
      '/schedule/timeZone',
      '/scope/kinds/0',
    ]);
    const once = await preview({
      ...LEDGER_FREEZE,
      schedule: { type: 'once', start: day(1, 12), end: day(1, 11) },
    }).expect(400);
    expect((once.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([
      '/schedule/end',
    ]);
    await preview([PAYMENTS_FREEZE]).expect(400);
  });

  it.each([
    ['?days=0', {}],
    ['?days=367', {}],
    ['?days=seven', {}],
    ['?days=7&days=8', {}],
    ['', { days: 0 }],
    ['', { days: 1.5 }],
    ['', { days: '7' }],
    ['?days=7', { days: 7 }],
  ])('refuses days out of range or given twice (%s %j) with 400 naming days', async (query, extra) => {
    const res = await preview({ ...PAYMENTS_FREEZE, ...extra }, query).expect(400);
    // One message, whether the query string's DTO or the body's days refused it.
    expect([(res.body as { message: string | string[] }).message].flat()).toEqual([
      expect.stringMatching(/^days must/),
    ]);
  });

  it('is for admins only', async () => {
    await preview(PAYMENTS_FREEZE, '', KEYS.reviewer).expect(403);
    await preview(PAYMENTS_FREEZE, '', KEYS.publisher).expect(403);
    await request(env.app.baseUrl).post('/v1/freeze-windows/preview').send(PAYMENTS_FREEZE).expect(401);
  });

  it('saves nothing', async () => {
    const stored = await env.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE stream_type = 'freeze-window'`,
    );
    expect(stored.rows[0]?.n).toBe(0);
    const rows = await env.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM freeze_windows`);
    expect(rows.rows[0]?.n).toBe(0);
    const list = await request(env.app.baseUrl)
      .get('/v1/freeze-windows?includeCancelled=true')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(200);
    expect(list.body).toEqual({ items: [] });
  });
});

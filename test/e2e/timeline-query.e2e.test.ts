import { KEYS } from '../support/app';
import {
  at,
  changeEvent,
  get,
  getChange,
  listPage,
  publish,
  startEnv,
  MINUTE,
  type ChangeEvent,
  type ChangeView,
  type Env,
} from './fixtures';

const HOUR = 60 * MINUTE;

/**
 * Seven changes chosen so that every filter selects a different, known subset. Newest first they are
 * q-6, q-5, q-4, q-3, q-2, then q-7 and q-1, which start at the same instant (tie: changeId DESC).
 */
const SEED: ChangeEvent[] = [
  // q-1: checkout, production, eu-west-1, deploy, argo-cd, alice; started then succeeded.
  ...(['started', 'succeeded'] as const).map((phase, i) =>
    changeEvent({
      eventId: `q-1-e${i}`,
      changeId: 'q-1',
      phase,
      occurredAt: at(HOUR + i * 10 * MINUTE),
      service: 'checkout',
      region: 'eu-west-1',
      kind: 'deploy',
      source: 'argo-cd',
      actor: { type: 'human', id: 'alice@example.com' },
    }),
  ),
  changeEvent({
    eventId: 'q-2-e0',
    changeId: 'q-2',
    occurredAt: at(2 * HOUR),
    service: 'cart',
    region: 'us-east-1',
    kind: 'config',
    source: 'ones',
    actor: { type: 'human', id: 'bob@example.com' },
  }),
  changeEvent({
    eventId: 'q-3-e0',
    changeId: 'q-3',
    phase: 'planned',
    occurredAt: at(3 * HOUR),
    service: 'checkout',
    environment: 'staging',
    region: 'eu-west-1',
    kind: 'scaling',
    source: 'argo-cd',
    actor: { type: 'automation', id: 'karpenter' },
  }),
  ...(['started', 'failed'] as const).map((phase, i) =>
    changeEvent({
      eventId: `q-4-e${i}`,
      changeId: 'q-4',
      phase,
      occurredAt: at(4 * HOUR + i * MINUTE),
      service: 'search',
      region: 'ap-southeast-2',
      kind: 'feature_flag',
      source: 'ones',
      actor: { type: 'human', id: 'alice@example.com' },
    }),
  ),
  // q-5: no service; planned long before it started: the timeline places it at its start.
  ...(
    [
      ['planned', -10 * HOUR],
      ['started', 5 * HOUR],
    ] as const
  ).map(([phase, offset], i) => {
    const event = changeEvent({
      eventId: `q-5-e${i}`,
      changeId: 'q-5',
      phase,
      occurredAt: at(offset),
      kind: 'infra',
      source: 'argo-cd',
    });
    delete event.service;
    return event;
  }),
  ...(['started', 'rolled_back'] as const).map((phase, i) =>
    changeEvent({
      eventId: `q-6-e${i}`,
      changeId: 'q-6',
      phase,
      occurredAt: at(6 * HOUR + i * MINUTE),
      service: 'payments',
      region: 'eu-west-1',
      kind: 'deploy',
      source: 'argo-cd',
      actor: { type: 'human', id: 'carol@example.com' },
      isRollback: i === 1,
    }),
  ),
  changeEvent({
    eventId: 'q-7-e0',
    changeId: 'q-7',
    occurredAt: at(HOUR),
    service: 'checkout',
    region: 'eu-west-1',
    kind: 'deploy',
    source: 'ones',
    actor: { type: 'human', id: 'bob@example.com' },
  }),
];

const ALL = ['q-6', 'q-5', 'q-4', 'q-3', 'q-2', 'q-7', 'q-1'];
const ids = (items: readonly ChangeView[]): string[] => items.map((c) => c.changeId);

describe('GET /v1/changes and /v1/changes/:changeId', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
    // Out of order and over several requests: q-1 succeeds before it starts, q-5 starts before it is planned.
    const reversed = [...SEED].reverse();
    await publish(env.app, reversed.slice(0, 4));
    await publish(env.app, reversed.slice(4, 7));
    await publish(env.app, reversed.slice(7));
  });
  afterAll(async () => {
    await env.close();
  });

  it('lists every change newest first (ties by changeId, descending) with a null cursor at the end', async () => {
    const page = await listPage(env.app, '');
    expect(ids(page.items)).toEqual(ALL);
    expect(page.nextCursor).toBeNull();
    const times = page.items.map((c) => Date.parse(c.timelineAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('returns the projected view of a change', async () => {
    const page = await listPage(env.app, 'service=checkout&source=argo-cd&environment=production');
    expect(page.items).toEqual([
      {
        changeId: 'q-1',
        source: 'argo-cd',
        kind: 'deploy',
        phase: 'succeeded',
        service: 'checkout',
        environment: 'production',
        region: 'eu-west-1',
        cluster: null,
        team: null,
        actor: { type: 'human', id: 'alice@example.com' },
        summary: null,
        version: null,
        rollout: null,
        override: null,
        isRollback: false,
        isHotfix: false,
        plannedAt: null,
        startedAt: at(HOUR),
        finishedAt: at(HOUR + 10 * MINUTE),
        timelineAt: at(HOUR),
        lastEventAt: at(HOUR + 10 * MINUTE),
        eventCount: 2,
      },
    ]);
  });

  it.each([
    ['service=checkout', ['q-3', 'q-7', 'q-1']],
    ['service=checkout&service=cart', ['q-3', 'q-2', 'q-7', 'q-1']],
    ['service=checkout&service=no-such-service', ['q-3', 'q-7', 'q-1']],
    ['service=no-such-service', []],
    ['environment=staging', ['q-3']],
    ['environment=production', ['q-6', 'q-5', 'q-4', 'q-2', 'q-7', 'q-1']],
    ['region=eu-west-1', ['q-6', 'q-3', 'q-7', 'q-1']],
    ['region=ap-southeast-2', ['q-4']],
    ['kind=deploy', ['q-6', 'q-7', 'q-1']],
    ['kind=infra', ['q-5']],
    ['phase=started', ['q-5', 'q-2', 'q-7']],
    ['phase=planned', ['q-3']],
    ['phase=succeeded', ['q-1']],
    ['phase=failed', ['q-4']],
    ['phase=rolled_back', ['q-6']],
    ['phase=cancelled', []],
    ['actor=alice%40example.com', ['q-4', 'q-1']],
    ['actor=karpenter', ['q-3']],
    ['source=ones', ['q-4', 'q-2', 'q-7']],
    ['source=argo-cd', ['q-6', 'q-5', 'q-3', 'q-1']],
    ['service=checkout&environment=production&source=ones', ['q-7']],
    ['region=eu-west-1&phase=started', ['q-7']],
  ])('filters %s', async (query, expected) => {
    const page = await listPage(env.app, query);
    expect(ids(page.items)).toEqual(expected);
    expect(page.nextCursor).toBeNull();
  });

  describe('from/to on timelineAt (startedAt, or plannedAt for a change not yet started)', () => {
    const iso = (offset: number): string => encodeURIComponent(at(offset));

    it('includes from and excludes to', async () => {
      const page = await listPage(env.app, `from=${iso(2 * HOUR)}&to=${iso(5 * HOUR)}`);
      expect(ids(page.items)).toEqual(['q-4', 'q-3', 'q-2']);
    });

    it('works with only one bound', async () => {
      expect(ids((await listPage(env.app, `from=${iso(5 * HOUR)}`)).items)).toEqual(['q-6', 'q-5']);
      expect(ids((await listPage(env.app, `to=${iso(HOUR + 1)}`)).items)).toEqual(['q-7', 'q-1']);
      expect(ids((await listPage(env.app, `to=${iso(HOUR)}`)).items)).toEqual([]);
    });

    it('places a planned-then-started change at its start, a planned-only one at its plan', async () => {
      const aroundPlan = await listPage(env.app, `from=${iso(-11 * HOUR)}&to=${iso(-9 * HOUR)}`);
      expect(ids(aroundPlan.items)).toEqual([]);
      const q5 = (await getChange(env.app, 'q-5')).change;
      expect(q5).toMatchObject({
        plannedAt: at(-10 * HOUR),
        startedAt: at(5 * HOUR),
        timelineAt: at(5 * HOUR),
      });
      const q3 = (await getChange(env.app, 'q-3')).change;
      expect(q3).toMatchObject({ plannedAt: at(3 * HOUR), startedAt: null, timelineAt: at(3 * HOUR) });
    });

    it('reads instants with any UTC offset as the same instant', async () => {
      // 2026-11-03T16:00+02:00 is T0 + 2h UTC.
      const page = await listPage(env.app, `from=${encodeURIComponent('2026-11-03T16:00:00+02:00')}`);
      expect(ids(page.items)).toEqual(['q-6', 'q-5', 'q-4', 'q-3', 'q-2']);
    });
  });

  describe('bad parameters are a 400 that names the parameter', () => {
    it.each([
      ['limit=501', /limit/],
      ['limit=0', /limit/],
      ['limit=-1', /limit/],
      ['limit=ten', /limit/],
      ['limit=2.5', /limit/],
      ['kind=reboot', /kind must be one of/],
      ['phase=done', /phase must be one of/],
      ['from=yesterday', /from must be an ISO 8601/],
      ['to=2026-13-01T00:00:00Z', /to must be an ISO 8601/],
      [`from=${encodeURIComponent(at(HOUR))}&to=${encodeURIComponent(at(HOUR))}`, /from must be before to/],
      [
        `from=${encodeURIComponent(at(2 * HOUR))}&to=${encodeURIComponent(at(HOUR))}`,
        /from must be before to/,
      ],
      ['cursor=not-a-cursor', /cursor/],
      [`cursor=${Buffer.from('{"a":1}').toString('base64url')}`, /cursor/],
      [`cursor=${Buffer.from(JSON.stringify(['not a date', 'q-1'])).toString('base64url')}`, /cursor/],
      [`cursor=${Buffer.from(JSON.stringify([at(0), 42])).toString('base64url')}`, /cursor/],
      // Date.parse reads "0" as an instant in 2000; PostgreSQL cannot: still a 400, never a 500.
      [`cursor=${Buffer.from(JSON.stringify(['0', 'q-1'])).toString('base64url')}`, /cursor/],
      ['colour=red', /colour/],
    ])('%s', async (query, message) => {
      const res = await get(env.app, `/v1/changes?${query}`).expect(400);
      expect(JSON.stringify(res.body)).toMatch(message);
    });

    it('accepts the largest limit, 500', async () => {
      expect(ids((await listPage(env.app, 'limit=500')).items)).toEqual(ALL);
    });
  });

  describe('GET /v1/changes/:changeId', () => {
    it('returns the state and the full history in occurredAt order, whatever the arrival order', async () => {
      const detail = await getChange(env.app, 'q-1');
      expect(detail.change).toMatchObject({ changeId: 'q-1', phase: 'succeeded', eventCount: 2 });
      expect(detail.events.map((e) => e.event)).toEqual(SEED.filter((e) => e.changeId === 'q-1'));
      // The succeeded event arrived first: it holds the lower position and stream version 1.
      expect(detail.events.map((e) => e.streamVersion)).toEqual([2, 1]);
      const [started, succeeded] = detail.events.map((e) => BigInt(e.position));
      expect(started !== undefined && succeeded !== undefined && started > succeeded).toBe(true);
      for (const entry of detail.events) {
        expect(Number.isNaN(Date.parse(entry.recordedAt))).toBe(false);
        expect(entry.metadata).toMatchObject({ receivedVia: 'http', publishedBy: 'argo' });
      }
    });

    it('orders by occurredAt across producers that report different UTC offsets', async () => {
      const changeId = 'tz/change@1';
      await publish(env.app, [
        changeEvent({
          eventId: 'tz-e2',
          changeId,
          phase: 'succeeded',
          occurredAt: '2026-11-03T13:30:00+01:00',
        }),
        changeEvent({
          eventId: 'tz-e1',
          changeId,
          phase: 'started',
          occurredAt: '2026-11-03T07:15:00-05:00',
        }),
      ]);
      const detail = await getChange(env.app, changeId);
      expect(detail.events.map((e) => e.event['eventId'])).toEqual(['tz-e1', 'tz-e2']);
      expect(detail.change).toMatchObject({
        changeId,
        startedAt: '2026-11-03T12:15:00.000Z',
        finishedAt: '2026-11-03T12:30:00.000Z',
      });
    });

    it('answers 404 naming an unknown change', async () => {
      const res = await get(env.app, '/v1/changes/no-such-change').expect(404);
      expect(JSON.stringify(res.body)).toMatch(/no-such-change/);
    });

    it('answers 401 without a key and lets an admin read', async () => {
      await get(env.app, '/v1/changes/q-1', '').expect(401);
      await get(env.app, '/v1/changes/q-1', KEYS.admin).expect(200);
    });
  });
});

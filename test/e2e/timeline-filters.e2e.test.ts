// The console's timeline filters on GET /v1/changes: team, free text, a service with its dependencies
// and callers, and changes active in a range (not only started in it), each paging by keyset cursor.
import request from 'supertest';
import { KEYS } from '../support/app';
import {
  MINUTE,
  at,
  changeEvent,
  get,
  listAll,
  listPage,
  publish,
  startEnv,
  type ChangeEvent,
  type Env,
} from './fixtures';

interface Spec {
  readonly id: string;
  readonly service: string;
  readonly team: string;
  readonly summary: string;
  /** Minutes from T0; undefined: never started (planned only). */
  readonly start?: number;
  readonly finish?: number;
}

const SPECS: readonly Spec[] = [
  {
    id: 'early',
    service: 'checkout',
    team: 'payments',
    summary: 'Sync checkout to v2 (5% CANARY)',
    start: -120,
    finish: -90,
  },
  {
    id: 'spanning',
    service: 'payments-api',
    team: 'payments',
    summary: 'Rotate TLS certificates',
    start: -60,
    finish: 30,
  },
  { id: 'running', service: 'web-frontend', team: 'web', summary: 'Long migration 100%_done', start: -300 },
  { id: 'inside', service: 'payments-db', team: 'data', summary: 'VACUUM payments', start: 5, finish: 10 },
  {
    id: 'late',
    service: 'checkout',
    team: 'payments',
    summary: 'Sync checkout to v3',
    start: 60,
    finish: 70,
  },
  { id: 'planned', service: 'checkout', team: 'payments', summary: 'Planned checkout resize' },
  { id: 'unrelated', service: 'search', team: 'search', summary: 'Reindex 1000 done', start: 0 },
];

function eventsOf(spec: Spec): ChangeEvent[] {
  const base = { changeId: `tf-${spec.id}`, service: spec.service, team: spec.team, summary: spec.summary };
  if (spec.start === undefined) {
    return [changeEvent({ ...base, eventId: `tf-${spec.id}-p`, phase: 'planned', occurredAt: at(0) })];
  }
  const events = [
    changeEvent({
      ...base,
      eventId: `tf-${spec.id}-s`,
      phase: 'started',
      occurredAt: at(spec.start * MINUTE),
    }),
  ];
  if (spec.finish !== undefined) {
    events.push(
      changeEvent({
        ...base,
        eventId: `tf-${spec.id}-f`,
        phase: 'succeeded',
        occurredAt: at(spec.finish * MINUTE),
      }),
    );
  }
  return events;
}

const ids = (items: readonly { changeId: string }[]): string[] =>
  items.map((c) => c.changeId.replace(/^tf-/, '')).sort();

describe('timeline filters for the console', () => {
  let env: Env;

  beforeAll(async () => {
    env = await startEnv();
    await publish(env.app, SPECS.flatMap(eventsOf));
    await request(env.app.baseUrl)
      .put('/v1/topology')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        edges: [
          { caller: 'web-frontend', dependency: 'checkout' },
          { caller: 'checkout', dependency: 'payments-api' },
          { caller: 'payments-api', dependency: 'payments-db' },
        ],
      })
      .expect(200);
  });
  afterAll(async () => {
    await env.close();
  });

  const ACTIVE = `activeFrom=${encodeURIComponent(at(-30 * MINUTE))}&activeTo=${encodeURIComponent(at(30 * MINUTE))}`;

  it('activeFrom/activeTo: changes active in the range, including those started before it or still running', async () => {
    expect(ids((await listPage(env.app, ACTIVE)).items)).toEqual([
      'inside',
      'running',
      'spanning',
      'unrelated',
    ]);
    // Started in the range (from/to) is the narrower question.
    const started = `from=${encodeURIComponent(at(-30 * MINUTE))}&to=${encodeURIComponent(at(30 * MINUTE))}`;
    expect(ids((await listPage(env.app, started)).items)).toEqual(['inside', 'planned', 'unrelated']);
    // A change that finished exactly at activeFrom was still active then; one starting at activeTo is not.
    const edge = `activeFrom=${encodeURIComponent(at(-90 * MINUTE))}&activeTo=${encodeURIComponent(at(-60 * MINUTE))}`;
    expect(ids((await listPage(env.app, edge)).items)).toEqual(['early', 'running']);
    // One bound alone.
    const after = `activeFrom=${encodeURIComponent(at(40 * MINUTE))}`;
    expect(ids((await listPage(env.app, after)).items)).toEqual(['late', 'running', 'unrelated']);
  });

  it('team (repeatable) and q (case-insensitive substring, % and _ taken literally)', async () => {
    expect(ids((await listPage(env.app, 'team=payments')).items)).toEqual([
      'early',
      'late',
      'planned',
      'spanning',
    ]);
    expect(ids((await listPage(env.app, 'team=web&team=data')).items)).toEqual(['inside', 'running']);
    expect(ids((await listPage(env.app, 'q=canary')).items)).toEqual(['early']);
    expect(ids((await listPage(env.app, 'q=SYNC%20CHECKOUT')).items)).toEqual(['early', 'late']);
    expect(ids((await listPage(env.app, `q=${encodeURIComponent('100%_done')}`)).items)).toEqual(['running']);
    expect(ids((await listPage(env.app, 'q=payments&team=data')).items)).toEqual(['inside']);
  });

  it('neighbours=true adds the direct dependencies and callers of the service from the topology', async () => {
    expect(ids((await listPage(env.app, 'service=checkout')).items)).toEqual(['early', 'late', 'planned']);
    expect(ids((await listPage(env.app, 'service=checkout&neighbours=true')).items)).toEqual([
      'early',
      'late',
      'planned',
      'running',
      'spanning',
    ]);
    expect(ids((await listPage(env.app, `service=payments-db&neighbours=true&${ACTIVE}`)).items)).toEqual([
      'inside',
      'spanning',
    ]);
    expect(ids((await listPage(env.app, 'service=checkout&neighbours=false')).items)).toEqual([
      'early',
      'late',
      'planned',
    ]);
  });

  it('pages every filter by keyset cursor, one change a page, to the same set', async () => {
    for (const query of [
      ACTIVE,
      'team=payments',
      'q=e',
      'service=checkout&neighbours=true',
      `team=payments&${ACTIVE}`,
    ]) {
      const whole = ids((await listPage(env.app, `${query}&limit=500`)).items);
      const paged = await listAll(env.app, query, 1);
      expect({ query, ids: ids(paged) }).toEqual({ query, ids: whole });
      expect(new Set(paged.map((c) => c.changeId)).size).toBe(paged.length);
    }
  });

  it('refuses bad values with a 400 naming the parameter', async () => {
    const cases: [string, RegExp][] = [
      ['q=%20%20', /q must not be blank/],
      [`q=${'x'.repeat(201)}`, /q must be shorter than or equal to 200 characters/],
      ['neighbours=true', /neighbours=true needs service/],
      ['service=checkout&neighbours=yes', /neighbours must be true or false/],
      [
        `activeFrom=${encodeURIComponent(at(0))}&activeTo=${encodeURIComponent(at(0))}`,
        /activeFrom must be before activeTo/,
      ],
      ['activeTo=yesterday', /activeTo must be/],
    ];
    for (const [query, message] of cases) {
      const res = await get(env.app, `/v1/changes?${query}`);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(res.body)).toMatch(message);
    }
  });
});

import request from 'supertest';
import { KEYS } from '../support/app';
import { startEnv, type Env } from './fixtures';

/**
 * GET /v1/freeze-windows filtered by scope values: a window is listed when its scope would match a
 * change with the attributes asked about. A dimension the window leaves empty matches every value, one the
 * query leaves out does not narrow the list.
 */
const once = (start: string, end: string) => ({ type: 'once', start, end });
const NOVEMBER = once('2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
const DECEMBER = once('2026-12-01T00:00:00Z', '2027-01-01T00:00:00Z');

const WINDOWS = {
  payments: { scope: { services: ['payments-*'], environments: ['prod'] }, schedule: NOVEMBER },
  everything: { scope: {}, schedule: DECEMBER },
  coreDeploys: { scope: { teams: ['core'], kinds: ['deploy', 'config'] }, schedule: DECEMBER },
  europeTier1: { scope: { regions: ['eu-*'], tiers: ['tier-1'] }, schedule: DECEMBER },
  checkout: { scope: { services: ['checkout', 'cart'] }, schedule: NOVEMBER },
  cancelledPayments: { scope: { services: ['payments-api'] }, schedule: NOVEMBER },
} as const;
type Name = keyof typeof WINDOWS;

describe('listing freeze windows by scope values', () => {
  let env: Env;
  const ids = new Map<string, Name>();

  beforeAll(async () => {
    env = await startEnv();
    for (const [name, { scope, schedule }] of Object.entries(WINDOWS)) {
      const res = await request(env.app.baseUrl)
        .post('/v1/freeze-windows')
        .set('authorization', `Bearer ${KEYS.admin}`)
        .send({ name, reason: 'test', kind: 'deny', schedule, scope })
        .expect(201);
      ids.set((res.body as { id: string }).id, name as Name);
    }
    const cancelled = [...ids].find(([, name]) => name === 'cancelledPayments')?.[0] ?? '';
    await request(env.app.baseUrl)
      .delete(`/v1/freeze-windows/${cancelled}?reason=obsolete`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
  });
  afterAll(async () => {
    await env.close();
  });

  const list = (query: string, key: string = KEYS.reviewer): request.Test =>
    request(env.app.baseUrl).get(`/v1/freeze-windows?${query}`).set('authorization', `Bearer ${key}`);

  const names = async (query: string, key?: string): Promise<Name[]> => {
    const res = await list(query, key);
    if (res.status !== 200) throw new Error(`GET ?${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return (res.body as { items: { id: string }[] }).items
      .map((w) => ids.get(w.id) ?? ('unknown' as Name))
      .sort();
  };

  it.each<[string, Name[]]>([
    ['', ['checkout', 'coreDeploys', 'europeTier1', 'everything', 'payments']],
    ['service=payments-api', ['coreDeploys', 'europeTier1', 'everything', 'payments']],
    ['service=payments-api&environment=staging', ['coreDeploys', 'europeTier1', 'everything']],
    ['service=cart', ['checkout', 'coreDeploys', 'europeTier1', 'everything']],
    ['service=payments', ['coreDeploys', 'europeTier1', 'everything']],
    ['kind=scaling', ['checkout', 'europeTier1', 'everything', 'payments']],
    ['kind=config&team=core', ['checkout', 'coreDeploys', 'europeTier1', 'everything', 'payments']],
    ['team=platform', ['checkout', 'europeTier1', 'everything', 'payments']],
    ['region=eu-west-1', ['checkout', 'coreDeploys', 'europeTier1', 'everything', 'payments']],
    ['region=us-east-1', ['checkout', 'coreDeploys', 'everything', 'payments']],
    ['tier=tier-2', ['checkout', 'coreDeploys', 'everything', 'payments']],
    [
      'service=payments-web&environment=prod&region=eu-central-1&kind=deploy&team=core&tier=tier-1',
      ['coreDeploys', 'europeTier1', 'everything', 'payments'],
    ],
  ])('?%s lists the windows whose scope would match', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('combines with activeAt and includeCancelled', async () => {
    expect(await names('activeAt=2026-11-15T00:00:00Z&service=payments-api')).toEqual(['payments']);
    expect(await names('activeAt=2026-12-15T00:00:00Z&service=payments-api')).toEqual([
      'coreDeploys',
      'europeTier1',
      'everything',
    ]);
    expect(await names('includeCancelled=true&service=payments-api')).toEqual([
      'cancelledPayments',
      'coreDeploys',
      'europeTier1',
      'everything',
      'payments',
    ]);
    expect(await names('includeCancelled=true&service=checkout')).toEqual([
      'checkout',
      'coreDeploys',
      'europeTier1',
      'everything',
    ]);
  });

  it.each([
    ['kind=teleport', /^kind must be one of deploy, /],
    ['service=', /^service should not be empty/],
    ['service=a&service=b', /^service must be a string/],
    [`region=${'r'.repeat(65)}`, /^region must be shorter than or equal to 64 characters/],
    ['includeCancelled=yes', /^includeCancelled must be true or false/],
    ['activeAt=yesterday', /^activeAt must be an ISO 8601 date-time/],
    ['colour=red', /^property colour should not exist/],
  ])('refuses ?%s with 400 naming the parameter', async (query, message) => {
    const res = await list(query).expect(400);
    const body = res.body as { message: string | string[] };
    const messages = Array.isArray(body.message) ? body.message : [body.message];
    expect(messages).toContainEqual(expect.stringMatching(message));
    const parameter = query.slice(0, query.indexOf('='));
    for (const text of messages) expect(text).toContain(parameter);
  });

  it('lets reviewers and publishers read, not anonymous callers', async () => {
    expect(await names('service=checkout', KEYS.publisher)).toEqual([
      'checkout',
      'coreDeploys',
      'europeTier1',
      'everything',
    ]);
    await request(env.app.baseUrl).get('/v1/freeze-windows?service=checkout').expect(401);
  });
});

// The concrete inputs that used to answer 500, each now a 4xx naming the parameter or the problem.
// (The battery in bad-input-battery.e2e.test.ts covers these and many more; these name each one.)
import request from 'supertest';
import { KEYS } from '../support/app';
import { startEnv, type Env } from './fixtures';

const cursor = (at: string, id = 'c'): string => Buffer.from(JSON.stringify([at, id])).toString('base64url');
const deepArray = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('inputs that used to answer 500', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  const get = (path: string) =>
    request(env.app.baseUrl).get(path).set('authorization', `Bearer ${KEYS.admin}`);
  const message = (body: unknown): string => {
    const m = (body as { message?: unknown }).message;
    return Array.isArray(m) ? m.join('; ') : String(m);
  };

  it.each([
    ['/v1/changes?service=a%00b', /query parameter "service" contains a control character \(U\+0000\)/],
    ['/v1/changes?actor=%00', /query parameter "actor" contains a control character/],
    ['/v1/freeze/violations?environment=a%00', /query parameter "environment" contains a control character/],
    ['/v1/changes/a%00b', /path parameter "changeId" contains a control character \(U\+0000\)/],
    ['/v1/alerts/a%00b', /path parameter "id" contains a control character/],
    ['/v1/incidents/a%00b', /path parameter "id" contains a control character/],
    ['/v1/alerts/a%00b/suspects', /path parameter "id" contains a control character/],
  ])('NUL: GET %s is a 400 naming the parameter', async (path, expected) => {
    const res = await get(path).expect(400);
    expect(message(res.body)).toMatch(expected);
  });

  it.each([
    ['/v1/changes', '0000-01-01T00:00:00.000Z'],
    ['/v1/changes', '+275760-09-13T00:00:00.000Z'],
    ['/v1/freeze/violations', '0000-01-01T00:00:00.000Z'],
    ['/v1/freeze/violations', '+275760-09-13T00:00:00.000Z'],
  ])(
    'a keyset cursor at an instant PostgreSQL cannot store: GET %s with %s is a 400 naming cursor',
    async (path, at) => {
      const res = await get(`${path}?cursor=${cursor(at)}`).expect(400);
      expect(message(res.body)).toMatch(/^cursor is not valid/);
    },
  );

  it('a keyset cursor whose id holds a NUL is a 400 naming cursor', async () => {
    const res = await get(`/v1/changes?cursor=${cursor('2026-11-03T12:00:00.000Z', 'a\u0000b')}`).expect(400);
    expect(message(res.body)).toMatch(/^cursor is not valid/);
  });

  it.each(['0000-01-01T00:00:00Z', '%2B275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', 'yesterday'])(
    'GET /v1/topology?at=%s is a 400 naming at',
    async (at) => {
      const res = await get(`/v1/topology?at=${at}`).expect(400);
      expect(message(res.body)).toMatch(/^at must be an ISO 8601 date-time with Z or an offset/);
    },
  );

  it('GET /v1/topology?at= an instant in range still answers', async () => {
    await get('/v1/topology?at=2026-11-03T12:00:00Z').expect(200);
  });

  it.each([
    ['post', '/v1/change-events', KEYS.publisher],
    ['post', '/v1/alerts', KEYS.alerting],
    ['post', '/v1/alerts/alertmanager', KEYS.alerting],
    ['put', '/v1/topology', KEYS.admin],
    ['post', '/v1/freeze-windows', KEYS.admin],
    ['post', '/v1/freeze/evaluate', KEYS.publisher],
  ] as const)('%s %s with no body is a 400 "a JSON body is required"', async (method, path, key) => {
    const noContentType = await request(env.app.baseUrl)[method](path).set('authorization', `Bearer ${key}`);
    expect(noContentType.status).toBe(400);
    expect(message(noContentType.body)).toMatch(/^a JSON body is required/);
    const client = request(env.app.baseUrl);
    const emptyJson = await client[method](path)
      .set('authorization', `Bearer ${key}`)
      .set('content-type', 'application/json')
      .send('');
    expect(emptyJson.status).toBe(400);
    expect(message(emptyJson.body)).toMatch(/^a JSON body is required/);
  });

  it('a body without a content-type is a 415 that says so', async () => {
    const res = await request(env.app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send(Buffer.from('{}'));
    expect(res.status).toBe(415);
    expect(message(res.body)).toBe('the body has no content-type: send application/json');
  });

  it.each([
    ['post', '/v1/change-events', KEYS.publisher, deepArray(10_000)],
    ['post', '/v1/alerts', KEYS.alerting, deepArray(10_000)],
    ['put', '/v1/topology', KEYS.admin, `{"edges":${deepArray(10_000)}}`],
    ['post', '/v1/freeze-windows/preview', KEYS.admin, `{"name":${deepArray(10_000)}}`],
  ] as const)(
    '%s %s with JSON nested 10,000 deep is a 400 naming the limit',
    async (method, path, key, body) => {
      const client = request(env.app.baseUrl);
      const res = await client[method](path)
        .set('authorization', `Bearer ${key}`)
        .set('content-type', 'application/json')
        .send(body);
      expect(res.status).toBe(400);
      expect(message(res.body)).toMatch(/more than 64 levels deep/);
    },
  );

  it('a freeze-window merge patch nested 10,000 deep is a 400 naming the limit, and the window is unchanged', async () => {
    const declared = await request(env.app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        name: 'deep patch target',
        reason: 'a window to patch',
        kind: 'deny',
        schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT2H', timeZone: 'Europe/Berlin' },
        scope: { services: ['deep-*'] },
      })
      .expect(201);
    const id = (declared.body as { id: string }).id;
    const deepObject = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    const res = await request(env.app.baseUrl)
      .patch(`/v1/freeze-windows/${id}`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .set('content-type', 'application/json')
      .send(`{"changeReason":"deep","scope":${deepObject}}`);
    expect(res.status).toBe(400);
    expect(message(res.body)).toMatch(/more than 64 levels deep/);
    const after = await get(`/v1/freeze-windows/${id}`).expect(200);
    expect((after.body as { history: unknown[] }).history).toHaveLength(1);
  });

  it('JSON nested 64 deep is still parsed (and judged by its contract)', async () => {
    const res = await request(env.app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'application/json')
      .send(deepArray(64));
    expect(res.status).toBe(400);
    expect(message(res.body)).not.toMatch(/levels deep/);
  });
});

// Every error answer of the API is RFC 9457 problem details, whichever layer refused the request: the
// guard, the router, the body parser, the validation pipe, a contract, a controller or the domain.
import request from 'supertest';
import { KEYS } from '../support/app';
import { changeEvent, startEnv, type Env } from './fixtures';

interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors: { field: string; message: string }[];
  statusCode: number;
  message: string | string[];
}

const FREEZE = {
  name: 'Problem freeze',
  reason: 'testing conflicts',
  kind: 'deny',
  schedule: { type: 'once', start: '2026-11-27T18:00:00Z', end: '2026-11-28T18:00:00Z' },
  scope: { services: ['ledger'] },
};

describe('problem details (e2e)', () => {
  let env: Env;

  beforeAll(async () => {
    env = await startEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  const api = (): ReturnType<typeof request> => request(env.app.baseUrl);

  /** The answer is a problem document of `status` for `path`, with the members clients read. */
  function expectProblem(res: request.Response, status: number, code: string, path: string): ProblemBody {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.text) as ProblemBody;
    expect(body).toMatchObject({
      type: `https://change-audit.dev/problems/${code}`,
      title: expect.any(String) as string,
      status,
      statusCode: status,
      instance: path,
      errors: expect.any(Array) as unknown[],
    });
    expect(body.detail).not.toBe('');
    expect(body.message).toBeDefined();
    return body;
  }

  it('401: no API key', async () => {
    const res = await api().get('/v1/changes');
    expect(expectProblem(res, 401, 'unauthorized', '/v1/changes').message).toMatch(/missing API key/);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('403: a role the key lacks', async () => {
    const res = await api()
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .send(changeEvent({ eventId: 'evt-p-403', changeId: 'chg-p-403' }));
    expect(expectProblem(res, 403, 'forbidden', '/v1/change-events').detail).toMatch(/roles/);
  });

  it('404: an unknown route, with the query left out of instance', async () => {
    const res = await api().get('/v1/nowhere?x=1').set('authorization', `Bearer ${KEYS.admin}`);
    expect(expectProblem(res, 404, 'not_found', '/v1/nowhere').message).toBe('Cannot GET /v1/nowhere?x=1');
  });

  it('404: an unknown id', async () => {
    const res = await api().get('/v1/changes/chg-none').set('authorization', `Bearer ${KEYS.reviewer}`);
    expect(expectProblem(res, 404, 'not_found', '/v1/changes/chg-none').detail).toMatch(/chg-none/);
  });

  it('400: the validation pipe names each parameter', async () => {
    const res = await api().get('/v1/changes?limit=lots').set('authorization', `Bearer ${KEYS.reviewer}`);
    const body = expectProblem(res, 400, 'invalid_input', '/v1/changes');
    expect(body.errors).toContainEqual({ field: 'limit', message: 'limit must be an integer' });
    expect(body.message).toContain('limit must be an integer');
  });

  it('400: a parameter a controller or pipe refuses is named in errors', async () => {
    const range = await api()
      .get('/v1/changes?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z')
      .set('authorization', `Bearer ${KEYS.reviewer}`);
    expect(expectProblem(range, 400, 'invalid_input', '/v1/changes').errors).toEqual([
      { field: 'from', message: 'from must be before to' },
    ]);
    const control = await api().get('/v1/changes/a%00b').set('authorization', `Bearer ${KEYS.reviewer}`);
    const body = expectProblem(control, 400, 'invalid_input', '/v1/changes/a%00b');
    expect(body.errors.map((e) => e.field)).toEqual(['changeId']);
    expect(body.message).toMatch(/^path parameter "changeId" contains a control character/);
  });

  it('400: a batch no event of which meets the contract, with a pointer per field and the legacy members', async () => {
    const res = await api()
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .send([
        { eventId: 'evt-p-1' },
        changeEvent({ eventId: 'evt-p-2', changeId: 'chg-p', kind: 'nope' as 'deploy' }),
      ]);
    const body = expectProblem(res, 400, 'invalid_input', '/v1/change-events') as ProblemBody & {
      accepted: unknown[];
      rejected: { index: number }[];
    };
    expect(body.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['/1/kind']));
    expect(body.errors.every((e) => /^\/[01](\/|$)/.test(e.field))).toBe(true);
    expect(body.accepted).toEqual([]);
    expect(body.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect((body.message as string[]).some((m) => m.startsWith('[1] '))).toBe(true);
  });

  it('400: JSON that does not parse (refused by the body parser, before any route)', async () => {
    const res = await api()
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'application/json')
      .send('{"eventId": ');
    expect(expectProblem(res, 400, 'invalid_input', '/v1/change-events').detail).toMatch(/not valid JSON/);
  });

  it('409: a command that conflicts with the state (cancelling twice)', async () => {
    const declared = await api()
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(FREEZE)
      .expect(201);
    const id = (declared.body as { id: string }).id;
    await api()
      .delete(`/v1/freeze-windows/${id}?reason=moved`)
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    const res = await api()
      .delete(`/v1/freeze-windows/${id}?reason=again`)
      .set('authorization', `Bearer ${KEYS.admin}`);
    expect(expectProblem(res, 409, 'conflict', `/v1/freeze-windows/${id}`).detail).toMatch(
      /already cancelled/,
    );
  });

  it('400: a freeze window the domain refuses names its fields', async () => {
    const res = await api()
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({ ...FREEZE, kind: 'maybe' });
    const body = expectProblem(res, 400, 'invalid_input', '/v1/freeze-windows');
    expect(body.errors.map((e) => e.field)).toContain('/kind');
  });

  it('415: a body of another media type', async () => {
    const res = await api()
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'text/plain')
      .send('deploy now');
    expect(expectProblem(res, 415, 'unsupported_media_type', '/v1/change-events').message).toBe(
      'content-type text/plain is not supported: send application/json',
    );
  });

  it('413: a body over the limit (refused by Fastify)', async () => {
    const res = await api()
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'application/json')
      .send(`"${'q'.repeat(67 * 1024 * 1024)}"`);
    expectProblem(res, 413, 'payload_too_large', '/v1/change-events');
  });
});

import { connect } from 'node:net';
import request from 'supertest';
import { KEYS } from '../support/app';
import { sample } from '../support/metrics';
import { waitFor } from '../support/service-process';
import { changeEvent, get, getChange, post, publish, startEnv, type Env } from './fixtures';

/** What the HTTP layer itself promises, whatever the route: identifiers, paths, media types, sizes. */
describe('HTTP requests', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('reads back a change whose id is as long as the contract allows, with every character it allows', async () => {
    // 128 characters, with the separators the contract allows; `/` travels percent-encoded in the path.
    const changeId = `deploy/payments:v2@eu-west-1/${'x'.repeat(99)}`;
    expect(changeId).toHaveLength(128);
    await publish(env.app, changeEvent({ eventId: 'evt-long-id', changeId }));
    expect((await getChange(env.app, changeId)).change.changeId).toBe(changeId);
    // Trailing slashes are ignored.
    const slash = await get(env.app, `/v1/changes/${encodeURIComponent(changeId)}/`).expect(200);
    expect((slash.body as { change: { changeId: string } }).change.changeId).toBe(changeId);
    const missing = await get(env.app, `/v1/changes/${'y'.repeat(128)}`).expect(404);
    expect((missing.body as { message: string }).message).toMatch(/y{128}/);
  });

  it('refuses a body that is not JSON, saying what is wrong and where', async () => {
    const res = await request(env.app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'application/json; charset=utf-8')
      .send('[{"eventId": "e1",}]')
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.stringMatching(/^the body is not valid JSON: .*position 18/) as unknown,
    });
  });

  it('treats a JSON content-type with an empty body as no body, as clients send on a DELETE', async () => {
    const admin = `Bearer ${KEYS.admin}`;
    const declared = await request(env.app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', admin)
      .send({
        name: 'maintenance',
        reason: 'database upgrade',
        kind: 'deny',
        schedule: { type: 'once', start: '2026-12-01T00:00:00Z', end: '2026-12-01T04:00:00Z' },
        scope: { environments: ['prod'] },
      })
      .expect(201);
    const id = (declared.body as { id: string }).id;
    const cancelled = await request(env.app.baseUrl)
      .delete(`/v1/freeze-windows/${id}?reason=moved`)
      .set('authorization', admin)
      .set('content-type', 'application/json')
      .expect(200);
    expect(cancelled.body).toMatchObject({ id, cancelled: true });
  });

  it('refuses other media types with 415 naming the one sent', async () => {
    const res = await request(env.app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'text/plain')
      .send('deploy payments now')
      .expect(415);
    expect(res.body).toMatchObject({
      statusCode: 415,
      message: 'content-type text/plain is not supported: send application/json',
    });
  });

  it('takes a full batch (1,000 events of up to 64 KiB) and refuses a body over the limit with 413', async () => {
    // 56 attributes of 1,024 characters: each event is just under the 64 KiB a message may be.
    const attributes = Object.fromEntries(
      Array.from({ length: 56 }, (_, i) => [`detail.${i}`, String(i % 10).repeat(1_024)]),
    );
    const batch = Array.from({ length: 1_000 }, (_, i) =>
      changeEvent({ eventId: `evt-big-${i}`, changeId: `chg-big-${i % 10}`, attributes }),
    );
    const bytes = Buffer.byteLength(JSON.stringify(batch));
    expect(bytes).toBeGreaterThan(55 * 1024 * 1024);
    const accepted = await post(env.app, batch).expect(202);
    expect((accepted.body as { accepted: unknown[] }).accepted).toHaveLength(1_000);
    const tooLarge = await request(env.app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'application/json')
      .send(`"${'q'.repeat(67 * 1024 * 1024)}"`)
      .ok(() => true);
    expect(tooLarge.status).toBe(413);
  });

  it('counts a request whose client went away before the answer as 499, on its route', async () => {
    const series = (status: number): string =>
      `http_request_duration_seconds_count{method="POST",route="/v1/change-events",status_code="${status}"}`;
    const count = async (status: number): Promise<number> => {
      const res = await request(env.app.baseUrl)
        .get('/metrics')
        .set('authorization', `Bearer ${KEYS.reviewer}`)
        .expect(200);
      return sample(res.text, series(status)) ?? 0;
    };
    const before = { aborted: await count(499), refused: await count(400) };
    // A client that announces a body and gives up part way: no answer can reach it.
    const { port } = new URL(env.app.baseUrl);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      [
        'POST /v1/change-events HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        `Authorization: Bearer ${KEYS.publisher}`,
        'Content-Type: application/json',
        'Content-Length: 1000',
        '',
        '[{"eventId": "evt-',
      ].join('\r\n'),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await waitFor(
      'the abandoned request to be counted',
      async () => ((await count(499)) === before.aborted + 1 ? true : undefined),
      10_000,
    );
    // Counted once: not also as the 400 its unfinished body would have got.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await count(499)).toBe(before.aborted + 1);
    expect(await count(400)).toBe(before.refused);
  });
});

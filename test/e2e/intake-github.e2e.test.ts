// GitHub deployment webhooks over HTTP against the real app and PostgreSQL: GitHub's own example payloads
// become the golden change events, signed deliveries only, redeliveries stored once, each secret bound to
// its one source, rotation, and unmappable payloads refused with the field and kept for admins.
import { KEYS } from '../support/app';
import { githubSignature, SECRETS } from '../support/intakes';
import { startEnv, type Env } from './fixtures';
import { fixtureJson, fixtureText, isProblem, rejections, send, storedEvents } from './intake-support';

const CHANGE = 'deployment-145988746';

describe('GitHub intake: POST /v1/intake/github/{integration}', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  const deliver = (
    integration: string,
    event: string,
    body: string,
    secret: string = SECRETS.github,
    delivery = crypto.randomUUID(),
  ) =>
    send(env.app, `/v1/intake/github/${integration}`, body, {
      'x-github-event': event,
      'x-github-delivery': delivery,
      'x-hub-signature-256': githubSignature(secret, body),
    });

  it("maps the deployment and its success status to the golden change events, stored in the integration's source", async () => {
    const created = await deliver('gh-prod', 'deployment', fixtureText('github/deployment.created.json'));
    expect(created.status).toBe(202);
    expect(created.body['accepted']).toEqual([
      { index: 0, source: 'github-prod', changeId: CHANGE, eventId: CHANGE, outcome: 'stored' },
    ]);
    const success = await deliver(
      'gh-prod',
      'deployment_status',
      fixtureText('github/deployment_status.success.json'),
    );
    expect(success.status).toBe(202);
    expect(await storedEvents(env.app, 'github-prod', CHANGE)).toEqual([
      ...(fixtureJson('github/deployment.created.golden.json') as unknown[]),
      ...(fixtureJson('github/deployment_status.success.golden.json') as unknown[]),
    ]);
  });

  it('stores a redelivery (a new delivery id, the same payload) nothing new: outcome duplicate', async () => {
    const again = await deliver(
      'gh-prod',
      'deployment_status',
      fixtureText('github/deployment_status.success.json'),
    );
    expect(again.status).toBe(202);
    expect((again.body['accepted'] as { outcome: string }[])[0]?.outcome).toBe('duplicate');
    expect(await storedEvents(env.app, 'github-prod', CHANGE)).toHaveLength(2);
  });

  it('accepts the previous secret while rotating', async () => {
    const body = fixtureText('github/deployment.created.json');
    const res = await deliver('gh-prod', 'deployment', body, SECRETS.githubPrevious);
    expect(res.status).toBe(202);
    expect((res.body['accepted'] as { outcome: string }[])[0]?.outcome).toBe('duplicate');
  });

  it('answers 401 (a problem) to a missing or wrong signature, and to a body changed after signing; stores nothing', async () => {
    const body = fixtureText('github/deployment_status.in_progress.json');
    const unsigned = await send(env.app, '/v1/intake/github/gh-prod', body, {
      'x-github-event': 'deployment_status',
    });
    expect(unsigned.status).toBe(401);
    expect(isProblem(unsigned)).toBe(true);
    expect(await deliver('gh-prod', 'deployment_status', body, 'not-the-secret-at-all')).toMatchObject({
      status: 401,
    });
    const tampered = await send(
      env.app,
      '/v1/intake/github/gh-prod',
      body.replace('in_progress', 'success'),
      {
        'x-github-event': 'deployment_status',
        'x-hub-signature-256': githubSignature(SECRETS.github, body),
      },
    );
    expect(tampered.status).toBe(401);
    // An API key is no credential here, not even an admin's.
    const keyed = await send(env.app, '/v1/intake/github/gh-prod', body, {
      'x-github-event': 'deployment_status',
      authorization: `Bearer ${KEYS.admin}`,
    });
    expect(keyed.status).toBe(401);
    expect(await storedEvents(env.app, 'github-prod', CHANGE)).toHaveLength(2);
  });

  it("binds a secret to its integration's source: another integration's secret cannot write this source", async () => {
    const body = fixtureText('github/deployment_status.in_progress.json');
    const crossed = await deliver('gh-prod', 'deployment_status', body, SECRETS.githubOther);
    expect(crossed.status).toBe(401);
    expect(await storedEvents(env.app, 'github-prod', CHANGE)).toHaveLength(2);
    // With its own secret, gh-other writes its own source only.
    const own = await deliver('gh-other', 'deployment_status', body, SECRETS.githubOther);
    expect(own.status).toBe(202);
    expect(await storedEvents(env.app, 'github-other', CHANGE)).toEqual(
      (fixtureJson('github/deployment_status.in_progress.golden.json') as { source: string }[]).map((e) => ({
        ...e,
        source: 'github-other',
      })),
    );
    expect(await storedEvents(env.app, 'github-prod', CHANGE)).toHaveLength(2);
  });

  it('answers ping 200 and stores nothing', async () => {
    const ping = await deliver('gh-prod', 'ping', fixtureText('github/ping.json'));
    expect(ping.status).toBe(200);
  });

  it('answers 404 for an integration that is not configured', async () => {
    const res = await deliver(
      'no-such-integration',
      'deployment',
      fixtureText('github/deployment.created.json'),
    );
    expect(res.status).toBe(404);
  });

  it('refuses an unmappable payload with 400 naming the field, stores nothing, and keeps the payload for admins only', async () => {
    const payload = fixtureJson('github/deployment_status.success.json') as {
      deployment: Record<string, unknown>;
    };
    delete payload.deployment['id'];
    const body = JSON.stringify(payload);
    const res = await deliver('gh-prod', 'deployment_status', body);
    expect(res.status).toBe(400);
    expect(res.body['errors']).toEqual([{ field: '/deployment/id', message: '/deployment/id is required' }]);
    const push = await deliver('gh-prod', 'push', '{"ref":"refs/heads/main"}');
    expect(push.status).toBe(400);
    expect(String(push.body['detail'])).toContain('X-GitHub-Event');

    const seen = await rejections(env.app, KEYS.admin, '?integration=gh-prod');
    expect(seen.status).toBe(200);
    expect(seen.items.map((r) => r.errors[0]?.field)).toEqual(['X-GitHub-Event', '/deployment/id']);
    expect(seen.items[1]).toMatchObject({
      kind: 'github',
      integration: 'gh-prod',
      payload: body,
      truncated: false,
    });
    for (const key of [KEYS.reviewer, KEYS.publisher]) {
      expect((await rejections(env.app, key)).status).toBe(403);
    }
    expect(await storedEvents(env.app, 'github-prod', CHANGE)).toHaveLength(2);
  });
});

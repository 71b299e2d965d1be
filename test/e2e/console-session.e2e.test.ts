// Console sign-in: an API key exchanged for an HttpOnly session cookie, over real HTTP; the cookie works
// wherever a key does (same roles), writes need the session's CSRF token, and the session follows API_KEYS
// as configured now.
import { API_KEYS, KEYS, startTestApp, type TestApp } from '../support/app';
import { changeEvent, startEnv, type Env } from './fixtures';

const COOKIE = 'change_audit_session';

interface SignedIn {
  readonly cookie: string;
  readonly setCookie: string;
  readonly body: { name: string; roles: string[]; csrfToken: string; expiresAt: string };
}

async function signIn(baseUrl: string, apiKey: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ apiKey }),
  });
  return res;
}

async function signedIn(baseUrl: string, apiKey: string, headers: Record<string, string> = {}) {
  const res = await signIn(baseUrl, apiKey, headers);
  expect(res.status).toBe(201);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const match = new RegExp(`^${COOKIE}=([^;]+)`).exec(setCookie);
  if (match?.[1] === undefined) throw new Error(`no session cookie in ${setCookie}`);
  return {
    cookie: `${COOKIE}=${match[1]}`,
    setCookie,
    body: (await res.json()) as SignedIn['body'],
  } satisfies SignedIn;
}

describe('console sessions', () => {
  let env: Env;
  let base: string;

  beforeAll(async () => {
    env = await startEnv();
    base = env.app.baseUrl;
  });
  afterAll(async () => {
    await env.close();
  });

  it('signs in with an API key: 201, the key name and roles, an HttpOnly SameSite=Strict cookie', async () => {
    const before = Date.now();
    const session = await signedIn(base, KEYS.reviewer);
    expect(session.body).toEqual({
      name: 'reviewer',
      roles: ['reviewer'],
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{20,}$/) as unknown,
      expiresAt: expect.any(String) as unknown,
    });
    // The default lifetime: 8 hours from sign-in.
    const ttl = Date.parse(session.body.expiresAt) - before;
    expect(ttl).toBeGreaterThan(8 * 3600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(8 * 3600_000 + 60_000);
    const attributes = session.setCookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/']));
    // Plain HTTP, no proxy saying otherwise: no Secure (the browser would drop it on http://localhost… too).
    expect(attributes).not.toContain('secure');
    // The cookie is an opaque random token: not the key, and only its hash is stored.
    expect(session.cookie).not.toContain(KEYS.reviewer);
    const token = session.cookie.split('=')[1] ?? '';
    const stored = await env.sql.query<{ token_hash: Buffer; key_name: string }>(
      'SELECT token_hash, key_name FROM auth_sessions',
    );
    expect(stored.rows.map((r) => r.key_name)).toContain('reviewer');
    for (const row of stored.rows) expect(row.token_hash.toString('utf8')).not.toContain(token);
  });

  it('sets Secure behind a TLS-terminating proxy (X-Forwarded-Proto: https)', async () => {
    const session = await signedIn(base, KEYS.reviewer, { 'x-forwarded-proto': 'https' });
    expect(session.setCookie.toLowerCase()).toMatch(/;\s*secure/);
  });

  it('refuses a wrong key with a 401 problem and sets no cookie', async () => {
    const res = await signIn(base, 'not-a-key-of-this-service');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(((await res.json()) as { detail: string }).detail).toMatch(/unknown API key/);
  });

  it('refuses a body without apiKey with a 400 naming the field', async () => {
    const res = await fetch(`${base}/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: KEYS.reviewer }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/\/apiKey/);
  });

  it('the cookie is accepted where a key is, with the same roles; whoami tells which', async () => {
    const session = await signedIn(base, KEYS.reviewer);
    const whoami = await fetch(`${base}/v1/whoami`, { headers: { cookie: session.cookie } });
    expect(whoami.status).toBe(200);
    expect(await whoami.json()).toEqual({
      name: 'reviewer',
      roles: ['reviewer'],
      via: 'session',
      csrfToken: session.body.csrfToken,
      expiresAt: session.body.expiresAt,
    });
    const byKey = await fetch(`${base}/v1/whoami`, { headers: { authorization: `Bearer ${KEYS.oncall}` } });
    expect(await byKey.json()).toEqual({
      name: 'oncall-ana',
      roles: ['publisher', 'reviewer'],
      breakGlassRoles: ['incident-commander'],
      via: 'api-key',
    });
    const timeline = await fetch(`${base}/v1/changes`, { headers: { cookie: session.cookie } });
    expect(timeline.status).toBe(200);
    // A reviewer's session may not do what a reviewer's key may not.
    const declare = await fetch(`${base}/v1/projections/change-timeline/rebuild`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'x-csrf-token': session.body.csrfToken },
    });
    expect(declare.status).toBe(403);
    expect(await declare.text()).toMatch(/needs one of the roles: admin/);
  });

  it('a write by cookie needs X-CSRF-Token equal to the session token; a write by key needs none', async () => {
    const session = await signedIn(base, KEYS.publisher);
    const event = changeEvent({ eventId: 'csrf-1', changeId: 'csrf-1' });
    const send = (headers: Record<string, string>) =>
      fetch(`${base}/v1/change-events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(event),
      });
    const attempts: Record<string, string>[] = [{}, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': '' }];
    for (const headers of attempts) {
      const refused = await send({ cookie: session.cookie, ...headers });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { detail: string }).detail).toMatch(/X-CSRF-Token/);
    }
    // Nothing of the refused writes was stored.
    const none = await env.sql.query(`SELECT 1 FROM events WHERE event_id = 'csrf-1'`);
    expect(none.rowCount).toBe(0);
    const ok = await send({ cookie: session.cookie, 'x-csrf-token': session.body.csrfToken });
    expect(ok.status).toBe(202);
    const byKey = await send({ authorization: `Bearer ${KEYS.publisher}` });
    expect(byKey.status).toBe(202);
    // Another session's token does not pass.
    const other = await signedIn(base, KEYS.publisher);
    const crossed = await send({ cookie: session.cookie, 'x-csrf-token': other.body.csrfToken });
    expect(crossed.status).toBe(403);
  });

  it('an Authorization header decides alone: a wrong key is not rescued by a good cookie', async () => {
    const session = await signedIn(base, KEYS.reviewer);
    const res = await fetch(`${base}/v1/changes`, {
      headers: { cookie: session.cookie, authorization: 'Bearer not-a-key-of-this-service' },
    });
    expect(res.status).toBe(401);
  });

  it('a made-up or garbled cookie is a 401 problem', async () => {
    for (const cookie of [`${COOKIE}=${'A'.repeat(43)}`, `${COOKIE}=not-a-token`]) {
      const res = await fetch(`${base}/v1/changes`, { headers: { cookie } });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/sign in again/);
    }
  });

  it('sign-out revokes the session server-side and clears the cookie', async () => {
    const session = await signedIn(base, KEYS.reviewer);
    const withoutToken = await fetch(`${base}/v1/session`, {
      method: 'DELETE',
      headers: { cookie: session.cookie },
    });
    expect(withoutToken.status).toBe(403);
    const out = await fetch(`${base}/v1/session`, {
      method: 'DELETE',
      headers: { cookie: session.cookie, 'x-csrf-token': session.body.csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(
      new RegExp(`^${COOKIE}=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)`),
    );
    // The old cookie, replayed, opens nothing.
    const replay = await fetch(`${base}/v1/whoami`, { headers: { cookie: session.cookie } });
    expect(replay.status).toBe(401);
    // Signing out without a session is still a 204.
    expect((await fetch(`${base}/v1/session`, { method: 'DELETE' })).status).toBe(204);
  });

  it('an expired session is refused', async () => {
    const session = await signedIn(base, KEYS.reviewer);
    await env.sql.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second'`);
    const res = await fetch(`${base}/v1/whoami`, { headers: { cookie: session.cookie } });
    expect(res.status).toBe(401);
  });

  describe('follows API_KEYS as configured now', () => {
    let other: TestApp | undefined;
    afterEach(async () => {
      await other?.close();
      other = undefined;
    });

    it('a key removed from the configuration ends its sessions; changed roles apply at once', async () => {
      const reviewer = await signedIn(base, KEYS.reviewer);
      const admin = await signedIn(base, KEYS.admin);
      // Another instance on the same database, configured without the reviewer key and with the
      // admin key (same name, same value) demoted to reviewer.
      const keys = API_KEYS.filter((k) => k.name !== 'reviewer').map((k) =>
        k.name === 'admin' ? { ...k, roles: ['reviewer'] } : k,
      );
      other = await startTestApp({ DATABASE_URL: env.url, API_KEYS: JSON.stringify(keys) });
      const gone = await fetch(`${other.baseUrl}/v1/whoami`, { headers: { cookie: reviewer.cookie } });
      expect(gone.status).toBe(401);
      const demoted = await fetch(`${other.baseUrl}/v1/whoami`, { headers: { cookie: admin.cookie } });
      expect(((await demoted.json()) as { roles: string[] }).roles).toEqual(['reviewer']);
      // The same session is still an admin on the instance that has the old configuration.
      const still = await fetch(`${base}/v1/whoami`, { headers: { cookie: admin.cookie } });
      expect(((await still.json()) as { roles: string[] }).roles).toEqual(['admin']);
    });

    it('a key given a new value under the same name ends the sessions opened with the old value', async () => {
      const session = await signedIn(base, KEYS.reviewer);
      const keys = API_KEYS.map((k) => (k.name === 'reviewer' ? { ...k, key: 'rotated-reviewer-key' } : k));
      other = await startTestApp({ DATABASE_URL: env.url, API_KEYS: JSON.stringify(keys) });
      const res = await fetch(`${other.baseUrl}/v1/whoami`, { headers: { cookie: session.cookie } });
      expect(res.status).toBe(401);
    });
  });
});

// Every route the app serves × every kind of caller, against the route table in docs/api.md: the table and
// the app must list the same routes, and each route must let in exactly the roles its row names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KEYS } from '../support/app';
import { at, changeEvent, startEnv, type Env } from './fixtures';

const ROLES = ['publisher', 'reviewer', 'admin'] as const;
type Role = (typeof ROLES)[number];

interface DocumentedRoute {
  readonly method: string;
  /** As served: `{name}` written `:name`. */
  readonly url: string;
  /** Undefined: no key needed. */
  readonly roles: ReadonlySet<Role> | undefined;
  /** `publisher (own sources)`: a publisher may only send items of its own sources. */
  readonly ownSourcesOnly: boolean;
}

/** The table in docs/api.md; throws on a row it cannot read, so a malformed row fails loudly. */
function documentedRoutes(): DocumentedRoute[] {
  const text = readFileSync(path.resolve(__dirname, '../../docs/api.md'), 'utf8');
  const rows = text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, line.lastIndexOf('|'))
        .split('|')
        .map((cell) => cell.trim()),
    );
  const [header, separator, ...body] = rows;
  expect(header?.slice(0, 3)).toEqual(['method', 'path', 'roles']);
  expect(separator?.every((cell) => /^-+$/.test(cell))).toBe(true);
  return body.map(([method = '', route = '', roles = '']) => {
    if (!/^(GET|POST|PUT|PATCH|DELETE)$/.test(method)) throw new Error(`docs/api.md: bad method "${method}"`);
    if (!route.startsWith('/')) throw new Error(`docs/api.md: bad path "${route}"`);
    const url = route.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
    if (roles === '—') return { method, url, roles: undefined, ownSourcesOnly: false };
    const named = roles.split(',').map((cell) => cell.trim());
    const parsed = named.map((cell) => {
      const match = /^(\w+)(?:\s+\((.+)\))?$/.exec(cell);
      const role = match?.[1];
      if (role === undefined || !(ROLES as readonly string[]).includes(role)) {
        throw new Error(`docs/api.md: ${method} ${route}: unknown role "${cell}"`);
      }
      return { role: role as Role, note: match?.[2] };
    });
    return {
      method,
      url,
      roles: new Set(parsed.map((p) => p.role)),
      ownSourcesOnly: parsed.some((p) => p.role === 'publisher' && p.note === 'own sources'),
    };
  });
}

/**
 * For each route whose publishers are bound to their sources: a valid body whose source the
 * `KEYS.publisher` key (sources argo-cd and ones) is not bound to.
 */
const FOREIGN_SOURCE_BODIES: Readonly<Record<string, unknown>> = {
  'POST /v1/change-events': changeEvent({ eventId: 'foreign-1', changeId: 'foreign-1', source: 'grafana' }),
  'POST /v1/alerts': {
    fingerprint: 'foreign-alert',
    source: 'alertmanager',
    status: 'firing',
    startsAt: at(0),
    name: 'HighErrorRate',
    severity: 'critical',
    environment: 'production',
    service: 'checkout-api',
  },
  'POST /v1/alerts/alertmanager': {
    version: '4',
    groupKey: '{}:{alertname="HighErrorRate"}',
    status: 'firing',
    receiver: 'change-audit',
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { env: 'production' },
    commonAnnotations: {},
    externalURL: 'https://alertmanager.example.com',
    truncatedAlerts: 0,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'HighErrorRate', service: 'checkout-api', env: 'production' },
        annotations: {},
        startsAt: at(0),
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'https://prometheus.example.com/graph',
        fingerprint: 'foreign-webhook',
      },
    ],
  },
};

type Caller = 'no key' | 'wrong key' | Role;
const CALLERS: readonly Caller[] = ['no key', 'wrong key', ...ROLES];
const KEY_OF: Readonly<Record<Caller, string | undefined>> = {
  'no key': undefined,
  'wrong key': 'not-a-key-of-this-service',
  publisher: KEYS.publisher,
  reviewer: KEYS.reviewer,
  admin: KEYS.admin,
};

/** What a caller must get: exactly 401 or 403, or anything but those (the request may still be a 400 or 404). */
function expected(route: DocumentedRoute, caller: Caller): 401 | 403 | 'let in' {
  if (route.roles === undefined) return 'let in';
  if (caller === 'no key' || caller === 'wrong key') return 401;
  return route.roles.has(caller) ? 'let in' : 403;
}

describe('authorisation matrix: every route × every caller, against docs/api.md', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  const call = async (method: string, url: string, key: string | undefined, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${env.app.baseUrl}${url.replace(/:[A-Za-z0-9_]+/g, 'x')}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // A live stream never ends: its status and headers are the answer.
    if (res.headers.get('content-type')?.startsWith('text/event-stream') === true) {
      await res.body?.cancel();
      return { status: res.status, text: '' };
    }
    return { status: res.status, text: await res.text() };
  };

  it('documents exactly the routes the app serves', () => {
    const served = env.app.routes.map((r) => `${r.method} ${r.url}`).sort();
    const documented = documentedRoutes()
      .map((r) => `${r.method} ${r.url}`)
      .sort();
    expect({ servedButNotDocumented: served.filter((r) => !documented.includes(r)) }).toEqual({
      servedButNotDocumented: [],
    });
    expect({ documentedButNotServed: documented.filter((r) => !served.includes(r)) }).toEqual({
      documentedButNotServed: [],
    });
    expect(new Set(documented).size).toBe(documented.length);
  });

  it('lets in exactly the roles each row names: 401 without a valid key, 403 for another role', async () => {
    const routes = documentedRoutes();
    const mismatches: string[] = [];
    for (const route of routes) {
      for (const caller of CALLERS) {
        const want = expected(route, caller);
        const { status, text } = await call(route.method, route.url, KEY_OF[caller]);
        const ok = want === 'let in' ? status !== 401 && status !== 403 && status < 500 : status === want;
        if (!ok)
          mismatches.push(
            `${route.method} ${route.url} as ${caller}: want ${want}, got ${status} ${text.slice(0, 120)}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
    // Admins may call everything: a keyed row without admin is a mistake in the table.
    for (const route of routes.filter((r) => r.roles !== undefined)) {
      expect(route.roles?.has('admin')).toBe(true);
    }
  });

  it('refuses a publisher an item of a source it is not bound to (403), on every route that binds sources', async () => {
    const bound = documentedRoutes().filter((r) => r.ownSourcesOnly);
    expect(bound.length).toBeGreaterThan(0);
    for (const route of bound) {
      const name = `${route.method} ${route.url}`;
      const body = FOREIGN_SOURCE_BODIES[name];
      if (body === undefined) throw new Error(`${name} binds sources: add a foreign-source body for it here`);
      const foreign = await call(route.method, route.url, KEYS.publisher, body);
      expect({ name, status: foreign.status }).toEqual({ name, status: 403 });
      expect(foreign.text).toMatch(/may not publish (\w+ )?as/);
      // The same body from a key bound to that source (or an admin) is let in: the 403 was the source.
      const own = await call(
        route.method,
        route.url,
        route.url.includes('alerts') ? KEYS.alerting : KEYS.admin,
        body,
      );
      expect({ name, status: own.status }).toEqual({ name, status: 202 });
    }
  });
});

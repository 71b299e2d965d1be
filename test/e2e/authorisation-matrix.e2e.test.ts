// Every route the app serves × every kind of caller, against the route table in docs/api.md: the table and
// the app must list the same routes, and each route must let in exactly the roles its row names.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KEYS } from '../support/app';
import { INTEGRATION_OF_ROUTE, intakeHeaders, SECRETS } from '../support/intakes';
import { at, changeEvent, startEnv, T0, type Env } from './fixtures';

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
  /** `own credential (…)`: no API key counts; the route checks its tool's own credential (named here). */
  readonly ownCredential?: string;
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
    const own = /^own credential \((.+)\)$/.exec(roles);
    if (own !== null) return { method, url, roles: undefined, ownSourcesOnly: false, ownCredential: own[1] };
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
  // A CDEvent whose context.source is bound (CDEVENTS_SOURCES below) to grafana.
  'POST /v1/cdevents': {
    specversion: '1.0',
    id: 'foreign-cdevent',
    source: '/monitoring/prod1',
    type: 'dev.cdevents.incident.detected.0.3.0',
    data: {
      context: {
        specversion: '0.5.1',
        id: 'foreign-cdevent',
        source: '/monitoring/prod1',
        type: 'dev.cdevents.incident.detected.0.3.0',
        timestamp: at(0),
      },
      subject: { id: 'foreign-incident', content: { environment: { id: 'production' } } },
    },
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

/** For each own-credential route: a body its tool could send (the credential is added per route). */
const OWN_CREDENTIAL_BODIES: Readonly<Record<string, string>> = {
  'POST /v1/intake/github/:integration': JSON.stringify({
    deployment: { id: 1, created_at: at(0), environment: 'production' },
    deployment_status: { id: 2, state: 'success', created_at: at(0) },
    repository: { full_name: 'example/matrix', name: 'matrix' },
  }),
  'POST /v1/intake/argocd/:integration': JSON.stringify({
    event: 'sync-running',
    app: 'matrix',
    startedAt: at(0),
  }),
  'POST /v1/intake/launchdarkly/:integration': JSON.stringify({
    _id: 'matrix-1',
    kind: 'flag',
    date: T0,
    accesses: [{ action: 'updateOn', resource: 'proj/default:env/production:flag/matrix' }],
  }),
  'POST /v1/intake/webhook/:integration': JSON.stringify({
    id: 'matrix-1',
    deployment: { id: 'matrix-1' },
    at: at(0),
    status: 'started',
    target: { env: 'production' },
  }),
  'POST /v2/change/enqueue': JSON.stringify({
    routing_key: SECRETS.pagerdutyKey,
    payload: { summary: 'matrix', timestamp: at(0) },
  }),
};

/** Bodies sent as another media type than application/json. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  'POST /v1/cdevents': 'application/cloudevents+json',
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
    env = await startEnv({ CDEVENTS_SOURCES: '/monitoring=grafana' });
  });
  afterAll(async () => {
    await env.close();
  });

  const call = async (method: string, url: string, key: string | undefined, body?: unknown) => {
    const headers: Record<string, string> = {};
    if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
    if (body !== undefined) headers['content-type'] = CONTENT_TYPES[`${method} ${url}`] ?? 'application/json';
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

  const send = async (method: string, url: string, body: string, headers: Record<string, string>) => {
    const res = await fetch(`${env.app.baseUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
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
    const routes = documentedRoutes().filter((r) => r.ownCredential === undefined);
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

  it("lets into an own-credential route only its own credential: every API key, even an admin's, is a 401", async () => {
    const intakes = documentedRoutes().filter((r) => r.ownCredential !== undefined);
    expect(intakes.length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (const route of intakes) {
      const name = `${route.method} ${route.url}`;
      const body = OWN_CREDENTIAL_BODIES[name];
      const own = body === undefined ? undefined : intakeHeaders(name, body);
      if (body === undefined || own === undefined)
        throw new Error(`${name}: add a body for it to OWN_CREDENTIAL_BODIES`);
      const url = route.url.replace(
        ':integration',
        INTEGRATION_OF_ROUTE[route.url.split('/')[3] ?? ''] ?? 'x',
      );
      // PagerDuty's credential is in the body: without it, the body names a key that is not configured.
      const bare =
        name === 'POST /v2/change/enqueue' ? body.replace(SECRETS.pagerdutyKey, 'not-a-routing-key') : body;
      for (const caller of CALLERS) {
        const res = await send(
          route.method,
          url,
          bare,
          KEY_OF[caller] === undefined ? {} : { authorization: `Bearer ${KEY_OF[caller] ?? ''}` },
        );
        if (res.status !== 401) mismatches.push(`${name} as ${caller} without its credential: ${res.status}`);
      }
      const res = await send(route.method, url, body, own);
      if (res.status === 401 || res.status === 403 || res.status >= 500) {
        mismatches.push(`${name} with its own credential: ${res.status} ${res.text.slice(0, 120)}`);
      }
    }
    expect(mismatches).toEqual([]);
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
        route.url.includes('alerts') || route.url.includes('cdevents') ? KEYS.alerting : KEYS.admin,
        body,
      );
      expect({ name, status: own.status }).toEqual({ name, status: 202 });
    }
  });
});

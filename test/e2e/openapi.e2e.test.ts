// The served API description: GET /openapi.json is the committed contracts/openapi.json, lists every
// route the app registered with the roles the guard actually enforces, and GET /docs works under its CSP.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KEYS } from '../support/app';
import { startEnv, type Env } from './fixtures';

type Role = 'publisher' | 'reviewer' | 'admin';
const ROLE_KEYS: Readonly<Record<Role, string>> = {
  publisher: KEYS.publisher,
  reviewer: KEYS.reviewer,
  admin: KEYS.admin,
};

interface Operation {
  readonly 'x-roles': readonly Role[];
  /** Set on routes that take the calling tool's own credential instead of an API key. */
  readonly 'x-credential'?: string;
  readonly security: readonly unknown[];
}
type Paths = Record<string, Record<string, Operation>>;

describe('GET /openapi.json and GET /docs', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('serves, without a key, exactly the committed contracts/openapi.json', async () => {
    const res = await fetch(`${env.app.baseUrl}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const committed = readFileSync(path.resolve(__dirname, '../../contracts/openapi.json'), 'utf8');
    expect(await res.text()).toBe(committed);
  });

  it('describes every route the app serves, with the roles the guard lets in', async () => {
    const doc = (await (await fetch(`${env.app.baseUrl}/openapi.json`)).json()) as { paths: Paths };
    const described = Object.entries(doc.paths).flatMap(([route, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${route}`),
    );
    const served = env.app.routes.map((r) => `${r.method} ${r.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect([...new Set(served)].sort()).toEqual([...described].sort());
    const mismatches: string[] = [];
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const url = `${env.app.baseUrl}${route.replace(/\{[^}]+\}/g, 'x')}`;
        const anonymous = await fetch(url, { method: method.toUpperCase() });
        if (operation['x-credential'] !== undefined) {
          // No API key counts there: without the tool's credential (or, PagerDuty, a body to carry it)
          // every caller is refused: 401, or 400 (PagerDuty: no body), or 404 (no such integration).
          for (const key of [undefined, ...Object.values(ROLE_KEYS)]) {
            const res = await fetch(url, {
              method: method.toUpperCase(),
              headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
            });
            if (![400, 401, 404].includes(res.status))
              mismatches.push(`${method} ${route} with key ${key}: ${res.status}`);
          }
          continue;
        }
        const isPublic = operation.security.length === 0;
        if (isPublic !== (anonymous.status !== 401)) {
          mismatches.push(`${method} ${route} without a key: ${anonymous.status}`);
        }
        if (isPublic) continue;
        for (const [role, key] of Object.entries(ROLE_KEYS) as [Role, string][]) {
          const res = await fetch(url, {
            method: method.toUpperCase(),
            headers: { authorization: `Bearer ${key}` },
          });
          const allowed = operation['x-roles'].includes(role);
          if (allowed === (res.status === 403))
            mismatches.push(`${method} ${route} as ${role}: ${res.status}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('serves the page under a strict CSP, with no inline script, and its assets from the service', async () => {
    const page = await fetch(`${env.app.baseUrl}/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\/docs\/[^"]+"/);
      expect(body?.trim()).toBe('');
    }
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets).toEqual([
      '/docs/swagger-ui.css',
      '/docs/swagger-ui-bundle.js',
      '/docs/swagger-initializer.js',
    ]);
    for (const asset of assets) {
      const res = await fetch(`${env.app.baseUrl}${asset}`);
      expect([asset, res.status]).toEqual([asset, 200]);
      expect(res.headers.get('content-type')).toMatch(
        asset.endsWith('.css') ? /^text\/css/ : /^text\/javascript/,
      );
      expect((await res.text()).length).toBeGreaterThan(50);
    }
    const initializer = await (await fetch(`${env.app.baseUrl}/docs/swagger-initializer.js`)).text();
    expect(initializer).toContain("url: '/openapi.json'");
    expect((await fetch(`${env.app.baseUrl}/docs/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${env.app.baseUrl}/docs/index.html`)).status).toBe(404);
  });
});

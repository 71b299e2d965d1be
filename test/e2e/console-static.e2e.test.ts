// The console's build served at /console/ from CONSOLE_DIR (here a tiny fixture build): files, the
// single-page app's fallback, caching, security headers, and a plain 404 problem when nothing is built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";
const INDEX =
  '<!doctype html><html><head><script type="module" src="/console/assets/index-3f9a1c.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("console");';

function expectConsoleHeaders(res: Response): void {
  expect(res.headers.get('content-security-policy')).toBe(CSP);
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
}

describe('console static files', () => {
  let db: { url: string; drop: () => Promise<void> };
  let dir: string;
  let app: TestApp;
  let unbuilt: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'console-build-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), INDEX);
    writeFileSync(path.join(dir, 'assets', 'index-3f9a1c.js'), SCRIPT);
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(dir, '.env'), 'SECRET=1');
    app = await startTestApp({ DATABASE_URL: db.url, CONSOLE_DIR: dir });
    unbuilt = await startTestApp({ DATABASE_URL: db.url, CONSOLE_DIR: path.join(dir, 'no-such-build') });
  });
  afterAll(async () => {
    await app.close();
    await unbuilt.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (base: string, url: string) => fetch(`${base}${url}`, { redirect: 'manual' });

  it('GET / redirects to /console/', async () => {
    const res = await get(app.baseUrl, '/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/console/');
  });

  it('serves the page at /console/ without a key: no-cache, with the security headers', async () => {
    for (const url of ['/console/', '/console']) {
      const res = await get(app.baseUrl, url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expectConsoleHeaders(res);
      expect(await res.text()).toBe(INDEX);
    }
  });

  it('serves hashed assets with a long immutable cache, other files with no-cache', async () => {
    const asset = await get(app.baseUrl, '/console/assets/index-3f9a1c.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expectConsoleHeaders(asset);
    expect(await asset.text()).toBe(SCRIPT);
    const icon = await get(app.baseUrl, '/console/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
  });

  it("falls back to the page for the app's own routes (no extension), not for missing files", async () => {
    for (const url of [
      '/console/timeline',
      '/console/changes/argo-cd/deploy-1',
      '/console/freeze/calendar/',
    ]) {
      const res = await get(app.baseUrl, url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expectConsoleHeaders(res);
      expect(await res.text()).toBe(INDEX);
    }
    const missing = await get(app.baseUrl, '/console/assets/index-000000.js');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expectConsoleHeaders(missing);
  });

  it('never serves a dotfile or anything outside the build', async () => {
    for (const url of [
      '/console/.env',
      '/console/..%2f..%2fetc%2fpasswd',
      '/console/%2e%2e/%2e%2e/etc/passwd',
    ]) {
      const res = await get(app.baseUrl, url);
      const text = await res.text();
      expect(text).not.toContain('SECRET');
      expect(text).not.toContain('root:');
      expect(res.status === 404 || (res.status === 200 && text === INDEX) || res.status === 400).toBe(true);
    }
  });

  it('answers a 404 problem saying the console is not built when CONSOLE_DIR holds no build', async () => {
    for (const url of ['/console/', '/console/timeline']) {
      const res = await get(unbuilt.baseUrl, url);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await res.json()) as { detail: string }).detail).toMatch(/console is not built/);
    }
  });
});

// The console in a real browser: Debian's Chromium driven by playwright-core, against the built service
// (dist/src/main.js serving dist/console at /console/) on a fresh database, with data published through
// the API. Starting the browser and signing in are shared with the console benchmark.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
export { launchBrowser, signIn } from '../../bench/support/browser';

export const ROOT = path.resolve(__dirname, '../..');
export const SCREENSHOTS = path.join(ROOT, '.cache/screenshots');

/** Every console build artefact the service serves must exist: the suite tests the build, not a dev server. */
export function assertConsoleBuilt(): void {
  const index = path.join(ROOT, 'dist/console/index.html');
  if (!existsSync(index)) throw new Error(`${index} is missing: run \`npm run build\` first`);
}

/** A JSON request with a key, for publishing the suite's data; throws on a non-2xx answer. */
export async function apiCall<T = unknown>(
  baseUrl: string,
  key: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('API key').waitFor();
}

/** axe-core on the page as it is: the serious and critical violations, described for a failure message. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact ?? ''}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string, alsoTo?: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (alsoTo !== undefined) {
    await mkdir(path.dirname(alsoTo), { recursive: true });
    await page.screenshot({ path: alsoTo, fullPage: false });
  }
}

/**
 * The accessible names of the controls Tab reaches, in order, from a freshly loaded page: what a keyboard
 * user can get to. (Read through locators: the page's CSP forbids evaluating strings.)
 */
export async function tabStops(page: Page, max: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    if ((await focused.count()) === 0) {
      names.push('');
      continue;
    }
    const id = await focused.getAttribute('id');
    const label =
      (await focused.getAttribute('aria-label')) ??
      (id === null ? null : await page.locator(`label[for="${id}"]`).first().textContent()) ??
      (await focused.textContent()) ??
      '';
    names.push(label.trim());
  }
  return names;
}

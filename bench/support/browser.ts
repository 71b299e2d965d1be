// Debian's Chromium driven by playwright-core (no browser download): shared by the console's browser
// suite (test/browser) and its benchmark (bench/console.bench.ts).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export function chromiumPath(): string {
  const executable = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(executable)) {
    throw new Error(`no Chromium at ${executable}: install Debian's chromium or set CHROMIUM_PATH`);
  }
  return executable;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Signs in through the form (the key is exchanged for the session cookie) and waits for the header. */
export async function signIn(page: Page, baseUrl: string, key: string, at = '/console/'): Promise<void> {
  await page.goto(`${baseUrl}${at}`);
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('whoami').waitFor();
}

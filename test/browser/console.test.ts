import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { KEYS } from '../support/app';
import { createTestDatabase } from '../support/database';
import { spawnService, waitFor, type ServiceProcess } from '../support/service-process';
import {
  ROOT,
  apiCall,
  assertConsoleBuilt,
  launchBrowser,
  screenshot,
  seriousViolations,
  signIn,
  signOut,
  tabStops,
} from './browser-support';

/**
 * The console against the real service: one Chromium for the whole suite, one service on a fresh
 * database, data published through the API. The cases run in order and share the page: what the admin
 * declares, the reviewer later sees. `UPDATE_DOC_SCREENSHOTS=1` also rewrites the screenshots in docs/.
 */
const MINUTE = 60_000;
const NOW = Date.now();
const iso = (offsetMinutes: number): string => new Date(NOW + offsetMinutes * MINUTE).toISOString();
const DOC_SCREENSHOTS = process.env['UPDATE_DOC_SCREENSHOTS'] === '1';
const docImage = (name: string): string | undefined =>
  DOC_SCREENSHOTS ? path.join(ROOT, 'docs/images', `${name}.png`) : undefined;

/** The timeline's fixed range for the placement checks: 90 minutes ago to 10 minutes ahead. */
const RANGE = { from: NOW - 90 * MINUTE, to: NOW + 10 * MINUTE };
const HOSTILE_SUMMARY = '<img src=x onerror="window.__pwned=1"> raise limits';

interface Step {
  readonly phase: string;
  readonly at: number;
  readonly extra?: Record<string, unknown>;
}

function changeEvents(changeId: string, fields: Record<string, unknown>, steps: readonly Step[]) {
  return steps.map((step, i) => ({
    eventId: `${changeId}-e${i}`,
    changeId,
    source: 'argo-cd',
    environment: 'production',
    region: 'eu-west-1',
    occurredAt: iso(step.at),
    phase: step.phase,
    actor: { type: 'human', id: 'alice@example.com' },
    ...fields,
    ...step.extra,
  }));
}

const CHANGES = {
  checkoutDeploy: changeEvents(
    'checkout-deploy',
    {
      kind: 'deploy',
      service: 'checkout',
      team: 'shop',
      summary: 'deploy checkout v2',
      version: { from: 'v1', to: 'v2' },
      links: [
        { url: 'https://ci.example.com/run/1', title: 'pipeline run' },
        { url: 'javascript:window.__pwned=1', title: 'sneaky' },
      ],
    },
    [
      { phase: 'started', at: -60, extra: { rollout: { stage: 'canary', percent: 10 } } },
      {
        phase: 'progressed',
        at: -56,
        extra: { rollout: { stage: 'batch', batch: 1, totalBatches: 2, percent: 50 } },
      },
      {
        phase: 'succeeded',
        at: -52,
        extra: { rollout: { stage: 'batch', batch: 2, totalBatches: 2, percent: 100 } },
      },
    ],
  ),
  paymentsConfig: changeEvents(
    'payments-config',
    { kind: 'config', service: 'payments', team: 'money', summary: HOSTILE_SUMMARY },
    [
      { phase: 'started', at: -40 },
      { phase: 'failed', at: -38 },
    ],
  ),
  checkoutFlag: changeEvents(
    'checkout-flag',
    {
      kind: 'feature_flag',
      service: 'checkout',
      team: 'shop',
      summary: 'enable one-click',
      actor: { type: 'human', id: 'bob@example.com' },
    },
    [
      { phase: 'started', at: -30 },
      { phase: 'rolled_back', at: -25 },
    ],
  ),
  searchScaling: changeEvents(
    'search-scaling',
    { kind: 'scaling', service: 'search', team: 'search-team', summary: 'reindex catalogue' },
    [
      { phase: 'started', at: -10 },
      { phase: 'progressed', at: -8, extra: { rollout: { stage: 'batch', percent: 50 } } },
    ],
  ),
};

describe('the console in a browser', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: ServiceProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  const pageErrors: string[] = [];
  let paymentsFreezeId: string;

  // Browser-side code is given as text: this suite compiles without the DOM's types.
  // Read through locators only: the page's CSP forbids evaluating strings, and this suite compiles without
  // the DOM's types for functions.
  const rows = async (): Promise<string[]> => {
    const ids = await Promise.all(
      (await page.locator('.change-list tbody tr').all()).map((row) => row.getAttribute('data-change')),
    );
    return ids.map((id) => id ?? '').sort();
  };

  const expectAccessible = async (): Promise<void> => {
    expect(await seriousViolations(page)).toEqual([]);
  };

  beforeAll(async () => {
    assertConsoleBuilt();
    database = await createTestDatabase();
    service = await spawnService({ DATABASE_URL: database.url });
    base = service.baseUrl;
    await waitFor(
      'the service to be ready',
      async () => ((await fetch(`${base}/health/ready`)).ok ? true : undefined),
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nservice output:\n${service.output()}`);
    });
    // A freeze over payments declared before its change is published: that change is a violation.
    paymentsFreezeId = (
      await apiCall<{ id: string }>(base, KEYS.admin, 'POST', '/v1/freeze-windows', {
        name: 'Payments freeze',
        reason: 'quarter close',
        kind: 'deny',
        schedule: { type: 'once', start: iso(-50), end: iso(-30) },
        scope: { services: ['payments'] },
      })
    ).id;
    await apiCall(base, KEYS.admin, 'PUT', '/v1/topology', {
      snapshotId: 'browser-suite',
      source: 'backstage',
      edges: [{ caller: 'checkout', dependency: 'payments' }],
    });
    await apiCall(base, KEYS.admin, 'POST', '/v1/change-events', Object.values(CHANGES).flat());
    await apiCall(base, KEYS.admin, 'POST', '/v1/alerts', {
      fingerprint: 'checkout-errors',
      source: 'alertmanager',
      status: 'firing',
      startsAt: iso(-20),
      name: 'HighErrorRate',
      severity: 'critical',
      environment: 'production',
      service: 'checkout',
      region: 'eu-west-1',
    });
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 1400, height: 900 },
      timezoneId: 'America/New_York',
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => {
      pageErrors.push(`a dialog opened: ${dialog.message()}`);
      void dialog.dismiss();
    });
  });

  afterAll(async () => {
    await browser.close();
    if (service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await database.drop();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  it('sign-in: a wrong key is refused plainly; the right one shows who is signed in; every response is CSP-guarded', async () => {
    const response = await page.goto(`${base}/console/`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await expectAccessible();
    await screenshot(page, 'sign-in');
    await page.getByLabel('API key').fill('not-a-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('401');
    await signIn(page, base, KEYS.admin);
    await expect(page.getByTestId('whoami').textContent()).resolves.toContain('admin');
    // The key is not kept by the page: not in storage, not readable as a cookie.
    const state = await context.storageState();
    expect(JSON.stringify(state.origins)).not.toContain(KEYS.admin);
    const cookie = state.cookies.find((c) => c.name === 'change_audit_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookie?.value).not.toContain(KEYS.admin);
  });

  it('timeline: changes are bars at their times on their service lanes, alerts and freezes are marked', async () => {
    await page.goto(
      `${base}/console/?from=${new Date(RANGE.from).toISOString()}&to=${new Date(RANGE.to).toISOString()}`,
    );
    await page.locator('.change-list tbody tr').first().waitFor();
    expect(await rows()).toEqual([
      'argo-cd/checkout-deploy',
      'argo-cd/checkout-flag',
      'argo-cd/payments-config',
      'argo-cd/search-scaling',
    ]);
    const svg = page.locator('.lanes svg');
    const width = Number(await svg.getAttribute('width'));
    const plot = width - 140; // the lane labels' column
    const xAt = (offsetMinutes: number): number =>
      140 + ((NOW + offsetMinutes * MINUTE - RANGE.from) / (RANGE.to - RANGE.from)) * plot;
    const bar = (id: string) =>
      page.locator(`.lane[data-service] .bar[data-change="argo-cd/${id}"] rect`).first();
    for (const [id, service, start, end] of [
      ['checkout-deploy', 'checkout', -60, -52],
      ['payments-config', 'payments', -40, -38],
      ['checkout-flag', 'checkout', -30, -25],
    ] as const) {
      const lane = page.locator(`.lane[data-service="${service}"]`);
      await expect(lane.locator(`.bar[data-change="argo-cd/${id}"]`).count()).resolves.toBe(1);
      expect(Number(await bar(id).getAttribute('x'))).toBeCloseTo(xAt(start), 0);
      expect(Number(await bar(id).getAttribute('width'))).toBeCloseTo(Math.max(3, xAt(end) - xAt(start)), 0);
    }
    // Outcome marks and kind colours.
    await expect(
      page.locator('.bar[data-change="argo-cd/payments-config"]').getAttribute('class'),
    ).resolves.toContain('outcome-failed');
    await expect(
      page.locator('.bar[data-change="argo-cd/checkout-flag"]').getAttribute('class'),
    ).resolves.toContain('outcome-rolled-back');
    await expect(
      page.locator('.bar[data-change="argo-cd/search-scaling"]').getAttribute('class'),
    ).resolves.toContain('outcome-in-progress');
    await expect(
      page.locator('.bar[data-change="argo-cd/checkout-deploy"]').getAttribute('class'),
    ).resolves.toContain('kind-deploy');
    // The alert on checkout's lane at its start; the freeze as a band from -50 to -30.
    const marker = page.locator('.lane[data-service="checkout"] .alert-marker');
    await expect(marker.count()).resolves.toBe(1);
    const d = (await marker.locator('path').getAttribute('d')) ?? '';
    expect(Number(/^M ([\d.]+)/.exec(d)?.[1])).toBeCloseTo(xAt(-20), 0);
    const band = page.locator(`.freeze-band[data-window="${paymentsFreezeId}"]`);
    expect(Number(await band.getAttribute('x'))).toBeCloseTo(xAt(-50), 0);
    expect(Number(await band.getAttribute('width'))).toBeCloseTo(xAt(-30) - xAt(-50), 0);
    // Publisher text is text: the hostile summary is shown as written and no element came of it.
    await expect(page.locator('.change-list').textContent()).resolves.toContain(HOSTILE_SUMMARY);
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expectAccessible();
    await screenshot(page, 'timeline', docImage('timeline'));
  });

  it('timeline: filters narrow, the link round-trips, and "around T ± N" sets the range', async () => {
    const PARAMS: Record<string, string> = {
      Services: 'service',
      Kind: 'kind',
      Actor: 'actor',
      'Summary contains': 'q',
      Team: 'team',
      Source: 'source',
    };
    const apply = async (fill: Record<string, string>): Promise<void> => {
      await page.getByRole('button', { name: 'Clear' }).click();
      await page.waitForURL((url) => Object.values(PARAMS).every((name) => !url.searchParams.has(name)));
      for (const [label, value] of Object.entries(fill)) {
        const field = page.getByLabel(label, { exact: true });
        if (label === 'Kind') await field.selectOption(value);
        else await field.fill(value);
      }
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((url) =>
        Object.entries(fill).every(
          ([label, value]) => url.searchParams.get(PARAMS[label] ?? label) === value,
        ),
      );
    };
    /** The list holds exactly these changes, with no request for the view still under way. */
    const settle = async (expected: string[]): Promise<void> => {
      await waitFor(
        `rows ${expected.join(',')}`,
        async () => {
          const status = (await page.getByTestId('timeline-status').textContent()) ?? '';
          if (status.includes('updating') || status.includes('Loading')) return undefined;
          return JSON.stringify(await rows()) === JSON.stringify(expected) ? true : undefined;
        },
        15_000,
      );
    };
    await apply({ Services: 'payments' });
    expect(page.url()).toContain('service=payments');
    await settle(['argo-cd/payments-config']);
    await apply({ Kind: 'feature_flag' });
    await settle(['argo-cd/checkout-flag']);
    await apply({ Actor: 'bob@example.com' });
    await settle(['argo-cd/checkout-flag']);
    await apply({ 'Summary contains': 'reindex' });
    await settle(['argo-cd/search-scaling']);
    await apply({ Team: 'search-team' });
    await settle(['argo-cd/search-scaling']);
    await apply({ Source: 'github' });
    await settle([]);
    await apply({ Services: 'checkout' });
    await settle(['argo-cd/checkout-deploy', 'argo-cd/checkout-flag']);
    // With its dependencies and callers: checkout calls payments.
    await page.getByLabel('with dependencies and callers').check();
    await settle(['argo-cd/checkout-deploy', 'argo-cd/checkout-flag', 'argo-cd/payments-config']);
    // The link is the state: opened afresh, it shows the same.
    const link = page.url();
    expect(link).toContain('neighbours=true');
    await page.goto('about:blank');
    await page.goto(link);
    await settle(['argo-cd/checkout-deploy', 'argo-cd/checkout-flag', 'argo-cd/payments-config']);
    await expect(page.getByLabel('Services', { exact: true }).inputValue()).resolves.toBe('checkout');
    // Around T ± N: 40 minutes ago ± 5 → only the payments change started in it.
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Around', { exact: true }).fill(iso(-40));
    await page.getByLabel('± minutes').fill('5');
    await page.getByRole('button', { name: 'Go' }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === iso(-45));
    expect(new URL(page.url()).searchParams.get('to')).toBe(iso(-35));
    await settle(['argo-cd/payments-config']);
    // Zoom out doubles the span around its middle; later pans.
    await page.getByRole('button', { name: 'Zoom out' }).click();
    await page.waitForURL((url) => url.searchParams.get('from') === iso(-50));
    expect(new URL(page.url()).searchParams.get('to')).toBe(iso(-30));
    await settle(['argo-cd/checkout-flag', 'argo-cd/payments-config']);
  });

  it('timeline: a change published while the page is open appears without a reload', async () => {
    await page.goto(`${base}/console/?last=120`);
    await page.locator('.change-list tbody tr').first().waitFor();
    await page.waitForSelector('.live-live', { timeout: 15_000 });
    await apiCall(
      base,
      KEYS.admin,
      'POST',
      '/v1/change-events',
      changeEvents('live-change', { kind: 'database', service: 'orders', summary: 'add index' }, [
        { phase: 'started', at: -1 },
      ]),
    );
    await page.locator('tr[data-change="argo-cd/live-change"]').waitFor({ timeout: 20_000 });
    await expect(page.locator('.lane[data-service="orders"] .bar').count()).resolves.toBe(1);
  });

  it('change detail: state, versions, rollout steps, history in order, safe links, freeze record, verification', async () => {
    await page.goto(`${base}/console/`);
    await page.locator('tr[data-change="argo-cd/checkout-deploy"] a').click();
    await page.getByTestId('history').waitFor();
    expect(page.url()).toContain('/console/changes/argo-cd/checkout-deploy');
    await expect(page.getByTestId('change-state').textContent()).resolves.toContain('v1 → v2');
    const phases = await page.locator('[data-testid="history"] tbody tr td:nth-child(3)').allTextContents();
    expect(phases).toEqual(['started', 'progressed', 'succeeded']);
    await expect(page.locator('.steps li').count()).resolves.toBe(3);
    await expect(page.getByRole('link', { name: 'pipeline run' }).getAttribute('href')).resolves.toBe(
      'https://ci.example.com/run/1',
    );
    await expect(page.locator('a', { hasText: 'sneaky' }).count()).resolves.toBe(0);
    await expect(page.locator('.unsafe-link').textContent()).resolves.toContain('not a web link');
    await expect(page.getByTestId('freeze-record').textContent()).resolves.toContain('No freeze applied');
    await expect(page.getByTestId('verification').textContent()).resolves.toContain('All 3 events verify');
    await expectAccessible();
    await screenshot(page, 'change-detail');
    // The payments change started inside the payments freeze: a violation, with the window named.
    await page.goto(`${base}/console/changes/argo-cd/payments-config`);
    await page.getByTestId('freeze-record').waitFor();
    const record = (await page.getByTestId('freeze-record').textContent()) ?? '';
    expect(record).toMatch(/violation|deny/);
    expect(record).toContain('Payments freeze');
  });

  it('alert view: suspects with reasons, each linking to its change; a verdict is recorded and counted', async () => {
    await page.goto(`${base}/console/alerts`);
    await page.getByRole('link', { name: 'HighErrorRate' }).click();
    const suspects = page.getByTestId('suspects');
    await suspects.waitFor();
    const first = suspects.locator('> li').first();
    await expect(first.locator('.reasons li').count()).resolves.toBeGreaterThan(0);
    await expect(suspects.locator('li[data-change="argo-cd/checkout-flag"]').count()).resolves.toBe(1);
    await expectAccessible();
    await screenshot(page, 'alert');
    const suspect = suspects.locator('li[data-change="argo-cd/checkout-flag"]');
    await suspect.getByRole('button', { name: 'This caused it' }).click();
    await suspect.getByText('Recorded: this caused it.').waitFor();
    const quality = await apiCall<{ cases: number }>(base, KEYS.admin, 'GET', '/v1/correlation/quality');
    expect(quality.cases).toBe(1);
    await page.getByTestId('quality').getByText('Over 1 verdicts').waitFor();
  });

  it('freeze calendar (admin): field errors on the form, a recurring Berlin window across the DST change, preview, freeze now, lift', async () => {
    // The week of Friday 26 March 2027 (clocks go forward in Berlin on Sunday the 28th), shown in UTC.
    await page.goto(`${base}/console/freeze?tz=utc&at=2027-03-26`);
    await page.getByRole('heading', { name: 'Declare a window' }).waitFor();
    await expectAccessible();
    // A bad cron is refused by the API and the message sits on the cron field.
    await page.getByLabel('Name').fill('Weekend freeze');
    await page.getByLabel('Reason', { exact: true }).fill('no weekend deploys');
    await page.getByLabel('Cron (minute hour day month weekday)').fill('0 18 * *');
    // Scoped to search, so "May I change now?" for checkout below does not depend on the weekday.
    await page.getByLabel('Services (comma-separated; empty: all)').fill('search');
    await page.getByRole('button', { name: 'Declare' }).click();
    await page.locator('[data-field="/schedule/cron"]').waitFor();
    const cron = page.getByLabel('Cron (minute hour day month weekday)');
    await expect(cron.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('[data-field="/schedule/cron"]').textContent()).resolves.toContain(
      'five fields',
    );
    await cron.fill('0 18 * * 5');
    await page.getByRole('button', { name: 'Declare' }).click();
    await page.getByText('Declared "Weekend freeze".').waitFor();
    // 18:00 in Berlin is 17:00 UTC before the change and 16:00 UTC after it.
    const chip = (day: string) =>
      page.locator(`[data-day="${day}"] .occurrence`, { hasText: 'Weekend freeze' });
    await expect(chip('2027-03-26').textContent()).resolves.toContain('17:00–24:00');
    await expect(chip('2027-03-26').textContent()).resolves.toContain('18:00 Europe/Berlin');
    await page.getByRole('button', { name: 'Next week →' }).click();
    // 60 hours of wall-clock time in Berlin: it ends Monday 06:00 CEST, 04:00 UTC.
    await expect(chip('2027-03-29').textContent()).resolves.toContain('00:00–04:00');
    await expect(chip('2027-04-02').textContent()).resolves.toContain('16:00–24:00');
    await expect(chip('2027-04-02').textContent()).resolves.toContain('18:00 Europe/Berlin');
    await page.getByRole('button', { name: 'Month' }).click();
    await page.locator('.calendar-month .occurrence', { hasText: 'Weekend freeze' }).first().waitFor();
    await expect(
      page.locator('.calendar-month .occurrence', { hasText: 'Weekend freeze' }).count(),
    ).resolves.toBeGreaterThanOrEqual(8);
    await screenshot(page, 'freeze-calendar-month');
    // Preview a window over payments for the last 2 days: it would have denied the payments change.
    await page.getByLabel('Name').fill('Payments preview');
    await page.getByLabel('Schedule').selectOption('once');
    await page.getByLabel(/^Start/).fill(new Date(NOW - 120 * MINUTE).toISOString().slice(0, 16));
    await page
      .getByLabel('End (empty: until lifted)')
      .fill(new Date(NOW + 60 * MINUTE).toISOString().slice(0, 16));
    await page.getByLabel('Services (comma-separated; empty: all)').fill('payments');
    await page.getByLabel('Preview over days').fill('2');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    await expect(preview.textContent()).resolves.toContain('payments-config');
    // Freeze now needs a reason; then "May I change now?" says no; lifting it says yes again.
    expect(await page.getByRole('button', { name: 'Freeze now' }).isDisabled()).toBe(true);
    await page.getByLabel('Reason (required)').fill('incident 42: checkout errors');
    await page.getByRole('button', { name: 'Freeze now' }).click();
    await page.getByText('Frozen until lifted.').waitFor();
    await page.goto(`${base}/console/freeze?tz=utc`);
    await page.getByTestId('windows').getByText('Freeze now').waitFor();
    await expectAccessible();
    await screenshot(page, 'freeze-calendar', docImage('freeze-calendar'));
    await page.goto(`${base}/console/may-i`);
    await page.getByLabel('Service').fill('checkout');
    await page.getByLabel('Region').fill('eu-west-1');
    await page.getByRole('button', { name: 'Ask' }).click();
    await expect(page.getByTestId('decision').textContent()).resolves.toContain('Freeze now');
    await expect(page.getByTestId('decision').textContent()).resolves.toContain('(deny)');
    await expectAccessible();
    await screenshot(page, 'may-i-change');
    await page.goto(`${base}/console/freeze`);
    await page.getByTestId('windows').getByRole('link', { name: 'Freeze now' }).click();
    await page.getByTestId('window-detail').waitFor();
    await page.getByLabel('Reason (required for every action)').fill('incident over');
    await page.getByRole('button', { name: 'Lift now' }).click();
    await page.getByText('Lifted.').waitFor();
    await page
      .getByTestId('window-history')
      .getByText(/lifted by admin: incident over/)
      .waitFor();
    await page.goto(`${base}/console/may-i`);
    await page.getByLabel('Service').fill('checkout');
    await page.getByLabel('Region').fill('eu-west-1');
    await page.getByRole('button', { name: 'Ask' }).click();
    await expect(page.getByTestId('decision').textContent()).resolves.toContain('(allow)');
  });

  it('the main controls are reachable by keyboard', async () => {
    await page.goto(`${base}/console/`);
    await page.locator('.change-list tbody tr').first().waitFor();
    const stops = await tabStops(page, 60);
    for (const name of [
      'Timeline',
      'Freeze calendar',
      'UTC',
      'Sign out',
      'Zoom in',
      'Apply filters',
      'checkout-deploy',
    ]) {
      expect(stops.some((stop) => stop.includes(name))).toBe(true);
    }
    // Enter on a focused change link opens it.
    await page.locator('tr[data-change="argo-cd/checkout-deploy"] a').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('history').waitFor();
  });

  it('a reviewer sees no admin controls; a publisher key is told plainly it may not read the timeline', async () => {
    await signOut(page);
    await signIn(page, base, KEYS.reviewer, '/console/freeze');
    await expect(page.getByTestId('whoami').textContent()).resolves.toContain('reviewer');
    await page.getByTestId('windows').getByRole('link', { name: 'Payments freeze' }).click();
    await page.getByTestId('window-detail').waitFor();
    for (const name of ['Declare', 'Freeze now', 'Preview', 'Lift now', 'Cancel window', 'Amend name']) {
      await expect(page.getByRole('button', { name, exact: true }).count()).resolves.toBe(0);
    }
    await expect(page.getByRole('heading', { name: 'Declare a window' }).count()).resolves.toBe(0);
    await expectAccessible();
    await screenshot(page, 'freeze-calendar-reviewer');
    await signOut(page);
    await signIn(page, base, KEYS.publisher);
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('Not allowed (403)');
    await expectAccessible();
  });
});

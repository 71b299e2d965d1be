// The console on real volumes, in a real browser: a two-hour range holding BENCH_CONSOLE_CHANGES (10,000)
// changes over 40 services, published through the API to the built service (embedded mode, a real
// PostgreSQL; DATABASE_URL: use that one instead of an embedded one). Measured in Debian's Chromium
// (playwright-core; CHROMIUM_PATH overrides): the time from opening the timeline's link to every change
// drawn, and from applying a filter to the narrowed view drawn, each BENCH_CONSOLE_ROUNDS (3) times; and
// the gzip size of the page's JavaScript. Writes bench/results/console.{json,md}. Asserts nothing.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser, signIn } from './support/browser';
import { machine, startBenchDatabase } from './support/infra';
import { startBenchService } from './support/service';

const ROOT = path.resolve(__dirname, '../..');
const CHANGES = Number(process.env['BENCH_CONSOLE_CHANGES'] ?? 10_000);
const ROUNDS = Number(process.env['BENCH_CONSOLE_ROUNDS'] ?? 3);
const SERVICES = 40;
const KINDS = ['deploy', 'config', 'scaling', 'feature_flag'] as const;
const ADMIN_KEY = 'bench-console-admin';
const MINUTE = 60_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** The page's JavaScript as served: every .js under dist/console/assets, raw and gzipped. */
function scriptSizes(): { raw: number; gzip: number } {
  const dir = path.join(ROOT, 'dist/console/assets');
  let raw = 0;
  let gzip = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const content = readFileSync(path.join(dir, file));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { raw, gzip };
}

async function publish(baseUrl: string, from: number, span: number): Promise<void> {
  const events: unknown[] = [];
  for (let i = 0; i < CHANGES; i += 1) {
    const start = from + Math.floor((i / CHANGES) * (span - 10 * MINUTE));
    const common = {
      changeId: `bench-${i}`,
      source: 'argo-cd',
      kind: KINDS[i % KINDS.length],
      environment: 'production',
      region: i % 2 === 0 ? 'eu-west-1' : 'us-east-1',
      service: `service-${String(i % SERVICES).padStart(2, '0')}`,
      team: `team-${i % 7}`,
      summary: `change ${i}`,
      actor: { type: 'human', id: `dev${i % 13}@example.com` },
    };
    events.push(
      { ...common, eventId: `bench-${i}-a`, phase: 'started', occurredAt: new Date(start).toISOString() },
      {
        ...common,
        eventId: `bench-${i}-b`,
        phase: i % 9 === 0 ? 'failed' : 'succeeded',
        occurredAt: new Date(start + 5 * MINUTE).toISOString(),
      },
    );
  }
  for (let i = 0; i < events.length; i += 1_000) {
    const response = await fetch(`${baseUrl}/v1/change-events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(events.slice(i, i + 1_000)),
    });
    if (!response.ok) throw new Error(`publish answered ${response.status}: ${await response.text()}`);
  }
}

async function main(): Promise<void> {
  const database = await startBenchDatabase(55441);
  const service = await startBenchService({
    DATABASE_URL: database.databaseUrl,
    API_KEYS: JSON.stringify([{ key: ADMIN_KEY, roles: ['admin'], name: 'bench' }]),
    LOG_LEVEL: 'warn',
  });
  const browser = await launchBrowser();
  try {
    const to = Date.now();
    const from = to - 120 * MINUTE;
    const publishStarted = Date.now();
    await publish(service.baseUrl, from, to - from);
    const publishMs = Date.now() - publishStarted;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, service.baseUrl, ADMIN_KEY);
    const link = `${service.baseUrl}/console/?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`;
    // Polled through locators every 20 ms (the page's CSP forbids evaluating strings in it): a figure is
    // at most that much late.
    const drawn = async (count: number): Promise<void> => {
      const deadline = Date.now() + 300_000;
      const status = page.getByTestId('timeline-status');
      for (;;) {
        const text = (await status.textContent()) ?? '';
        if (!text.includes('updating') && (await page.locator('.lanes .bar').count()) === count) return;
        if (Date.now() > deadline) throw new Error(`the timeline never showed ${count} changes: ${text}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    const renderMs: number[] = [];
    const filterMs: number[] = [];
    const narrowed = CHANGES / KINDS.length;
    for (let round = 0; round < ROUNDS; round += 1) {
      await page.goto('about:blank');
      const opened = Date.now();
      await page.goto(link);
      await drawn(CHANGES);
      renderMs.push(Date.now() - opened);
      await page.getByLabel('Kind', { exact: true }).selectOption('config');
      const applied = Date.now();
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await drawn(Math.ceil(narrowed));
      filterMs.push(Date.now() - applied);
    }
    const scripts = scriptSizes();
    const host = machine();
    const result = {
      changes: CHANGES,
      services: SERVICES,
      rounds: ROUNDS,
      renderMs: { median: median(renderMs), all: renderMs },
      filterMs: { median: median(filterMs), all: filterMs, narrowedTo: Math.ceil(narrowed) },
      script: { rawBytes: scripts.raw, gzipBytes: scripts.gzip },
      publishMs,
      loadAverage: os.loadavg(),
      machine: { ...host, postgres: database.postgres, chromium: browser.version() },
      at: new Date().toISOString(),
    };
    const dir = path.join(ROOT, 'bench/results');
    writeFileSync(path.join(dir, 'console.json'), `${JSON.stringify(result, null, 2)}\n`);
    const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
    const md = [
      `| console, ${CHANGES.toLocaleString('en')} changes in a 2-hour range, ${SERVICES} services | median | rounds |`,
      '|---|---:|---|',
      `| open the timeline's link → every change drawn (fetch, lanes and list) | **${median(renderMs)} ms** | ${renderMs.join(', ')} ms |`,
      `| apply a filter (kind: ${Math.ceil(narrowed).toLocaleString('en')} left) → the narrowed view drawn | **${median(filterMs)} ms** | ${filterMs.join(', ')} ms |`,
      '',
      `Page JavaScript: ${kb(scripts.raw)}, **${kb(scripts.gzip)} gzipped** (aim ≤ 300 KB). Target for both timings: within 1 s. Load average during the run: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(', ')} on ${os.cpus().length} cores (a shared machine: these figures are from a loaded host).`,
      '',
      `Machine: ${String(host['cpu'])}, ${String(host['cores'])} cores, ${String(host['memoryGiB'])} GiB, Node ${process.version}, PostgreSQL ${database.postgres}, Chromium ${browser.version()}. ${result.at}`,
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'console.md'), md);
    process.stdout.write(md);
  } finally {
    await browser.close();
    await service.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});

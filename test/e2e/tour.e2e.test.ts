import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readRepoFile } from '../unit/deployment/support/sources';
import { createTestDatabase } from '../support/database';
import { spawnService, waitFor, type ServiceProcess } from '../support/service-process';

/**
 * docs/tour.md, run as a reader runs it: its ```bash blocks, in order, verbatim, through bash and the real
 * `curl`, against the built service (dist/src/main.js, what `npm start` runs; `npm run build` first) started
 * with the tour's own API_KEYS. Only the URL is ours: a free port and this suite's database instead of
 * port 3000 and ./.data. Each answer is checked against what the tour's prose promises; the tour runs twice
 * (a reader repeating it on the same data), and the README's short block runs too.
 */
const ROOT = path.resolve(__dirname, '../..');
const TOUR_URL_LINE = /^URL=http:\/\/localhost:3000$/m;
const BLOCK_DONE = '@@tour-block-done@@';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function bashBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

function bash(script: string, env: Record<string, string>): Promise<Run> {
  const child = spawn('bash', ['-c', script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.once('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** A curl answer: with `-i`, the status line and headers come first. */
function answer(output: string): { status: number | undefined; body: unknown } {
  const head = /^HTTP\/[\d.]+ (\d{3})[^\n]*\n(?:[^\r\n]+\r?\n)*\r?\n/.exec(output);
  const text = head === null ? output : output.slice(head[0].length);
  try {
    return { status: head === null ? undefined : Number(head[1]), body: JSON.parse(text) };
  } catch {
    throw new Error(`not a JSON answer:\n${output}`);
  }
}

/** What one run of the tour's blocks after the start printed: each block's output, in order. */
interface TourRun extends Run {
  readonly outputs: readonly string[];
}

describe('docs/tour.md against the real service', () => {
  const blocks = bashBlocks(readRepoFile('docs/tour.md'));
  const shellEnv = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? os.tmpdir(),
    npm_config_update_notifier: 'false',
  };
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: ServiceProcess;
  let dataDir: string;
  let first: TourRun;
  /** The API_KEYS the tour starts the service with. */
  let apiKeys: string;

  /** The blocks after the start in one shell, as in one terminal, stopping at the first command that fails. */
  async function runTour(): Promise<TourRun> {
    const rest = blocks.slice(1).map((block) => block.replace(TOUR_URL_LINE, `URL=${service.baseUrl}`));
    const script = ['set -eo pipefail', ...rest.map((block) => `${block}printf '\\n${BLOCK_DONE}\\n'`)];
    const run = await bash(script.join('\n'), shellEnv);
    return { ...run, outputs: run.stdout.split(`\n${BLOCK_DONE}\n`).slice(0, -1) };
  }

  /** Block `index`'s output (the start block is 0), once the block is seen to be the step it should be. */
  function output(run: TourRun, index: number, route: string): string {
    expect(blocks[index]).toContain(route);
    const text = run.outputs[index - 1];
    if (text === undefined) {
      throw new Error(`the tour stopped before block ${index} (exit ${String(run.code)}):\n${run.stderr}`);
    }
    return text;
  }

  beforeAll(async () => {
    const main = path.join(ROOT, 'dist/src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` before this suite`);

    // The start block, with `npm` standing in to report what it was asked and with which API_KEYS.
    const start = await bash(`npm() { printf '%s\\n%s' "$*" "$API_KEYS"; }\n${blocks[0] ?? ''}`, shellEnv);
    const [command, ...keyLines] = start.stdout.split('\n');
    expect(command).toBe('start');
    apiKeys = keyLines.join('\n');

    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tour-e2e-'));
    database = await createTestDatabase();
    service = await spawnService({
      API_KEYS: apiKeys,
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      AUDIT_CHECKPOINT_DIR: path.join(dataDir, 'audit-checkpoints'),
    });
    await waitFor(
      'the service to be ready',
      async () => ((await fetch(`${service.baseUrl}/health/ready`)).ok ? true : undefined),
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nservice output:\n${service.output()}`);
    });
    first = await runTour();
  }, 180_000);

  afterAll(async () => {
    if (service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs every block without an error, with the real curl', async () => {
    expect(blocks).toHaveLength(11);
    expect(blocks[0]).toMatch(/npm start\n$/);
    expect(blocks[1]).toMatch(TOUR_URL_LINE);
    expect((await bash('command -v curl', shellEnv)).stdout).toMatch(/curl\n$/);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.outputs).toHaveLength(blocks.length - 1);
  });

  it('1. publishing a change answers 202 with it accepted (stored)', () => {
    const { status, body } = answer(output(first, 2, '/v1/change-events'));
    expect(status).toBe(202);
    expect(body).toMatchObject({
      accepted: [{ eventId: 'argo-cd-4812-started', outcome: 'stored' }],
      rejected: [],
    });
  });

  it('2. the change is on the timeline', () => {
    const { body } = answer(output(first, 3, '/v1/changes?'));
    expect(body).toMatchObject({
      items: [{ source: 'argo-cd', changeId: 'argo-cd:checkout-api:4812', service: 'checkout-api' }],
    });
  });

  it('3. declaring the freeze answers 201 with its id', () => {
    const { status, body } = answer(output(first, 4, '/v1/freeze-windows'));
    expect(status).toBe(201);
    expect(body).toMatchObject({ id: expect.any(String) as unknown, name: 'checkout incident' });
  });

  it('4. asking before changing: deny, naming the freeze (open-ended, so in force at the real now)', () => {
    const { body } = answer(output(first, 5, '/v1/freeze/evaluate'));
    expect(body).toMatchObject({ decision: 'deny', windows: [{ name: 'checkout incident' }] });
    expect((body as { reason: string }).reason).toMatch(/^Denied by freeze window "checkout incident"/);
  });

  it('5. the alert is accepted', () => {
    const { status, body } = answer(output(first, 6, '/v1/alerts'));
    expect(status).toBe(202);
    expect(body).toMatchObject({ accepted: [{ index: 0 }], rejected: [] });
    expect((body as { accepted: { eventId: string }[] }).accepted[0]?.eventId).toContain('checkout-5xx');
  });

  it('6. its suspects rank the deploy first, with the reason the tour quotes', () => {
    const { body } = answer(output(first, 7, '/suspects'));
    const [top] = (body as { items: { changeId: string; rank: number; reasons: string[] }[] }).items;
    expect(top).toMatchObject({ changeId: 'argo-cd:checkout-api:4812', rank: 1 });
    expect(top?.reasons).toContain('started 6 min before the alert on the alerting service (checkout-api)');
  });

  it('7. the freeze lifts and the audit trail verifies', async () => {
    const declared = answer(output(first, 4, '/v1/freeze-windows')).body as { id: string };
    const lifted = answer(output(first, 8, '/lift')).body;
    expect(lifted).toMatchObject({ id: declared.id, liftedAt: expect.any(String) as unknown });
    const verified = answer(output(first, 9, '/v1/audit/verify')).body;
    expect(verified).toMatchObject({ ok: true, checked: expect.any(Number) as unknown });
    // Lifted: the same question now gets an allow.
    const evaluate = await fetch(`${service.baseUrl}/v1/freeze/evaluate`, {
      method: 'POST',
      headers: { authorization: 'Bearer publisher-key-change-me', 'content-type': 'application/json' },
      body: blocks[5]?.match(/-d '([^']+)'/)?.[1],
    });
    expect(await evaluate.json()).toMatchObject({ decision: 'allow' });
  });

  it('changectl shows the same timeline', () => {
    const table = output(first, 10, 'npm run changectl -- timeline');
    expect(table).toContain('argo-cd:checkout-api:4812');
    expect(table).toContain('Sync checkout-api to v2.14.0');
  });

  it('runs again on the same data, as a reader repeating it would: the re-sent change is a no-op', async () => {
    const again = await runTour();
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(answer(output(again, 2, '/v1/change-events')).body).toMatchObject({
      accepted: [{ eventId: 'argo-cd-4812-started', outcome: 'duplicate' }],
    });
    expect(answer(output(again, 5, '/v1/freeze/evaluate')).body).toMatchObject({ decision: 'deny' });
    // The lift finds this run's window, not the one the first run lifted.
    const declared = answer(output(again, 4, '/v1/freeze-windows')).body as { id: string };
    expect(answer(output(again, 8, '/lift')).body).toMatchObject({ id: declared.id });
    expect(answer(output(again, 9, '/v1/audit/verify')).body).toMatchObject({ ok: true });
  });

  it("the README's short tour answers as its comments say", async () => {
    const readmeBlock = bashBlocks(readRepoFile('README.md')).find((block) => TOUR_URL_LINE.test(block));
    expect(readmeBlock).toBeDefined();
    const admin = (JSON.parse(apiKeys) as { key: string; roles: string[] }[]).find((k) =>
      k.roles.includes('admin'),
    );
    // `curl` ends each answer with a newline here, one answer a line; the block itself is as written.
    const run = await bash(
      `curl() { command curl "$@"; printf '\\n'; }\n${readmeBlock?.replace(TOUR_URL_LINE, `URL=${service.baseUrl}`) ?? ''}`,
      { ...shellEnv, KEY: admin?.key ?? '' },
    );
    expect(run.stderr).toBe('');
    const [timeline, decision, verified] = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => answer(line).body);
    expect(timeline).toMatchObject({ items: [{ changeId: 'argo-cd:checkout-api:4812' }] });
    expect(decision).toMatchObject({ decision: 'allow' }); // every window the tours declared is lifted
    expect(verified).toMatchObject({ ok: true });
  });
});

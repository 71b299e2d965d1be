import { cpSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from 'pg';
import { API_KEYS, KEYS } from '../support/app';
import { CHANGECTL, cliJson, runChangectl, type CliRun } from '../support/changectl';
import { createTestDatabase, superuserClient } from '../support/database';
import { freePort, spawnService, waitFor, type ServiceProcess } from '../support/service-process';
import { changeEvent, lifecycle, T0, MINUTE } from './fixtures';

/**
 * The real changectl (dist/src/cli/changectl/main.js, as installed by `bin`) as a child process against
 * the real service (dist/src/main.js) on a fresh PostgreSQL database. Run `npm run build` first.
 * The cases share one service and run in order: what `publish` stores, the later commands read.
 */
const SERVICES = ['checkout', 'payments', 'search'] as const;
const CHANGES = 240;

interface RunOptions {
  /** The API key in CHANGECTL_API_KEY; null: none. Default: the admin key. */
  readonly key?: string | null;
  readonly url?: string;
  readonly stdin?: string;
}

/** A line of a publish input, with what the service (or the CLI) should make of it. */
type InputLine =
  | { readonly kind: 'valid'; readonly text: string }
  | { readonly kind: 'rejected'; readonly text: string; readonly eventId: string }
  | { readonly kind: 'not-json'; readonly text: string }
  | { readonly kind: 'blank'; readonly text: string };

const parseJson = cliJson;

describe('changectl against the real service', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: ServiceProcess;
  let sql: Client;
  let workDir: string;

  async function changectl(args: readonly string[], options: RunOptions = {}): Promise<CliRun> {
    const key = options.key === undefined ? KEYS.admin : options.key;
    const { code, stdout, stderr } = await runChangectl(args, {
      cwd: workDir,
      env: {
        CHANGECTL_URL: options.url ?? service.baseUrl,
        ...(key === null ? {} : { CHANGECTL_API_KEY: key }),
      },
      ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    });
    // Whatever happens, no API key is ever printed.
    for (const { key: secret } of API_KEYS) expect(`${stdout}${stderr}`).not.toContain(secret);
    return { code, stdout, stderr };
  }

  beforeAll(async () => {
    if (!existsSync(CHANGECTL))
      throw new Error(`${CHANGECTL} is missing: run \`npm run build\` before this suite`);
    workDir = await mkdtemp(path.join(os.tmpdir(), 'changectl-e2e-'));
    database = await createTestDatabase();
    sql = await superuserClient(database.url);
    service = await spawnService({
      DATABASE_URL: database.url,
      AUDIT_CHECKPOINT_DIR: path.join(workDir, 'published'),
      AUDIT_MAX_SEAL_DELAY_SECONDS: '1',
    });
    await waitFor(
      'the service to be ready',
      async () => ((await fetch(`${service.baseUrl}/health/ready`)).ok ? true : undefined),
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nservice output:\n${service.output()}`);
    });
  });

  afterAll(async () => {
    if (service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await sql.end();
    await database.drop();
    await rm(workDir, { recursive: true, force: true });
  });

  const countEvents = async (): Promise<number> =>
    Number((await sql.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]?.n);

  describe('publish', () => {
    it('streams a file in batches; names the rejected and non-JSON lines by number; exit 5', async () => {
      const lines: InputLine[] = [];
      for (let c = 0; c < CHANGES; c += 1) {
        const service = SERVICES[c % SERVICES.length] ?? 'checkout';
        for (const event of lifecycle(`cli-${c}`, T0 + c * MINUTE, { service, region: 'eu-west-1' })) {
          lines.push({ kind: 'valid', text: JSON.stringify(event) });
        }
      }
      const badPhase = { ...changeEvent({ eventId: 'bad-phase', changeId: 'cli-bad' }), phase: 'bogus' };
      const noEventId: Record<string, unknown> = { ...changeEvent({ eventId: 'x', changeId: 'cli-bad-2' }) };
      delete noEventId['eventId'];
      lines.splice(4, 0, { kind: 'not-json', text: '{"eventId": "truncated' });
      lines.splice(9, 0, { kind: 'blank', text: '' });
      lines.splice(599, 0, { kind: 'rejected', text: JSON.stringify(badPhase), eventId: 'bad-phase' });
      lines.splice(1_100, 0, { kind: 'rejected', text: JSON.stringify(noEventId), eventId: '' });
      lines.splice(1_150, 0, { kind: 'not-json', text: 'this is not json' });
      const file = path.join(workDir, 'events.jsonl');
      await writeFile(file, `${lines.map((l) => l.text).join('\r\n')}\r\n`);
      const lineNumbers = (kind: InputLine['kind']): number[] =>
        lines.flatMap((l, i) => (l.kind === kind ? [i + 1] : []));

      const run = await changectl(['publish', file, '--json', '--batch-size', '500'], {
        key: KEYS.publisher,
      });

      expect(run.code).toBe(5);
      const summary = parseJson(run) as {
        lines: number;
        sent: number;
        accepted: number;
        rejected: { line: number; eventId?: string; errors: { field: string; message: string }[] }[];
        invalid: { line: number; error: string }[];
      };
      expect(summary.lines).toBe(lines.length);
      expect(summary.accepted).toBe(CHANGES * 5);
      expect(summary.sent).toBe(CHANGES * 5 + 2);
      expect(summary.rejected.map((r) => r.line)).toEqual(lineNumbers('rejected'));
      expect(summary.rejected[0]).toMatchObject({ eventId: 'bad-phase', errors: [{ field: '/phase' }] });
      expect(summary.rejected[1]?.errors.map((e) => e.field)).toContain('/eventId');
      expect(summary.invalid.map((i) => i.line)).toEqual(lineNumbers('not-json'));
      expect(summary.invalid[0]?.error).toMatch(/^not JSON: /);
      expect(await countEvents()).toBe(CHANGES * 5);
    });

    it('prints a readable summary with the problem lines', async () => {
      const file = path.join(workDir, 'small.jsonl');
      const good = changeEvent({ eventId: 'small-1', changeId: 'cli-small', service: 'checkout' });
      await writeFile(file, `${JSON.stringify(good)}\nnot json at all\n`);

      const run = await changectl(['publish', file], { key: KEYS.publisher });

      expect(run.code).toBe(5);
      expect(run.stdout).toContain(`published 1 event from ${file} (2 lines): 1 accepted, 0 rejected`);
      expect(run.stdout).toContain('1 line not sent');
      expect(run.stdout).toMatch(/│ 2\s+│\s+│ not JSON/);
    });

    it('reads stdin ("-" or no file) and exits 0 when every event is accepted', async () => {
      const events = lifecycle('cli-stdin', T0 + 500 * MINUTE, { service: 'inventory' }).slice(0, 3);
      const input = events.map((e) => JSON.stringify(e)).join('\n');

      const dash = await changectl(['publish', '-'], { key: KEYS.publisher, stdin: input });
      expect(dash.code).toBe(0);
      expect(dash.stdout).toContain('published 3 events from stdin (3 lines): 3 accepted, 0 rejected');

      const implicit = await changectl(['publish', '--json'], { key: KEYS.publisher, stdin: input });
      expect(implicit.code).toBe(0);
      expect(parseJson(implicit) as { accepted: number; rejected: unknown[] }).toMatchObject({
        accepted: 3,
        rejected: [],
      });
    });

    it('stops with exit 3 when the key may not publish as the events’ source', async () => {
      const foreign = changeEvent({ eventId: 'foreign-1', changeId: 'cli-foreign', source: 'spinnaker' });

      const run = await changectl(['publish'], { key: KEYS.publisher, stdin: JSON.stringify(foreign) });

      expect(run.code).toBe(3);
      expect(run.stderr).toContain('may not publish as');
    });
  });

  describe('timeline and change show', () => {
    it('timeline --json follows the pages with --all and filters by service', async () => {
      const run = await changectl(['timeline', '--service', 'checkout', '--all', '--limit', '7', '--json'], {
        key: KEYS.reviewer,
      });

      // The code with what changectl said, so a failure shows why.
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 0,
        stderr: run.code === 0 ? run.stderr : '',
      });
      const page = parseJson(run) as {
        items: { changeId: string; service: string }[];
        nextCursor: string | null;
      };
      // 80 changes from the file, plus cli-small.
      expect(page.items).toHaveLength(CHANGES / SERVICES.length + 1);
      expect(new Set(page.items.map((c) => c.service))).toEqual(new Set(['checkout']));
      expect(new Set(page.items.map((c) => c.changeId)).size).toBe(page.items.length);
      expect(page.nextCursor).toBeNull();
    });

    it('timeline prints a table with the service, and points at the next page', async () => {
      const run = await changectl(['timeline', '--service', 'inventory', '--phase', 'progressed'], {
        key: KEYS.reviewer,
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('inventory');
      expect(run.stdout).toContain('cli-stdin');
      expect(run.stdout).not.toContain('checkout');

      const paged = await changectl(['timeline', '--limit', '2'], { key: KEYS.reviewer });
      expect(paged.code).toBe(0);
      expect(paged.stderr).toMatch(/more changes: add --all, or --cursor \S+/);
    });

    it('change show prints the state and the whole history; --json gives the same detail', async () => {
      // cli-4 is on payments (changes go round checkout, payments, search).
      const table = await changectl(['change', 'show', 'cli-4'], { key: KEYS.reviewer });
      expect(table.code).toBe(0);
      expect(table.stdout).toContain('payments');
      for (let i = 0; i < 5; i += 1) expect(table.stdout).toContain(`cli-4-e${i}`);
      expect(table.stdout).toMatch(/phase\s+│ succeeded/);

      const json = await changectl(['change', 'show', 'cli-4', '--json'], { key: KEYS.reviewer });
      const detail = parseJson(json) as { change: { phase: string }; events: { event: { phase: string } }[] };
      expect(detail.change.phase).toBe('succeeded');
      expect(detail.events.map((e) => e.event.phase)).toEqual([
        'planned',
        'started',
        'progressed',
        'progressed',
        'succeeded',
      ]);
    });

    it('change show --source addresses the change by its source and id', async () => {
      const run = await changectl(['change', 'show', 'cli-4', '--source', 'argo-cd', '--json'], {
        key: KEYS.reviewer,
      });
      expect(run.code).toBe(0);
      expect(parseJson(run)).toMatchObject({ change: { source: 'argo-cd', changeId: 'cli-4' } });
      const elsewhere = await changectl(['change', 'show', 'cli-4', '--source', 'spinnaker'], {
        key: KEYS.reviewer,
      });
      expect(elsewhere.code).toBe(4);
      expect(elsewhere.stderr).toContain('no change with source "spinnaker" and changeId "cli-4"');
    });

    it('change show of an unknown change exits 4', async () => {
      const run = await changectl(['change', 'show', 'no-such-change'], { key: KEYS.reviewer });
      expect(run.code).toBe(4);
      expect(run.stderr).toContain('no change with changeId "no-such-change"');
    });
  });

  describe('suspects', () => {
    const fingerprint = 'cli-e2e-checkout-5xx';

    beforeAll(async () => {
      // Alerts come from alerting systems, not from changectl: posted here as Alertmanager would.
      const alert = {
        fingerprint,
        source: 'alertmanager',
        status: 'firing',
        startsAt: new Date(T0 + 20 * MINUTE).toISOString(),
        name: 'HighErrorRate',
        severity: 'critical',
        environment: 'production',
        service: 'checkout',
        region: 'eu-west-1',
      };
      const response = await fetch(`${service.baseUrl}/v1/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(alert),
      });
      expect(response.status).toBe(202);
      await waitFor('the alert to be ranked', async () => {
        const ranked = await fetch(`${service.baseUrl}/v1/alerts/${fingerprint}/suspects`, {
          headers: { authorization: `Bearer ${KEYS.reviewer}` },
        });
        return ranked.ok ? true : undefined;
      });
    });

    it('--alert lists the ranked changes with their reasons; --json gives the ranking as served', async () => {
      const json = await changectl(['suspects', '--alert', fingerprint, '--limit', '3', '--json'], {
        key: KEYS.reviewer,
      });
      expect(json.code).toBe(0);
      const ranking = parseJson(json) as {
        items: { changeId: string; score: number; reasons: string[]; change: { service: string | null } }[];
      };
      expect(ranking.items.length).toBeGreaterThan(0);
      expect(ranking.items.length).toBeLessThanOrEqual(3);
      const top = ranking.items[0];
      if (top === undefined) throw new Error('no suspect');
      expect(top.reasons.length).toBeGreaterThan(0);

      const table = await changectl(['suspects', '--alert', fingerprint, '--limit', '3'], {
        key: KEYS.reviewer,
      });
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/^alert HighErrorRate on checkout, production since 2026-11-03 12:20:00Z/);
      expect(table.stdout).toContain(top.changeId);
      expect(table.stdout).toContain(top.score.toFixed(4));
      expect(table.stdout).toContain((top.reasons[0] ?? '').slice(0, 40));
    });

    it('--incident takes an incident by one of its alerts; an unknown alert exits 4', async () => {
      const incident = await changectl(['suspects', '--incident', fingerprint, '--json'], {
        key: KEYS.reviewer,
      });
      expect(incident.code).toBe(0);
      expect((parseJson(incident) as { items: unknown[] }).items.length).toBeGreaterThan(0);

      const unknown = await changectl(['suspects', '--alert', 'no-such-alert'], { key: KEYS.reviewer });
      expect(unknown.code).toBe(4);
    });
  });

  describe('freeze', () => {
    const checkoutDeploy = ['--service', 'checkout', '--environment', 'production', '--region', 'eu-west-1'];
    let windowId: string;

    it('declare (a "freeze now" from flags), list, and list --service', async () => {
      const declared = await changectl([
        'freeze',
        'declare',
        '--name',
        'incident 42',
        '--reason',
        'checkout is on fire',
        '--service',
        'check*',
        '--environment',
        'production',
        '--exempt',
        'rollback',
        '--json',
      ]);
      expect(declared.code).toBe(0);
      const window = parseJson(declared) as {
        id: string;
        kind: string;
        schedule: { type: string; end?: string };
      };
      expect(window).toMatchObject({ kind: 'deny', schedule: { type: 'once' } });
      expect(window.schedule.end).toBeUndefined();
      windowId = window.id;

      const list = await changectl(['freeze', 'list', '--active-at', 'now', '--json'], {
        key: KEYS.reviewer,
      });
      expect((parseJson(list) as { items: { id: string }[] }).items.map((w) => w.id)).toEqual([windowId]);

      const checkout = await changectl(['freeze', 'list', '--service', 'checkout'], { key: KEYS.reviewer });
      expect(checkout.stdout).toContain(windowId);
      expect(checkout.stdout).toContain('services=check*');
      const payments = await changectl(['freeze', 'list', '--service', 'payments', '--json']);
      expect((parseJson(payments) as { items: unknown[] }).items).toEqual([]);
    });

    it('evaluate exits 10 on deny, 11 on warn and 0 on allow', async () => {
      const deny = await changectl(['freeze', 'evaluate', ...checkoutDeploy, '--kind', 'deploy'], {
        key: KEYS.publisher,
      });
      expect(deny.code).toBe(10);
      expect(deny.stdout).toMatch(/^DENY: /);
      expect(deny.stdout).toContain(windowId);

      const denyJson = await changectl([
        'freeze',
        'evaluate',
        ...checkoutDeploy,
        '--kind',
        'deploy',
        '--json',
      ]);
      expect(denyJson.code).toBe(10);
      expect(parseJson(denyJson) as { decision: string; windows: { id: string }[] }).toMatchObject({
        decision: 'deny',
        windows: [{ id: windowId }],
      });

      const warn = await changectl([
        'freeze',
        'evaluate',
        ...checkoutDeploy,
        '--kind',
        'deploy',
        '--rollback',
      ]);
      expect(warn.code).toBe(11);
      expect(warn.stdout).toMatch(/^WARN: /);

      const allow = await changectl([
        'freeze',
        'evaluate',
        '--service',
        'payments',
        '--environment',
        'production',
        '--region',
        'eu-west-1',
        '--kind',
        'deploy',
      ]);
      expect(allow.code).toBe(0);
      expect(allow.stdout).toMatch(/^ALLOW: /);
    });

    it('declare --file takes a JSON definition; a bad one exits 5 naming the fields', async () => {
      const file = path.join(workDir, 'black-friday.json');
      await writeFile(
        file,
        JSON.stringify({
          name: 'Black Friday',
          reason: 'peak traffic',
          kind: 'deny',
          schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' },
          scope: { services: ['payments-*'] },
        }),
      );
      const declared = await changectl(['freeze', 'declare', '--file', file]);
      expect(declared.code).toBe(0);
      expect(declared.stdout).toContain('declared freeze window');
      expect(declared.stdout).toContain('"0 18 * * 5" for PT56H (Europe/Berlin)');

      const bad = await changectl([
        'freeze',
        'declare',
        '--name',
        'broken',
        '--reason',
        'typo',
        '--cron',
        '0 18 * * 5',
        '--duration',
        'PT1H',
        '--time-zone',
        'Mars/Olympus_Mons',
      ]);
      expect(bad.code).toBe(5);
      expect(bad.stderr).toContain('/schedule/timeZone');
    });

    it('calendar lists the occurrences in a range', async () => {
      const run = await changectl(
        ['freeze', 'calendar', '--from', '2026-11-24', '--to', '2026-12-10', '--json'],
        { key: KEYS.reviewer },
      );
      expect(run.code).toBe(0);
      const calendar = parseJson(run) as { items: { name: string; start: string; end: string | null }[] };
      expect(calendar.items.filter((o) => o.name === 'Black Friday').map((o) => o.start)).toEqual([
        '2026-11-27T17:00:00.000Z',
        '2026-12-04T17:00:00.000Z',
      ]);

      const table = await changectl(['freeze', 'calendar', '--from', 'now-1h', '--to', 'now+1h']);
      expect(table.stdout).toContain('incident 42');
      expect(table.stdout).toContain('until lifted');
    });

    it('lift ends the window: the change is allowed again; lifting twice exits 5', async () => {
      const lifted = await changectl(['freeze', 'lift', windowId, '--reason', 'fixed']);
      expect(lifted.code).toBe(0);
      expect(lifted.stdout).toContain(`lifted freeze window ${windowId}`);

      const allow = await changectl(['freeze', 'evaluate', ...checkoutDeploy, '--kind', 'deploy']);
      expect(allow.code).toBe(0);

      const again = await changectl(['freeze', 'lift', windowId, '--reason', 'fixed']);
      expect(again.code).toBe(5);
      expect(again.stderr).toContain('HTTP 409');
    });
  });

  describe('audit and projections', () => {
    it('audit verify: intact, every stored event checked', async () => {
      const run = await changectl(['audit', 'verify', '--json']);
      expect(run.code).toBe(0);
      expect(parseJson(run) as { ok: boolean; checked: number }).toMatchObject({
        ok: true,
        checked: await countEvents(),
      });
      const table = await changectl(['audit', 'verify']);
      expect(table.stdout).toMatch(/^audit store intact: [\d,]+ events checked/);
    });

    it('projections rebuild reports the events replayed and the rate', async () => {
      const changeEvents = Number(
        (await sql.query<{ n: string }>(`SELECT sum(event_count) AS n FROM changes`)).rows[0]?.n,
      );
      const run = await changectl(['projections', 'rebuild', '--json']);
      expect(run.code).toBe(0);
      const result = parseJson(run) as {
        projection: string;
        events: number;
        changes: number;
        eventsPerSecond: number;
      };
      expect(result).toMatchObject({ projection: 'change-timeline', events: changeEvents });
      expect(result.changes).toBe(CHANGES + 2);
      expect(result.eventsPerSecond).toBeGreaterThan(0);

      const table = await changectl(['projections', 'rebuild']);
      expect(table.stdout).toMatch(
        /^rebuilt change-timeline: [\d,]+ changes from [\d,]+ events in [\d.]+ s \([\d,]+ events\/s\)/,
      );

      const unknown = await changectl(['projections', 'rebuild', '--projection', 'no-such-projection']);
      expect(unknown.code).toBe(4);
    });
  });

  describe('exit codes for failures', () => {
    it('exits 3 for an unknown key, a missing key, or a key without the role', async () => {
      const unknown = await changectl(['timeline'], { key: 'not-a-real-key' });
      expect(unknown.code).toBe(3);
      expect(unknown.stderr).toContain('unknown API key');
      expect(unknown.stderr).not.toContain('not-a-real-key');

      const missing = await changectl(['timeline'], { key: null });
      expect(missing.code).toBe(3);
      expect(missing.stderr).toContain('CHANGECTL_API_KEY');

      const reviewer = await changectl(['audit', 'verify'], { key: KEYS.reviewer });
      expect(reviewer.code).toBe(3);
      expect(reviewer.stderr).toContain('HTTP 403');
    });

    it('exits 6 when nothing listens at the URL', async () => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const run = await changectl(['timeline'], { url });
      expect(run.code).toBe(6);
      expect(run.stderr).toContain(`cannot reach ${url}`);
      expect(run.stderr).toContain('ECONNREFUSED');
    });

    it('exits 2 for bad flags, before sending anything', async () => {
      const run = await changectl(['timeline', '--limit', '0']);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("option '--limit <n>' argument '0' is invalid");
      expect(run.stdout).toBe('');
      const help = await changectl(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Exit codes:');
    });

    it('audit verify --checkpoints, prove and verify-bundle: held checkpoints, incrementally; a bundle offline', async () => {
      const events = await countEvents();
      const published = path.join(workDir, 'published');
      await waitFor(
        'a checkpoint over every event',
        () => {
          const files = existsSync(published) ? readdirSync(published).sort() : [];
          const last = files.at(-1);
          return Promise.resolve(
            last !== undefined && Number(last.slice(0, 20)) === events ? true : undefined,
          );
        },
        30_000,
      );
      cpSync(published, path.join(workDir, 'held'), { recursive: true });
      const keys = (await (await fetch(`${service.baseUrl}/v1/audit/public-key`)).json()) as {
        publicKey: string;
      };
      await writeFile(path.join(workDir, 'audit.pub.pem'), keys.publicKey);
      const verifyHeld = [
        'audit',
        'verify',
        '--checkpoints',
        'held',
        '--public-key',
        'audit.pub.pem',
        '--json',
      ];

      const first = await changectl(verifyHeld);
      expect(first.code).toBe(0);
      expect(parseJson(first)).toMatchObject({ ok: true, eventsChecked: events, verifiedTreeSize: events });
      // The state file remembers where it got to: the next run reads nothing new.
      const again = await changectl(verifyHeld);
      expect(parseJson(again)).toMatchObject({ ok: true, eventsChecked: 0, verifiedTreeSize: events });
      // Without a trusted key there is nothing to check the signatures with.
      expect((await changectl(['audit', 'verify', '--checkpoints', 'held'])).code).toBe(2);

      const prove = await changectl(['audit', 'prove', 'argo-cd', 'cli-0', '--out', 'bundle.json'], {
        key: KEYS.reviewer,
      });
      expect(prove.code).toBe(0);
      expect(prove.stdout).toMatch(/^wrote bundle\.json: 5 events proven in checkpoint/);
      // Offline: no service, no API key.
      const offline = ['audit', 'verify-bundle', 'bundle.json', '--public-key', 'audit.pub.pem'];
      const verified = await changectl(offline, { key: null, url: 'http://127.0.0.1:9' });
      expect(verified.code).toBe(0);
      expect(verified.stdout).toMatch(/^bundle verified: 5 events of argo-cd\/cli-0 are in checkpoint/);
      const bundle = JSON.parse(await readFile(path.join(workDir, 'bundle.json'), 'utf8')) as {
        events: { event: { data: Record<string, unknown> } }[];
      };
      const first_ = bundle.events[0];
      if (first_ === undefined) throw new Error('empty bundle');
      first_.event.data = { ...first_.event.data, summary: 'rewritten' };
      await writeFile(path.join(workDir, 'bundle.json'), JSON.stringify(bundle));
      const tampered = await changectl(offline, { key: null });
      expect(tampered.code).toBe(12);
      expect(tampered.stdout).toContain('bundle NOT VERIFIED');
    });

    it('audit verify exits 12 once a stored event has been edited', async () => {
      const target = await sql.query<{ p: string }>(
        `SELECT global_position AS p FROM events ORDER BY global_position OFFSET 10 LIMIT 1`,
      );
      const position = target.rows[0]?.p ?? '0';
      // What only a superuser could do: switch the append-only triggers off and edit a row.
      await sql.query('BEGIN');
      await sql.query('SET LOCAL session_replication_role = replica');
      await sql.query(
        `UPDATE events SET data = (data::jsonb || '{"summary":"nothing to see"}')::json WHERE global_position = $1`,
        [position],
      );
      await sql.query('COMMIT');

      const run = await changectl(['audit', 'verify']);
      expect(run.code).toBe(12);
      expect(run.stdout).toContain(`audit store BROKEN at position ${position} (hash_mismatch`);
      // The held checkpoints, checked from the first event, find it too.
      const held = await changectl([
        'audit',
        'verify',
        '--checkpoints',
        'held',
        '--public-key',
        'audit.pub.pem',
        '--full',
      ]);
      expect(held.code).toBe(12);
      expect(held.stdout).toMatch(
        /^NOT VERIFIED: .*\n {2}the database's events do not give the root of checkpoint/,
      );
    });
  });

  // Last: these add a change and windows that the counts above do not expect.
  describe('text from the service never reaches the terminal raw', () => {
    /** Sets the terminal's title to "pwned", then clears the screen. */
    const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J';
    const SHOWN = '\\x1b]0;pwned\\x07\\x1b[2J';
    const expectNoRawSequence = (run: CliRun): void => {
      for (const text of [run.stdout, run.stderr]) {
        expect(text).not.toContain('\u001b]');
        expect(text).not.toContain('\u001b[2J');
        expect(text).not.toContain('\u0007');
      }
    };

    it('a summary and an actor id with escape sequences are shown escaped in tables', async () => {
      const event = changeEvent({
        eventId: 'cli-hostile-1',
        changeId: 'cli-hostile',
        service: 'terminal-safety',
        summary: `deploy ${HOSTILE}`,
        actor: { id: `mallory${HOSTILE}`, type: 'human' },
      });
      const published = await changectl(['publish'], { key: KEYS.publisher, stdin: JSON.stringify(event) });
      expect(published.code).toBe(0);

      const show = await changectl(['change', 'show', 'cli-hostile'], { key: KEYS.reviewer });
      expect(show.code).toBe(0);
      expectNoRawSequence(show);
      expect(show.stdout).toContain(`deploy ${SHOWN}`);

      const timeline = await changectl(['timeline', '--service', 'terminal-safety'], { key: KEYS.reviewer });
      expect(timeline.code).toBe(0);
      expectNoRawSequence(timeline);
      expect(timeline.stdout).toContain('mallory\\x1b]0;pwned');

      // JSON keeps the exact value, escaped as JSON.
      const json = await changectl(['change', 'show', 'cli-hostile', '--json'], { key: KEYS.reviewer });
      expectNoRawSequence(json);
      expect((parseJson(json) as { change: { summary: string } }).change.summary).toBe(`deploy ${HOSTILE}`);

      // A request carrying the sequence is refused by the service (control characters in a path
      // parameter are a 400 naming it), and nothing of it reaches the terminal raw.
      const refused = await changectl(['change', 'show', `nope${HOSTILE}`], { key: KEYS.reviewer });
      expect(refused.code).toBe(5);
      expectNoRawSequence(refused);
      expect(refused.stderr).toMatch(/control character/);
    });

    it('calendar: a window name is escaped; a cut page says so and --all follows it', async () => {
      const declared = await changectl([
        'freeze',
        'declare',
        '--name',
        `every minute ${HOSTILE}`,
        '--reason',
        'calendar paging',
        '--cron',
        '* * * * *',
        '--duration',
        'PT1M',
        '--time-zone',
        'UTC',
        '--service',
        'terminal-safety',
        '--json',
      ]);
      expect(declared.code).toBe(0);
      const windowId = (parseJson(declared) as { id: string }).id;
      const range = ['--from', '2027-01-04T00:00:00Z', '--to', '2027-01-05T00:00:00Z'];

      const table = await changectl(['freeze', 'calendar', ...range], { key: KEYS.reviewer });
      expect(table.code).toBe(0);
      expectNoRawSequence(table);
      expect(table.stdout).toContain(`every minute ${SHOWN}`);
      expect(table.stdout).toContain(
        'truncated: occurrences that start at or after 2027-01-04 16:40:00Z are not listed',
      );
      expect(table.stderr).toContain('--cursor 2027-01-04T16:40:00.000Z');

      const page = await changectl(['freeze', 'calendar', ...range, '--json'], { key: KEYS.reviewer });
      const first = parseJson(page) as { items: { windowId: string }[]; truncated: boolean };
      expect(first.truncated).toBe(true);
      expect(first.items.filter((o) => o.windowId === windowId)).toHaveLength(1_000);

      const all = await changectl(['freeze', 'calendar', ...range, '--all', '--json'], {
        key: KEYS.reviewer,
      });
      const whole = parseJson(all) as {
        items: { windowId: string; start: string }[];
        truncated: boolean;
        nextCursor: string | null;
      };
      expect(whole).toMatchObject({ truncated: false, nextCursor: null });
      const starts = whole.items.filter((o) => o.windowId === windowId).map((o) => o.start);
      expect(starts).toHaveLength(1_440);
      expect(new Set(starts).size).toBe(1_440);
    });
  });
});

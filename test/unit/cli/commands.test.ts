import { Readable } from 'node:stream';
import { definitionFromFlags, evaluateRequest } from '../../../src/cli/changectl/commands/freeze';
import { PublishTally } from '../../../src/cli/changectl/commands/publish';
import { UsageError } from '../../../src/cli/changectl/exit-codes';
import type { CliStreams } from '../../../src/cli/changectl/output';
import { run } from '../../../src/cli/changectl/program';

const NOW = new Date('2026-11-03T14:05:00.000Z');

/** Runs changectl in-process with captured output; only for runs that stop before any request. */
async function runOffline(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const streams: CliStreams = {
    stdin: Readable.from([]),
    stdout: { write: (text: string) => (stdout += text).length > 0 },
    stderr: { write: (text: string) => (stderr += text).length > 0 },
    env: {},
  };
  const code = await run(['node', 'changectl', '--url', 'http://127.0.0.1:9', ...args], streams, () => NOW);
  return { code, stdout, stderr };
}

describe('PublishTally', () => {
  it("maps the service's batch indexes back to line numbers and counts everything", () => {
    const tally = new PublishTally();
    const events = [
      { line: 1, text: '{}', eventId: 'a' },
      { line: 3, text: '{}' },
      { line: 4, text: '{}', eventId: 'c' },
    ];
    tally.addInvalid([{ line: 2, error: 'not JSON: x' }]);
    tally.addResponse(events, {
      accepted: [{ index: 0, eventId: 'a' }],
      rejected: [
        { index: 1, errors: [{ field: '/eventId', message: '/eventId is required' }] },
        {
          index: 2,
          errors: [{ field: '/phase', message: '/phase must be equal to one of the allowed values' }],
        },
      ],
    });
    expect(tally).toMatchObject({ sent: 3, accepted: 1, rejectedCount: 2, invalidCount: 1, clean: false });
    expect(tally.rejected.map((r) => [r.line, r.eventId])).toEqual([
      [3, undefined],
      [4, 'c'],
    ]);
    expect(tally.truncated).toBe(false);
  });
});

describe('freeze flags', () => {
  it('declares a "freeze now" until lifted when neither --start nor --cron is given', () => {
    expect(
      definitionFromFlags(
        { name: 'incident 42', reason: 'on fire', service: ['checkout'], exempt: ['rollback'] },
        NOW,
      ),
    ).toEqual({
      name: 'incident 42',
      reason: 'on fire',
      kind: 'deny',
      schedule: { type: 'once', start: NOW.toISOString() },
      scope: { services: ['checkout'] },
      exemptions: ['rollback'],
    });
  });

  it('builds a recurring window, and refuses half of one', () => {
    const recurring = definitionFromFlags(
      {
        name: 'BF',
        reason: 'peak',
        allow: true,
        cron: '0 18 * * 5',
        duration: 'PT56H',
        timeZone: 'Europe/Berlin',
      },
      NOW,
    );
    expect(recurring['kind']).toBe('allow');
    expect(recurring['schedule']).toEqual({
      type: 'recurring',
      cron: '0 18 * * 5',
      duration: 'PT56H',
      timeZone: 'Europe/Berlin',
    });
    expect(() => definitionFromFlags({ name: 'BF', reason: 'peak', cron: '0 18 * * 5' }, NOW)).toThrow(
      UsageError,
    );
    expect(() => definitionFromFlags({ name: 'BF' }, NOW)).toThrow(/--reason is required/);
  });

  it('sends an override only with its role, and a grant id when given', () => {
    const base = { service: 's', environment: 'e', region: 'r', kind: 'deploy' } as const;
    expect(evaluateRequest({ ...base, rollback: true })).toEqual({ ...base, isRollback: true });
    expect(() => evaluateRequest({ ...base, justification: 'why' })).toThrow(/--override-role/);
    expect(() => evaluateRequest({ ...base, overrideBy: 'ana' })).toThrow(/--override-role/);
    expect(
      evaluateRequest({ ...base, overrideRole: 'sre-oncall', grantId: 'g-1', justification: 'why' }),
    ).toEqual({
      ...base,
      override: { role: 'sre-oncall', grantId: 'g-1', justification: 'why' },
    });
  });
});

describe('changectl usage errors (exit 2, nothing sent)', () => {
  it.each([
    [['timeline', '--limit', '0']],
    [['timeline', '--from', 'yesterday']],
    [['timeline', '--from', 'now', '--to', '2h']],
    [['timeline', '--kind', 'bogus']],
    [['suspects']],
    [['suspects', '--alert', 'a', '--incident', 'b']],
    [['freeze', 'evaluate', '--service', 's']],
    [['freeze', 'lift', 'some-id']],
    [['freeze', 'declare', '--file', 'w.json', '--name', 'x']],
    [['publish', '--batch-size', '1001']],
    [['--timeout', 'soon', 'timeline']],
    [['no-such-command']],
    [[]],
  ])('%j', async (args) => {
    const { code, stdout } = await runOffline(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });

  it('--help lists the exit codes and exits 0', async () => {
    const { code, stdout } = await runOffline('--help');
    expect(code).toBe(0);
    expect(stdout).toContain('Exit codes:');
    expect(stdout).toMatch(/10\s+freeze evaluate: deny/);
  });
});

import { ApiError } from '../../../src/cli/changectl/api-client';
import { CliError, ExitCode, exitCodeForStatus, UsageError } from '../../../src/cli/changectl/exit-codes';
import { exitCodeForDecision } from '../../../src/cli/changectl/commands/freeze';
import { exitCodeForError } from '../../../src/cli/changectl/program';
import { CommanderError } from 'commander';

describe('exit codes', () => {
  it.each([
    [400, ExitCode.rejected],
    [409, ExitCode.rejected],
    [413, ExitCode.rejected],
    [422, ExitCode.rejected],
    [401, ExitCode.auth],
    [403, ExitCode.auth],
    [404, ExitCode.notFound],
    [408, ExitCode.unavailable],
    [429, ExitCode.unavailable],
    [502, ExitCode.unavailable],
    [503, ExitCode.unavailable],
    [504, ExitCode.unavailable],
    [500, ExitCode.internal],
    [405, ExitCode.internal],
  ])('HTTP %i → exit %i', (status, code) => {
    expect(exitCodeForStatus(status)).toBe(code);
    expect(new ApiError('x', status, undefined, undefined).exitCode).toBe(code);
  });

  it('keeps the documented numbers (scripts depend on them)', () => {
    expect(ExitCode).toEqual({
      ok: 0,
      internal: 1,
      usage: 2,
      auth: 3,
      notFound: 4,
      rejected: 5,
      unavailable: 6,
      freezeDeny: 10,
      freezeWarn: 11,
      auditBroken: 12,
    });
  });

  it('gates a deploy on the freeze decision', () => {
    expect(exitCodeForDecision('allow')).toBe(0);
    expect(exitCodeForDecision('deny')).toBe(10);
    expect(exitCodeForDecision('warn')).toBe(11);
    expect(() => exitCodeForDecision('maybe')).toThrow(CliError);
  });

  it('maps what a run throws, reporting it on stderr unless commander already did', () => {
    const written: string[] = [];
    const stderr = { write: (text: string) => written.push(text) > 0 };
    expect(exitCodeForError(new CommanderError(1, 'commander.unknownOption', 'x'), stderr)).toBe(2);
    expect(exitCodeForError(new CommanderError(0, 'commander.helpDisplayed', 'x'), stderr)).toBe(0);
    expect(exitCodeForError(new CommanderError(0, 'commander.version', 'x'), stderr)).toBe(0);
    expect(exitCodeForError(new CommanderError(1, 'commander.help', 'x'), stderr)).toBe(2);
    expect(written).toEqual([]);
    expect(exitCodeForError(new UsageError('give --alert'), stderr)).toBe(2);
    expect(
      exitCodeForError(new ApiError('GET /v1/changes: unknown API key', 401, {}, undefined), stderr),
    ).toBe(3);
    expect(exitCodeForError(new Error('boom'), stderr)).toBe(1);
    expect(written[0]).toBe('changectl: give --alert\n');
    expect(written[2]).toMatch(/^changectl: unexpected error: Error: boom/);
  });
});

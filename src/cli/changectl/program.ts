/**
 * changectl's command tree and its one exit path: every outcome, including commander's own usage
 * errors, ends as one of the documented exit codes (exit-codes.ts).
 */
import { Command, CommanderError, Option } from 'commander';
import { registerAuditCommands } from './commands/audit';
import { registerChangeCommands } from './commands/change';
import { registerFreezeCommands } from './commands/freeze';
import { registerProjectionsCommands } from './commands/projections';
import { registerPublishCommand } from './commands/publish';
import { registerSuspectsCommand } from './commands/suspects';
import { registerTimelineCommand } from './commands/timeline';
import {
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_URL,
  packageVersion,
  parseSeconds,
  parseServiceUrl,
  type CliRuntime,
} from './context';
import { CliError, EXIT_CODES_HELP, ExitCode } from './exit-codes';
import type { CliStreams } from './output';
import { terminalText } from './terminal-text';

export function buildProgram(runtime: CliRuntime): Command {
  const { stdout, stderr } = runtime.streams;
  const program = new Command('changectl');
  // Set before any subcommand is added: subcommands copy these settings when created.
  program
    .exitOverride()
    .configureOutput({
      writeOut: (text) => stdout.write(terminalText(text)),
      writeErr: (text) => stderr.write(terminalText(text)),
      getOutHelpWidth: () => (stdout.isTTY === true ? (stdout.columns ?? 100) : 100),
      getErrHelpWidth: () => (stderr.isTTY === true ? (stderr.columns ?? 100) : 100),
    })
    .showHelpAfterError('(add --help for usage)');

  program
    .description(
      'The change audit & freeze service from a terminal: timeline, changes, suspects, freezes, audit.',
    )
    .version(packageVersion(), '-V, --version')
    .addOption(
      new Option('--url <url>', 'the service URL')
        .env('CHANGECTL_URL')
        .default(parseServiceUrl(DEFAULT_URL), DEFAULT_URL)
        .argParser(parseServiceUrl),
    )
    // No default and never echoed: help shows only where the key may come from.
    .addOption(new Option('--api-key <key>', 'the API key (sent as a bearer token)').env('CHANGECTL_API_KEY'))
    .option('--json', 'machine-readable JSON on stdout instead of tables')
    .addOption(
      new Option('--timeout <seconds>', 'give up on a request after this long')
        .env('CHANGECTL_TIMEOUT')
        .default(DEFAULT_TIMEOUT_SECONDS)
        .argParser(parseSeconds),
    )
    .addHelpText('after', EXIT_CODES_HELP);

  registerTimelineCommand(program, runtime);
  registerChangeCommands(program, runtime);
  registerSuspectsCommand(program, runtime);
  registerFreezeCommands(program, runtime);
  registerAuditCommands(program, runtime);
  registerPublishCommand(program, runtime);
  registerProjectionsCommands(program, runtime);
  return program;
}

/** The exit code for anything a run throws; reports it on stderr unless commander already did. */
export function exitCodeForError(error: unknown, stderr: CliStreams['stderr']): ExitCode {
  if (error instanceof CommanderError) {
    // commander has written its message or the help already.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return ExitCode.ok;
    if (error.code === 'commander.help') return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    return ExitCode.usage;
  }
  if (error instanceof CliError) {
    // The message may quote the service's answer: made safe like every other line (terminal-text.ts).
    stderr.write(`changectl: ${terminalText(error.message)}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`changectl: unexpected error: ${terminalText(detail)}\n`);
  return ExitCode.internal;
}

/** Runs changectl with `argv` (as process.argv: node, script, args...) and returns the exit code. */
export async function run(
  argv: readonly string[],
  streams: CliStreams,
  now: () => Date = () => new Date(),
): Promise<ExitCode> {
  const runtime: CliRuntime = { streams, now, exitCode: ExitCode.ok };
  try {
    await buildProgram(runtime).parseAsync([...argv]);
    return runtime.exitCode;
  } catch (error) {
    return exitCodeForError(error, streams.stderr);
  }
}

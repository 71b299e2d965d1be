/**
 * `changectl projections rebuild`: drop a read model and fold it again from the event store (admin).
 * The endpoint answers when it is done, so the CLI shows a spinner with the elapsed time meanwhile and
 * the rate from the answer.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { contextOf, type CliRuntime, type CommandContext } from '../context';
import { ExitCode } from '../exit-codes';
import { count } from '../output';
import { startSpinner } from '../progress';

const DEFAULT_PROJECTION = 'change-timeline';

function projectionName(text: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(text)) {
    throw new InvalidArgumentError('must be a projection name such as change-timeline');
  }
  return text;
}

export function registerProjectionsCommands(program: Command, runtime: CliRuntime): void {
  const projections = program.command('projections').description('read models built from the event store');
  projections
    .command('rebuild')
    .description('drop a projection and rebuild it from the event store (ingest pauses meanwhile)')
    .option('--projection <name>', 'which projection', projectionName, DEFAULT_PROJECTION)
    .action(async (options: { projection: string }, command: Command) => {
      runtime.exitCode = await rebuild(contextOf(command, runtime), options.projection);
    });
}

/** Events per second, from the service's own count and duration. */
export function eventsPerSecond(events: number, millis: number): number {
  return millis > 0 ? Math.round((events / millis) * 1000) : events;
}

async function rebuild(context: CommandContext, projection: string): Promise<ExitCode> {
  const { client, output } = context;
  const spinner = startSpinner(output.stderr, `rebuilding ${projection}`);
  let result;
  try {
    // A rebuild takes as long as the store is big: only a --timeout the user chose limits it.
    result = await client.rebuildProjection(projection, context.timeoutChosen ? context.timeoutMs : null);
  } finally {
    spinner.stop();
  }
  const rate = eventsPerSecond(result.events, result.millis);
  if (output.json) {
    output.data({ projection, ...result, eventsPerSecond: rate });
    return ExitCode.ok;
  }
  output.line(
    `rebuilt ${projection}: ${count(result.changes)} changes from ${count(result.events)} events in ` +
      `${(result.millis / 1000).toFixed(1)} s (${count(rate)} events/s)`,
  );
  return ExitCode.ok;
}

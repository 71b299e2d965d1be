/** `changectl timeline`: what changed, newest first (GET /v1/changes). */
import { Option, type Command } from 'commander';
import { CHANGE_KINDS, CHANGE_PHASES } from '../../../contracts/change-event-enums';
import type { ChangeFilter, ChangeView } from '../api-client';
import {
  collect,
  contextOf,
  instantArg,
  integerBetween,
  type CliRuntime,
  type CommandContext,
} from '../context';
import { ExitCode, UsageError } from '../exit-codes';
import { clip, when } from '../output';
import { INSTANT_HELP } from '../time-args';

const MAX_PAGE = 500;
const DEFAULT_PAGE = 50;

interface TimelineOptions {
  readonly service?: string[];
  readonly environment?: string;
  readonly region?: string;
  readonly kind?: string;
  readonly phase?: string;
  readonly actor?: string;
  readonly source?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit?: number;
  readonly cursor?: string;
  readonly all?: boolean;
}

export function registerTimelineCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('timeline')
    .description('list changes, newest first (by start time, or planned time for changes not started)')
    .option('--service <name>', 'only this service (repeat for several)', collect)
    .option('--environment <name>', 'only this environment')
    .option('--region <name>', 'only this region')
    .addOption(new Option('--kind <kind>', 'only this kind of change').choices(CHANGE_KINDS))
    .addOption(new Option('--phase <phase>', 'only changes now in this phase').choices(CHANGE_PHASES))
    .option('--actor <id>', 'only changes made by this actor id')
    .option('--source <system>', 'only changes published by this system')
    .option(
      '--from <time>',
      `changes that started at or after this time: ${INSTANT_HELP}`,
      instantArg(runtime),
    )
    .option(
      '--to <time>',
      'changes that started before this time (same forms as --from)',
      instantArg(runtime),
    )
    .option(
      '--limit <n>',
      `changes per page, 1-${MAX_PAGE} (default ${DEFAULT_PAGE}; with --all, ${MAX_PAGE})`,
      integerBetween(1, MAX_PAGE),
    )
    .option('--cursor <cursor>', 'continue from the nextCursor of a previous page')
    .option('--all', 'follow the pages to the end')
    .action(async (options: TimelineOptions, command: Command) => {
      runtime.exitCode = await timeline(contextOf(command, runtime), options);
    });
}

async function timeline(context: CommandContext, options: TimelineOptions): Promise<ExitCode> {
  if (options.from !== undefined && options.to !== undefined && options.from >= options.to) {
    throw new UsageError('--from must be before --to');
  }
  const filter: ChangeFilter = {
    ...(options.service === undefined ? {} : { service: options.service }),
    ...(options.environment === undefined ? {} : { environment: options.environment }),
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.kind === undefined ? {} : { kind: options.kind }),
    ...(options.phase === undefined ? {} : { phase: options.phase }),
    ...(options.actor === undefined ? {} : { actor: options.actor }),
    ...(options.source === undefined ? {} : { source: options.source }),
    ...(options.from === undefined ? {} : { from: options.from }),
    ...(options.to === undefined ? {} : { to: options.to }),
  };
  const { client, output } = context;
  const limit = options.limit ?? (options.all === true ? MAX_PAGE : DEFAULT_PAGE);
  const items: ChangeView[] = [];
  let cursor = options.cursor;
  let nextCursor: string | null = null;
  for (;;) {
    const page = await client.listChanges(filter, limit, cursor);
    items.push(...page.items);
    nextCursor = page.nextCursor;
    if (options.all !== true || nextCursor === null) break;
    cursor = nextCursor;
  }

  if (output.json) {
    output.data({ items, nextCursor });
    return ExitCode.ok;
  }
  if (items.length === 0) {
    output.line('no changes match');
  } else {
    output.table(
      ['when (UTC)', 'service', 'environment', 'region', 'kind', 'phase', 'actor', 'summary', 'change id'],
      items.map((c) => [
        when(c.timelineAt),
        c.service ?? '(none)',
        c.environment,
        c.region,
        c.kind,
        phaseText(c),
        c.actor?.id,
        clip(c.summary, 48),
        c.changeId,
      ]),
    );
  }
  if (nextCursor !== null) {
    output.note(`more changes: add --all, or --cursor ${nextCursor}`);
  }
  return ExitCode.ok;
}

/** The phase with the flags a reviewer looks for first. */
export function phaseText(change: ChangeView): string {
  const flags = [change.isRollback ? 'rollback' : '', change.isHotfix ? 'hotfix' : ''].filter(
    (f) => f !== '',
  );
  return flags.length === 0 ? change.phase : `${change.phase} (${flags.join(', ')})`;
}

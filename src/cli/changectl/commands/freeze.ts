/**
 * `changectl freeze list|declare|lift|evaluate|calendar`: freeze windows (/v1/freeze-windows,
 * /v1/freeze/evaluate). `evaluate` ends with a distinct exit code for deny (10) and warn (11), so a
 * deploy script can gate on it.
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CHANGE_KINDS } from '../../../contracts/change-event-enums';
import type { FreezeScope } from '../../../freeze/domain/freeze-window';
import type {
  EvaluateRequest,
  EvaluateResponse,
  FreezeCalendar,
  FreezeOccurrence,
  FreezeWindowView,
} from '../api-client';
import {
  collect,
  collectOneOf,
  contextOf,
  instantArg,
  nonEmpty,
  type CliRuntime,
  type CommandContext,
} from '../context';
import { CliError, ExitCode, UsageError } from '../exit-codes';
import { clip, when, type Output } from '../output';
import { INSTANT_HELP } from '../time-args';

const EXEMPTIONS = ['rollback', 'hotfix'] as const;
const DAY_MS = 86_400_000;

export function registerFreezeCommands(program: Command, runtime: CliRuntime): void {
  const freeze = program
    .command('freeze')
    .description('freeze windows: list, declare, lift, evaluate, calendar');

  freeze
    .command('list')
    .description('freeze windows (not cancelled ones unless asked)')
    .option('--active-at <time>', `only windows in force at this time: ${INSTANT_HELP}`, instantArg(runtime))
    .option('--service <name>', 'only windows whose scope can cover this service (repeatable)', collect)
    .option('--include-cancelled', 'list cancelled windows too')
    .action(async (options: ListOptions, command: Command) => {
      runtime.exitCode = await list(contextOf(command, runtime), options);
    });

  freeze
    .command('declare')
    .description(
      'declare a window, from a JSON file (--file) or from flags (--name ...). Without --start or --cron ' +
        'it is a "freeze now" that lasts until lifted',
    )
    .option('--file <path>', 'the window definition as JSON ("-" for stdin)')
    .option('--name <name>', 'the window name', nonEmpty)
    .option('--reason <text>', 'why (recorded with the window)', nonEmpty)
    .option('--allow', 'an allow window (changes only inside it) instead of a deny window')
    .option('--start <time>', `one-off window: start (default now); ${INSTANT_HELP}`, instantArg(runtime))
    .option('--end <time>', 'one-off window: end (default: until lifted); e.g. now+4h', instantArg(runtime))
    .option('--cron <expr>', 'recurring window: five-field cron of its start, e.g. "0 18 * * 5"')
    .option('--duration <iso>', 'recurring window: how long each occurrence lasts, e.g. PT56H')
    .option('--time-zone <iana>', 'recurring window: the IANA time zone of the cron, e.g. Europe/Berlin')
    .option('--valid-from <time>', 'recurring window: no occurrence starts before this', instantArg(runtime))
    .option(
      '--valid-until <time>',
      'recurring window: no occurrence starts at or after this',
      instantArg(runtime),
    )
    .option('--service <glob>', 'scope: services (repeatable; globs such as payments-*)', collect)
    .option('--team <glob>', 'scope: teams (repeatable)', collect)
    .option('--environment <glob>', 'scope: environments (repeatable)', collect)
    .option('--region <glob>', 'scope: regions (repeatable)', collect)
    .option('--tier <glob>', 'scope: tiers (repeatable)', collect)
    .option(
      '--kind <kind>',
      `scope: change kinds (repeatable): ${CHANGE_KINDS.join(', ')}`,
      collectOneOf(CHANGE_KINDS),
    )
    .option(
      '--exempt <what>',
      `let these through with a warning (repeatable): ${EXEMPTIONS.join(', ')}`,
      collectOneOf(EXEMPTIONS),
    )
    .option(
      '--break-glass-role <role>',
      'a role whose justified override passes the window (repeatable)',
      collect,
    )
    .action(async (options: DeclareOptions, command: Command) => {
      runtime.exitCode = await declare(contextOf(command, runtime), options);
    });

  freeze
    .command('lift')
    .description('end a window now (its history keeps who lifted it and why)')
    .argument('<id>', 'the window id')
    .requiredOption('--reason <text>', 'why it is lifted', nonEmpty)
    .action(async (id: string, options: { reason: string }, command: Command) => {
      runtime.exitCode = await lift(contextOf(command, runtime), id, options.reason);
    });

  freeze
    .command('evaluate')
    .description('may this change go ahead? exit 0 allow, 10 deny, 11 warn')
    .requiredOption('--service <name>', 'the service changed', nonEmpty)
    .requiredOption('--environment <name>', 'the environment', nonEmpty)
    .requiredOption('--region <name>', 'the region', nonEmpty)
    .addOption(new Option('--kind <kind>', 'the kind of change').choices(CHANGE_KINDS).makeOptionMandatory())
    .option('--at <time>', `when the change would start (default now): ${INSTANT_HELP}`, instantArg(runtime))
    .option('--team <name>', 'the owning team')
    .option('--tier <name>', 'the service tier')
    .option('--rollback', 'the change is a rollback')
    .option('--hotfix', 'the change is a hotfix')
    .option(
      '--override-role <role>',
      'break-glass: the role to override with (held by this API key, or granted)',
    )
    .option('--grant-id <id>', 'break-glass: an override grant issued by a key that holds the role')
    .option(
      '--override-by <who>',
      'break-glass: ignored by the service (the API key is recorded); kept for old scripts',
    )
    .option('--justification <text>', 'break-glass: why')
    .option('--ticket <id>', 'break-glass: the ticket')
    .action(async (options: EvaluateOptions, command: Command) => {
      runtime.exitCode = await evaluate(contextOf(command, runtime), options);
    });

  freeze
    .command('calendar')
    .description('every occurrence of every window in a time range (at most 366 days)')
    .option('--from <time>', `start of the range (default now): ${INSTANT_HELP}`, instantArg(runtime))
    .option('--to <time>', 'end of the range (default 7 days after --from)', instantArg(runtime))
    .option('--cursor <cursor>', 'continue from the nextCursor of a previous (truncated) page')
    .option('--all', 'follow the pages to the end')
    .action(async (options: CalendarOptions, command: Command) => {
      runtime.exitCode = await calendar(contextOf(command, runtime), options);
    });
}

// --- list ---------------------------------------------------------------------------------------------

interface ListOptions {
  readonly activeAt?: Date;
  readonly service?: string[];
  readonly includeCancelled?: boolean;
}

async function list(context: CommandContext, options: ListOptions): Promise<ExitCode> {
  const { client, output } = context;
  const { items } = await client.listFreezeWindows(options.activeAt, options.includeCancelled === true);
  const services = options.service;
  let windows = items;
  if (services !== undefined) {
    // The service's own glob semantics, so the CLI and the evaluator agree on what a scope covers.
    // Loaded on demand: the freeze domain brings the Temporal polyfill, a third of changectl's start-up.
    const { matchesGlob } = await import('../../../freeze/domain/scope.js');
    windows = items.filter((w) => {
      const patterns = w.scope.services;
      if (patterns === undefined || patterns.length === 0) return true;
      return services.some((s) => patterns.some((p) => matchesGlob(p, s)));
    });
  }
  if (output.json) {
    output.data({ items: windows });
    return ExitCode.ok;
  }
  if (windows.length === 0) {
    output.line('no freeze windows');
    return ExitCode.ok;
  }
  output.table(
    ['id', 'name', 'kind', 'schedule', 'scope', 'state'],
    windows.map((w) => [w.id, clip(w.name, 40), w.kind, scheduleText(w), scopeText(w.scope), stateText(w)]),
  );
  return ExitCode.ok;
}

export function scheduleText(window: FreezeWindowView): string {
  const s = window.schedule;
  switch (s.type) {
    case 'once':
      return `${when(s.start)} → ${s.end === undefined ? 'until lifted' : when(s.end)}`;
    case 'recurring': {
      const bounds = [
        s.validFrom === undefined ? '' : `from ${when(s.validFrom)}`,
        s.validUntil === undefined ? '' : `until ${when(s.validUntil)}`,
      ].filter((b) => b !== '');
      return `"${s.cron}" for ${s.duration} (${s.timeZone})${bounds.length === 0 ? '' : `, ${bounds.join(' ')}`}`;
    }
  }
}

export function scopeText(scope: FreezeScope): string {
  const parts = Object.entries(scope)
    .filter(([, values]) => Array.isArray(values) && values.length > 0)
    .map(([dimension, values]) => `${dimension}=${values.join(',')}`);
  return parts.length === 0 ? 'every change' : parts.join(' ');
}

function stateText(window: FreezeWindowView): string {
  if (window.cancelled) return 'cancelled';
  if (window.liftedAt !== undefined) return `lifted ${when(window.liftedAt)}`;
  return 'declared';
}

function printWindow(output: Output, window: FreezeWindowView): void {
  output.fields([
    ['id', window.id],
    ['name', window.name],
    ['kind', window.kind],
    ['reason', window.reason],
    ['schedule', scheduleText(window)],
    ['scope', scopeText(window.scope)],
    ['exemptions', window.exemptions?.join(', ')],
    [
      'break-glass',
      window.breakGlass === undefined
        ? undefined
        : `${window.breakGlass.roles.join(', ')}${window.breakGlass.justificationRequired ? ' (justification required)' : ''}`,
    ],
    ['state', stateText(window)],
  ]);
}

// --- declare ------------------------------------------------------------------------------------------

interface DeclareOptions {
  readonly file?: string;
  readonly name?: string;
  readonly reason?: string;
  readonly allow?: boolean;
  readonly start?: Date;
  readonly end?: Date;
  readonly cron?: string;
  readonly duration?: string;
  readonly timeZone?: string;
  readonly validFrom?: Date;
  readonly validUntil?: Date;
  readonly service?: string[];
  readonly team?: string[];
  readonly environment?: string[];
  readonly region?: string[];
  readonly tier?: string[];
  readonly kind?: string[];
  readonly exempt?: string[];
  readonly breakGlassRole?: string[];
}

const DEFINITION_FLAGS: readonly (keyof DeclareOptions)[] = [
  'name',
  'reason',
  'allow',
  'start',
  'end',
  'cron',
  'duration',
  'timeZone',
  'validFrom',
  'validUntil',
  'service',
  'team',
  'environment',
  'region',
  'tier',
  'kind',
  'exempt',
  'breakGlassRole',
];

async function readDefinitionFile(context: CommandContext, file: string): Promise<unknown> {
  let text: string;
  try {
    if (file === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of context.runtime.streams.stdin) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      }
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      text = await readFile(file, 'utf8');
    }
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The definition the flags describe; the service validates it and names any field at fault. */
export function definitionFromFlags(options: DeclareOptions, now: Date): Record<string, unknown> {
  if (options.name === undefined) throw new UsageError('give --file <path>, or --name and --reason');
  if (options.reason === undefined) throw new UsageError('--reason is required with --name: say why');
  const recurring = [options.cron, options.duration, options.timeZone].some((v) => v !== undefined);
  let schedule: Record<string, unknown>;
  if (recurring) {
    if (options.cron === undefined || options.duration === undefined || options.timeZone === undefined) {
      throw new UsageError('a recurring window needs --cron, --duration and --time-zone');
    }
    if (options.start !== undefined || options.end !== undefined) {
      throw new UsageError(
        '--start/--end are for one-off windows; use --valid-from/--valid-until with --cron',
      );
    }
    schedule = {
      type: 'recurring',
      cron: options.cron,
      duration: options.duration,
      timeZone: options.timeZone,
      ...(options.validFrom === undefined ? {} : { validFrom: options.validFrom.toISOString() }),
      ...(options.validUntil === undefined ? {} : { validUntil: options.validUntil.toISOString() }),
    };
  } else {
    if (options.validFrom !== undefined || options.validUntil !== undefined) {
      throw new UsageError('--valid-from/--valid-until are for recurring windows (--cron)');
    }
    schedule = {
      type: 'once',
      start: (options.start ?? now).toISOString(),
      ...(options.end === undefined ? {} : { end: options.end.toISOString() }),
    };
  }
  const scope: Record<string, string[]> = {};
  if (options.service !== undefined) scope['services'] = options.service;
  if (options.team !== undefined) scope['teams'] = options.team;
  if (options.environment !== undefined) scope['environments'] = options.environment;
  if (options.region !== undefined) scope['regions'] = options.region;
  if (options.tier !== undefined) scope['tiers'] = options.tier;
  if (options.kind !== undefined) scope['kinds'] = options.kind;
  return {
    name: options.name,
    reason: options.reason,
    kind: options.allow === true ? 'allow' : 'deny',
    schedule,
    scope,
    ...(options.exempt === undefined ? {} : { exemptions: options.exempt }),
    ...(options.breakGlassRole === undefined
      ? {}
      : { breakGlass: { roles: options.breakGlassRole, justificationRequired: true } }),
  };
}

async function declare(context: CommandContext, options: DeclareOptions): Promise<ExitCode> {
  let definition: unknown;
  if (options.file !== undefined) {
    const extra = DEFINITION_FLAGS.filter((flag) => options[flag] !== undefined);
    if (extra.length > 0) {
      throw new UsageError(`--file takes the whole definition; drop ${extra.map(flagName).join(', ')}`);
    }
    definition = await readDefinitionFile(context, options.file);
  } else {
    definition = definitionFromFlags(options, context.runtime.now());
  }
  const window = await context.client.declareFreezeWindow(definition);
  if (context.output.json) {
    context.output.data(window);
  } else {
    context.output.line(`declared freeze window ${window.id}`);
    printWindow(context.output, window);
  }
  return ExitCode.ok;
}

function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

// --- lift ---------------------------------------------------------------------------------------------

async function lift(context: CommandContext, id: string, reason: string): Promise<ExitCode> {
  const window = await context.client.liftFreezeWindow(id, reason);
  if (context.output.json) {
    context.output.data(window);
  } else {
    context.output.line(`lifted freeze window ${window.id} (${window.name})`);
    printWindow(context.output, window);
  }
  return ExitCode.ok;
}

// --- evaluate -----------------------------------------------------------------------------------------

interface EvaluateOptions {
  readonly service: string;
  readonly environment: string;
  readonly region: string;
  /** One of CHANGE_KINDS: the option's choices. */
  readonly kind: EvaluateRequest['kind'];
  readonly at?: Date;
  readonly team?: string;
  readonly tier?: string;
  readonly rollback?: boolean;
  readonly hotfix?: boolean;
  readonly overrideBy?: string;
  readonly overrideRole?: string;
  readonly grantId?: string;
  readonly justification?: string;
  readonly ticket?: string;
}

export function evaluateRequest(options: EvaluateOptions): EvaluateRequest {
  const overrideGiven = [
    options.overrideBy,
    options.overrideRole,
    options.grantId,
    options.justification,
    options.ticket,
  ].some((v) => v !== undefined);
  if (overrideGiven && options.overrideRole === undefined) {
    throw new UsageError('a break-glass override needs --override-role');
  }
  return {
    service: options.service,
    environment: options.environment,
    region: options.region,
    kind: options.kind,
    ...(options.team === undefined ? {} : { team: options.team }),
    ...(options.tier === undefined ? {} : { tier: options.tier }),
    ...(options.at === undefined ? {} : { at: options.at.toISOString() }),
    ...(options.rollback === true ? { isRollback: true } : {}),
    ...(options.hotfix === true ? { isHotfix: true } : {}),
    ...(overrideGiven
      ? {
          override: {
            role: options.overrideRole ?? '',
            ...(options.overrideBy === undefined ? {} : { by: options.overrideBy }),
            ...(options.grantId === undefined ? {} : { grantId: options.grantId }),
            ...(options.justification === undefined ? {} : { justification: options.justification }),
            ...(options.ticket === undefined ? {} : { ticket: options.ticket }),
          },
        }
      : {}),
  };
}

/** The exit code a deploy script gates on. */
export function exitCodeForDecision(decision: string): ExitCode {
  switch (decision) {
    case 'allow':
      return ExitCode.ok;
    case 'warn':
      return ExitCode.freezeWarn;
    case 'deny':
      return ExitCode.freezeDeny;
    default:
      throw new CliError(`the service answered an unknown decision "${decision}"`, ExitCode.internal);
  }
}

async function evaluate(context: CommandContext, options: EvaluateOptions): Promise<ExitCode> {
  const request = evaluateRequest(options);
  const result: EvaluateResponse = await context.client.evaluateFreeze(request);
  const code = exitCodeForDecision(result.decision);
  const { output } = context;
  if (output.json) {
    output.data(result);
    return code;
  }
  output.line(`${result.decision.toUpperCase()}: ${result.reason}`);
  if (result.windows.length > 0) {
    output.table(
      ['window', 'kind', 'occurrence start', 'occurrence end', 'id'],
      result.windows.map((w) => [
        clip(w.name, 40),
        w.kind,
        when(w.occurrenceStart),
        w.occurrenceEnd === null ? 'until lifted' : when(w.occurrenceEnd),
        w.id,
      ]),
    );
  }
  if (result.allowedAfter !== undefined) output.line(`allowed after ${when(result.allowedAfter)}`);
  return code;
}

// --- calendar -----------------------------------------------------------------------------------------

interface CalendarOptions {
  readonly from?: Date;
  readonly to?: Date;
  readonly cursor?: string;
  readonly all?: boolean;
}

async function calendar(context: CommandContext, options: CalendarOptions): Promise<ExitCode> {
  const from = options.from ?? context.runtime.now();
  const to = options.to ?? new Date(from.getTime() + 7 * DAY_MS);
  if (to <= from) throw new UsageError('--to must be after --from');
  const { output } = context;
  const items: FreezeOccurrence[] = [];
  let cursor = options.cursor;
  let page: FreezeCalendar;
  for (;;) {
    page = await context.client.freezeCalendar(from, to, cursor);
    items.push(...page.items);
    if (options.all !== true || page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  const { truncated, nextCursor } = page;
  if (output.json) {
    output.data({ from: page.from, to: page.to, items, truncated, nextCursor });
    return ExitCode.ok;
  }
  output.line(`freeze calendar ${when(page.from)} → ${when(page.to)}`);
  if (items.length === 0) {
    output.line('no occurrences');
  } else {
    output.table(
      ['start (UTC)', 'end (UTC)', 'kind', 'window', 'id'],
      items.map((o) => [
        when(o.start),
        o.end === null ? 'until lifted' : when(o.end),
        o.kind,
        clip(o.name, 40),
        o.windowId,
      ]),
    );
  }
  if (nextCursor !== null) {
    // Part of the result, not a note: a reader of the table must see that it is not the whole range.
    output.line(`truncated: occurrences that start at or after ${when(nextCursor)} are not listed`);
    output.note(`more occurrences: add --all, or --cursor ${nextCursor}`);
  }
  return ExitCode.ok;
}

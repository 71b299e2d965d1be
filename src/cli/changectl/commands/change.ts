/**
 * `changectl change show <changeId> [--source <source>]`: one change's state and its full history
 * (GET /v1/changes/{source}/{changeId}; without --source, the change if exactly one source has that id).
 */
import type { Command } from 'commander';
import type { ChangeDetail } from '../api-client';
import { contextOf, type CliRuntime, type CommandContext } from '../context';
import { ExitCode } from '../exit-codes';
import { clip, when } from '../output';
import { phaseText } from './timeline';

export function registerChangeCommands(program: Command, runtime: CliRuntime): void {
  const change = program.command('change').description('look at one change');
  change
    .command('show')
    .description("a change's current state and every event of it, in the order they occurred")
    .argument('<changeId>', 'the change id')
    .option(
      '--source <source>',
      'the system that published the change (needed when several sources have this change id)',
    )
    .action(async (changeId: string, options: { source?: string }, command: Command) => {
      runtime.exitCode = await showChange(contextOf(command, runtime), changeId, options.source);
    });
}

async function showChange(
  context: CommandContext,
  changeId: string,
  source: string | undefined,
): Promise<ExitCode> {
  const { client, output } = context;
  const detail = await client.getChange(changeId, source);
  if (output.json) {
    output.data(detail);
    return ExitCode.ok;
  }
  printDetail(context, detail);
  return ExitCode.ok;
}

function printDetail({ output }: CommandContext, { change, events }: ChangeDetail): void {
  output.fields([
    ['change id', change.changeId],
    ['phase', phaseText(change)],
    ['kind', change.kind],
    ['service', change.service],
    ['environment', change.environment],
    ['region', change.region],
    ['cluster', change.cluster],
    ['team', change.team],
    ['source', change.source],
    ['actor', change.actor === null ? null : `${change.actor.id} (${change.actor.type})`],
    ['summary', change.summary],
    [
      'version',
      change.version === null ? null : `${change.version.from ?? '?'} → ${change.version.to ?? '?'}`,
    ],
    ['rollout', rolloutText(change.rollout)],
    [
      'override',
      change.override === null
        ? null
        : `by ${change.override.by} (${change.override.role})${
            change.override.justification === undefined ? '' : `: ${change.override.justification}`
          }`,
    ],
    ['planned at', when(change.plannedAt)],
    ['started at', when(change.startedAt)],
    ['finished at', when(change.finishedAt)],
    ['last event at', when(change.lastEventAt)],
    ['events', change.eventCount],
  ]);
  output.line();
  output.table(
    ['occurred (UTC)', 'phase', 'summary / rollout', 'event id', 'recorded (UTC)', 'position'],
    events.map((entry) => {
      const event = entry.event;
      const summary = typeof event['summary'] === 'string' ? event['summary'] : undefined;
      const rollout = rolloutText(event['rollout']);
      return [
        when(stringField(event, 'occurredAt')),
        stringField(event, 'phase'),
        clip([summary, rollout].filter((t) => t !== undefined && t !== '').join(' · '), 56),
        stringField(event, 'eventId'),
        when(entry.recordedAt),
        entry.position,
      ];
    }),
  );
}

function stringField(record: Record<string, unknown>, name: string): string | undefined {
  const value = record[name];
  return typeof value === 'string' ? value : undefined;
}

/** "batch 2/4, 50%" from a rollout object, whatever subset of its fields is present. */
export function rolloutText(rollout: unknown): string | undefined {
  if (typeof rollout !== 'object' || rollout === null) return undefined;
  const r = rollout as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof r['stage'] === 'string') parts.push(r['stage']);
  if (typeof r['batch'] === 'number') {
    parts.push(
      typeof r['totalBatches'] === 'number' ? `${r['batch']}/${r['totalBatches']}` : String(r['batch']),
    );
  }
  if (typeof r['percent'] === 'number') parts.push(`${r['percent']}%`);
  return parts.length === 0 ? undefined : parts.join(' ');
}

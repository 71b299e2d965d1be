/**
 * `changectl suspects --alert <fingerprint> | --incident <id>`: the changes most likely behind an alert
 * or an incident, best first, with the reasons (GET /v1/alerts/{id}/suspects, /v1/incidents/{id}/suspects).
 * The ranking's shape is read tolerantly: `{items: [...]}` (or a bare array), each with a changeId, a
 * score, reasons (strings, or objects with a text) and the change.
 */
import type { Command } from 'commander';
import { contextOf, integerBetween, nonEmpty, type CliRuntime, type CommandContext } from '../context';
import { ExitCode, UsageError } from '../exit-codes';
import { clip, when } from '../output';

interface SuspectsOptions {
  readonly alert?: string;
  readonly incident?: string;
  readonly limit?: number;
}

export interface Suspect {
  readonly changeId: string;
  readonly score: number | undefined;
  readonly reasons: readonly string[];
  readonly change: Readonly<Record<string, unknown>> | undefined;
}

export function registerSuspectsCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('suspects')
    .description('the changes most likely to have caused an alert or an incident, best first, with reasons')
    .option('--alert <fingerprint>', 'the alert, by its fingerprint', nonEmpty)
    .option('--incident <id>', 'the incident', nonEmpty)
    .option('--limit <n>', "how many suspects, 1-100 (default: the service's, 10)", integerBetween(1, 100))
    .action(async (options: SuspectsOptions, command: Command) => {
      runtime.exitCode = await suspects(contextOf(command, runtime), options);
    });
}

async function suspects(context: CommandContext, options: SuspectsOptions): Promise<ExitCode> {
  if ((options.alert === undefined) === (options.incident === undefined)) {
    throw new UsageError('give exactly one of --alert <fingerprint> or --incident <id>');
  }
  const target =
    options.alert !== undefined ? { alert: options.alert } : { incident: options.incident ?? '' };
  const { client, output } = context;
  const body = await client.suspects(target, options.limit);
  if (output.json) {
    output.data(body);
    return ExitCode.ok;
  }
  const heading = headingOf(body);
  if (heading !== undefined) output.line(heading);
  const ranked = parseSuspects(body);
  if (ranked.length === 0) {
    output.line('no suspect changes');
    return ExitCode.ok;
  }
  output.table(
    ['#', 'score', 'change id', 'service', 'kind', 'phase', 'started (UTC)', 'why'],
    ranked.map((s, i) => [
      i + 1,
      s.score === undefined ? '' : s.score.toFixed(4),
      s.changeId,
      text(s.change?.['service']),
      text(s.change?.['kind']),
      text(s.change?.['phase']),
      when(text(s.change?.['startedAt']) ?? text(s.change?.['timelineAt'])),
      s.reasons.map((r) => clip(r, 100)).join('\n'),
    ]),
  );
  return ExitCode.ok;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "alert HighErrorRate on checkout-api (production), firing since …" when the answer describes it. */
function headingOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const candidates =
    typeof body['candidates'] === 'number' ? `; ${body['candidates']} candidate changes` : '';
  const alert = body['alert'];
  if (isRecord(alert)) {
    const name = text(alert['name']) ?? text(alert['fingerprint']) ?? '';
    const service = text(alert['service']);
    const where = [service, text(alert['environment'])].filter((p) => p !== undefined).join(', ');
    const since = text(alert['startsAt']);
    return `alert ${name}${where === '' ? '' : ` on ${where}`}${since === undefined ? '' : ` since ${when(since)}`}${candidates}`;
  }
  const incident = body['incident'];
  if (isRecord(incident)) {
    const services = Array.isArray(incident['services'])
      ? incident['services'].filter((s) => typeof s === 'string')
      : [];
    const since = text(incident['startsAt']);
    return `incident ${text(incident['id']) ?? ''}${services.length === 0 ? '' : ` on ${services.join(', ')}`}${since === undefined ? '' : ` since ${when(since)}`}${candidates}`;
  }
  return undefined;
}

function reasonText(reason: unknown): string | undefined {
  if (typeof reason === 'string') return reason;
  if (!isRecord(reason)) return undefined;
  for (const key of ['text', 'message', 'description', 'reason', 'summary']) {
    const value = reason[key];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The ranked suspects in whatever reasonable shape the service answers. */
export function parseSuspects(body: unknown): Suspect[] {
  const list: unknown = Array.isArray(body)
    ? body
    : isRecord(body)
      ? (body['items'] ?? body['suspects'] ?? body['ranking'])
      : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown): Suspect[] => {
    if (!isRecord(item)) return [];
    const change = isRecord(item['change']) ? item['change'] : undefined;
    const changeId = text(item['changeId']) ?? text(change?.['changeId']);
    if (changeId === undefined) return [];
    const score = typeof item['score'] === 'number' ? item['score'] : undefined;
    const reasons = Array.isArray(item['reasons'])
      ? item['reasons'].map(reasonText).filter((r): r is string => r !== undefined)
      : [];
    return [{ changeId, score, reasons, change }];
  });
}

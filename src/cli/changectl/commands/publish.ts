/**
 * `changectl publish [file|-]`: change events as JSON lines, streamed from a file or stdin and sent in
 * batches of up to 1,000 to POST /v1/change-events. Lines that are not JSON are reported with their
 * number and not sent; the service's rejections are mapped back to line numbers. Re-running a file is
 * safe: events are idempotent by eventId.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { ApiError, type IngestResponse } from '../api-client';
import { contextOf, integerBetween, type CliRuntime, type CommandContext } from '../context';
import { CliError, ExitCode, UsageError } from '../exit-codes';
import {
  batchBody,
  DEFAULT_BATCH_LIMITS,
  jsonLineBatches,
  type InvalidLine,
  type JsonLine,
} from '../json-lines';
import { clip, count, plural, type Output } from '../output';
import { startProgress } from '../progress';

const MAX_BATCH = 1_000;
/** Problems kept in detail; beyond this they are only counted (a bad file must not exhaust memory). */
const MAX_DETAILED_PROBLEMS = 10_000;
const PROBLEM_ROWS_SHOWN = 50;
const MAX_RETRY_WAIT_SECONDS = 30;

interface PublishOptions {
  readonly batchSize: number;
  readonly retries: number;
}

export interface RejectedLine {
  readonly line: number;
  readonly eventId?: string;
  readonly errors: readonly { readonly field: string; readonly message: string }[];
}

/** What a publish run did so far, in line numbers. */
export class PublishTally {
  lines = 0;
  sent = 0;
  accepted = 0;
  rejectedCount = 0;
  invalidCount = 0;
  readonly rejected: RejectedLine[] = [];
  readonly invalid: InvalidLine[] = [];

  get truncated(): boolean {
    return this.rejected.length < this.rejectedCount || this.invalid.length < this.invalidCount;
  }

  get clean(): boolean {
    return this.rejectedCount === 0 && this.invalidCount === 0;
  }

  addInvalid(lines: readonly InvalidLine[]): void {
    this.invalidCount += lines.length;
    for (const line of lines) {
      if (this.detailed() < MAX_DETAILED_PROBLEMS) this.invalid.push(line);
    }
  }

  /** Maps the answer's batch indexes back to the lines they came from. */
  addResponse(events: readonly JsonLine[], response: IngestResponse): void {
    this.sent += events.length;
    this.accepted += response.accepted.length;
    this.rejectedCount += response.rejected.length;
    for (const { index, errors } of response.rejected) {
      if (this.detailed() >= MAX_DETAILED_PROBLEMS) continue;
      const event = events[index];
      this.rejected.push({
        line: event?.line ?? -1,
        ...(event?.eventId === undefined ? {} : { eventId: event.eventId }),
        errors,
      });
    }
  }

  progressText(): string {
    return `${plural(this.lines, 'line')}, ${count(this.accepted)} accepted, ${plural(this.rejectedCount + this.invalidCount, 'problem')}`;
  }

  private detailed(): number {
    return this.rejected.length + this.invalid.length;
  }
}

export function registerPublishCommand(program: Command, runtime: CliRuntime): void {
  program
    .command('publish')
    .description(
      'publish change events from JSON lines (one event per line) in a file or stdin; exit 5 if any line ' +
        'was rejected or is not JSON',
    )
    .argument('[file]', 'the JSON-lines file; "-" or nothing reads stdin')
    .option('--batch-size <n>', `events per request, 1-${MAX_BATCH}`, integerBetween(1, MAX_BATCH), MAX_BATCH)
    .option(
      '--retries <n>',
      'times to resend a batch the service asks to retry (503, 429), waiting as it says',
      integerBetween(0, 20),
      3,
    )
    .action(async (file: string | undefined, options: PublishOptions, command: Command) => {
      runtime.exitCode = await publish(contextOf(command, runtime), file, options);
    });
}

async function openInput(
  context: CommandContext,
  file: string | undefined,
): Promise<{ input: AsyncIterable<Buffer | string>; name: string; size: number | undefined }> {
  const { stdin } = context.runtime.streams;
  if (file === undefined || file === '-') {
    if (stdin.isTTY === true) context.output.note('reading JSON lines from the terminal; end with Ctrl-D');
    return { input: stdin as AsyncIterable<Buffer | string>, name: 'stdin', size: undefined };
  }
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { input: createReadStream(file), name: file, size };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function send(context: CommandContext, body: string, retries: number): Promise<IngestResponse> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await context.client.publishChangeEvents(body);
    } catch (error) {
      const retryable = error instanceof ApiError && (error.status === 503 || error.status === 429);
      if (!retryable || attempt >= retries) throw error;
      // Nothing of a refused batch was accepted (and eventIds make a resend harmless anyway).
      const wait = Math.min(MAX_RETRY_WAIT_SECONDS, error.retryAfterSeconds ?? 2 ** attempt);
      context.output.note(`publish: ${error.message}; retrying in ${wait} s (${attempt + 1}/${retries})`);
      await sleep(wait * 1000);
    }
  }
}

async function publish(
  context: CommandContext,
  file: string | undefined,
  options: PublishOptions,
): Promise<ExitCode> {
  const { output } = context;
  const { input, name, size } = await openInput(context, file);
  const tally = new PublishTally();
  const progress = startProgress(output.stderr, { label: `publish ${name}`, total: size });
  try {
    const batches = jsonLineBatches(input, { ...DEFAULT_BATCH_LIMITS, maxEvents: options.batchSize });
    for await (const batch of batches) {
      tally.lines = batch.linesRead;
      tally.addInvalid(batch.invalid);
      if (batch.events.length > 0) {
        const response = await send(context, batchBody(batch.events), options.retries);
        tally.addResponse(batch.events, response);
      }
      progress.update(batch.bytesRead, tally.progressText());
    }
  } catch (error) {
    progress.stop();
    if (error instanceof CliError) {
      // Say how far it got before the error is reported: a re-run of the whole input is safe.
      output.note(
        `publish stopped after line ${count(tally.lines)}: ${count(tally.sent)} events sent, ` +
          `${count(tally.accepted)} accepted, ${count(tally.rejectedCount)} rejected, ` +
          `${count(tally.invalidCount)} lines not sent`,
      );
      throw error;
    }
    throw new CliError(
      `cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.internal,
    );
  }
  progress.stop();
  report(output, name, tally);
  return tally.clean ? ExitCode.ok : ExitCode.rejected;
}

function report(output: Output, name: string, tally: PublishTally): void {
  if (output.json) {
    output.data({
      input: name,
      lines: tally.lines,
      sent: tally.sent,
      accepted: tally.accepted,
      rejectedCount: tally.rejectedCount,
      invalidCount: tally.invalidCount,
      rejected: tally.rejected,
      invalid: tally.invalid,
      truncated: tally.truncated,
    });
    return;
  }
  const notSent =
    tally.invalidCount === 0 ? '' : `; ${plural(tally.invalidCount, 'line')} not sent (not JSON or too long)`;
  output.line(
    `published ${plural(tally.sent, 'event')} from ${name} (${plural(tally.lines, 'line')}): ` +
      `${count(tally.accepted)} accepted, ${count(tally.rejectedCount)} rejected${notSent}`,
  );
  if (tally.clean) return;
  const problems = [
    ...tally.invalid.map((p) => ({ line: p.line, eventId: undefined, problem: p.error })),
    ...tally.rejected.map((r) => ({
      line: r.line,
      eventId: r.eventId,
      // The service's messages already name the field.
      problem: r.errors.map((e) => e.message).join('; '),
    })),
  ].sort((a, b) => a.line - b.line);
  output.table(
    ['line', 'event id', 'problem'],
    problems.slice(0, PROBLEM_ROWS_SHOWN).map((p) => [p.line, p.eventId, clip(p.problem, 100)]),
  );
  const hidden = tally.rejectedCount + tally.invalidCount - Math.min(problems.length, PROBLEM_ROWS_SHOWN);
  if (hidden > 0)
    output.line(`… and ${count(hidden)} more problems (--json lists up to ${count(MAX_DETAILED_PROBLEMS)})`);
}

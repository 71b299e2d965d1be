/**
 * `changectl audit`: the tamper-evident audit store (admin for `verify`, reviewer for `prove`).
 * - `verify`: walk the store (GET /v1/audit/verify); with `--checkpoints`, check the database against
 *   signed checkpoints the caller holds, from the last verified one.
 * - `prove`: an evidence bundle for one change; `verify-bundle` checks one offline.
 * - `fetch-checkpoints`: copy the checkpoints of the Kafka topic into a directory `verify` reads, each
 *   one's signature checked first.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Kafka, logLevel } from 'kafkajs';
import { errorMessage } from '../../../common/error-message';
import {
  checkpointOfMessage,
  DirectoryTarget,
  readCheckpointDirectory,
} from '../../../event-store/checkpoints/checkpoint-targets';
import { checkCheckpoint, trustedKeys } from '../../../event-store/domain/checkpoint';
import {
  verifyAgainstHeldCheckpoints,
  type VerifiedState,
} from '../../../event-store/domain/checkpoint-verification';
import { verifyEvidenceBundle, type EvidenceBundle } from '../../../event-store/domain/evidence-bundle';
import {
  readPartition,
  singlePartitionOffsets,
  type PartitionOffsets,
} from '../../../messaging/kafka/partition-reader';
import {
  collect,
  contextOf,
  integerBetween,
  packageVersion,
  type CliRuntime,
  type CommandContext,
} from '../context';
import { CliError, ExitCode } from '../exit-codes';
import { count, Output } from '../output';
import { startSpinner } from '../progress';

interface VerifyOptions {
  readonly checkpoints?: string;
  readonly publicKey?: readonly string[];
  readonly state?: string;
  readonly full?: boolean;
}

export function registerAuditCommands(program: Command, runtime: CliRuntime): void {
  const audit = program.command('audit').description('the tamper-evident audit store');
  audit
    .command('verify')
    .description(
      'walk the store from the first event to the head; with --checkpoints, check the database against ' +
        'signed checkpoints you hold (from the last verified one); exit 12 if anything does not verify',
    )
    .option(
      '--checkpoints <dir>',
      'a directory of checkpoint files you hold (as published to AUDIT_CHECKPOINT_DIR)',
    )
    .option('--public-key <file>', 'a PEM file of trusted public keys (repeatable)', collect)
    .option(
      '--state <file>',
      'where the last verified checkpoint is kept (default <dir>/.verified-state.json)',
    )
    .option('--full', 'ignore the state file: rehash every event from the first')
    .action(async (options: VerifyOptions, command: Command) => {
      const context = contextOf(command, runtime);
      runtime.exitCode =
        options.checkpoints === undefined
          ? await walk(context)
          : await verifyHeld(context, options.checkpoints, options);
    });
  audit
    .command('fetch-checkpoints')
    .description(
      'copy the signed checkpoints of the Kafka topic into a directory for `audit verify --checkpoints`, ' +
        'each signature checked first; from where the last run stopped; exit 12 at one that does not verify',
    )
    .requiredOption('--brokers <list>', 'Kafka bootstrap brokers, comma-separated (host:port,…)')
    .option('--topic <name>', 'the checkpoint topic (AUDIT_CHECKPOINT_TOPIC)', 'audit-checkpoints.v1')
    .requiredOption('--out <dir>', 'the directory of checkpoint files (created if missing)')
    .option('--public-key <file>', 'a PEM file of trusted public keys (repeatable)', collect)
    .action(async (options: FetchOptions, command: Command) => {
      const globals = command.optsWithGlobals<{ json?: boolean; timeout: number }>();
      runtime.exitCode = await fetchCheckpoints(
        new Output(runtime.streams, globals.json === true),
        options,
        globals.timeout * 1000,
      );
    });
  audit
    .command('prove')
    .description(
      'write an evidence bundle: the change’s events, their inclusion proofs, the signed checkpoint',
    )
    .argument('<source>', 'the change’s source')
    .argument('<changeId>', 'the change’s id')
    .requiredOption('--out <file>', 'where to write the bundle (JSON)')
    .option(
      '--tree-size <n>',
      'prove against this checkpoint (default: the latest)',
      integerBetween(1, Number.MAX_SAFE_INTEGER),
    )
    .action(
      async (
        source: string,
        changeId: string,
        options: { out: string; treeSize?: number },
        command: Command,
      ) => {
        runtime.exitCode = await prove(contextOf(command, runtime), source, changeId, options);
      },
    );
  audit
    .command('verify-bundle')
    .description('verify an evidence bundle offline with the public key alone; exit 12 if it does not verify')
    .argument('<bundle>', 'the bundle file (from `audit prove`)')
    .requiredOption('--public-key <file>', 'a PEM file of trusted public keys (repeatable)', collect)
    .action((bundle: string, options: { publicKey: readonly string[] }, command: Command) => {
      const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
      runtime.exitCode = verifyBundle(new Output(runtime.streams, json), bundle, options.publicKey);
    });
}

async function walk(context: CommandContext): Promise<ExitCode> {
  const { client, output } = context;
  // The walk reads the whole store: only a --timeout the user chose limits it.
  const spinner = startSpinner(output.stderr, 'verifying the audit store');
  let report;
  try {
    report = await client.verifyAudit(context.timeoutChosen ? context.timeoutMs : null);
  } finally {
    spinner.stop();
  }
  const code = report.ok ? ExitCode.ok : ExitCode.auditBroken;
  if (output.json) {
    output.data(report);
    return code;
  }
  if (report.ok) {
    output.line(
      `audit store intact: ${count(report.checked)} events checked; head at position ${report.head.position} (hash ${report.head.hash})`,
    );
    return code;
  }
  const at = report.firstBreak;
  output.line(
    at === undefined
      ? `audit store BROKEN (${count(report.checked)} events checked)`
      : `audit store BROKEN at position ${at.position} (${at.kind}${at.eventId === undefined ? '' : `, event ${at.eventId}`}): ${at.detail}`,
  );
  return code;
}

/** Trusted keys from PEM files (each may hold several keys). */
function keysFrom(files: readonly string[] | undefined): ReturnType<typeof trustedKeys> {
  if (files === undefined || files.length === 0) {
    throw new CliError(
      '--public-key is required: the checkpoints are checked with keys you trust',
      ExitCode.usage,
    );
  }
  const pems = files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  });
  if (pems.length === 0) throw new CliError(`no PEM public key in ${files.join(', ')}`, ExitCode.usage);
  return trustedKeys(pems);
}

async function verifyHeld(context: CommandContext, dir: string, options: VerifyOptions): Promise<ExitCode> {
  const { client, output } = context;
  const keys = keysFrom(options.publicKey);
  if (!existsSync(dir)) throw new CliError(`no checkpoint directory ${dir}`, ExitCode.usage);
  const stateFile = options.state ?? path.join(dir, '.verified-state.json');
  const previous =
    options.full !== true && existsSync(stateFile)
      ? (JSON.parse(readFileSync(stateFile, 'utf8')) as VerifiedState)
      : undefined;
  const started = performance.now();
  const report = await verifyAgainstHeldCheckpoints(
    readCheckpointDirectory(dir),
    keys,
    previous,
    async (after, limit) => (await client.auditEvents(after, limit)).events,
  );
  const seconds = (performance.now() - started) / 1000;
  if (report.state !== undefined && report.state !== previous) {
    // Written aside and renamed: a crash never leaves half a state behind.
    writeFileSync(`${stateFile}.tmp`, `${JSON.stringify(report.state, null, 2)}\n`);
    renameSync(`${stateFile}.tmp`, stateFile);
  }
  const code = report.ok ? ExitCode.ok : ExitCode.auditBroken;
  if (output.json) {
    output.data({ ...report, seconds });
    return code;
  }
  const rate = seconds > 0 ? ` (${count(Math.round(report.eventsChecked / seconds))} events/s)` : '';
  output.line(
    `${report.ok ? 'verified' : 'NOT VERIFIED'}: ${count(report.eventsChecked)} events rehashed${rate}, ` +
      `${count(report.checkpointsVerified)} checkpoints matched; verified up to tree size ${report.verifiedTreeSize}`,
  );
  for (const problem of report.problems) output.line(`  ${problem}`);
  return code;
}

interface FetchOptions {
  readonly brokers: string;
  readonly topic: string;
  readonly out: string;
  readonly publicKey?: readonly string[];
}

/** Where the next run of fetch-checkpoints starts on a topic (kept beside the checkpoint files). */
interface FetchState {
  readonly topic: string;
  readonly nextOffset: number;
}

/** A message on the topic that is not a checkpoint signed by a trusted key. */
class UnverifiedMessage extends Error {}

async function fetchCheckpoints(output: Output, options: FetchOptions, timeoutMs: number): Promise<ExitCode> {
  const keys = keysFrom(options.publicKey);
  const stateFile = path.join(options.out, '.kafka-offset.json');
  const directory = new DirectoryTarget(options.out);
  await directory.publishedUpTo(); // creates the directory
  const saved = existsSync(stateFile)
    ? (JSON.parse(readFileSync(stateFile, 'utf8')) as FetchState)
    : undefined;
  const kafka = new Kafka({
    clientId: `changectl/${packageVersion()}`,
    brokers: options.brokers.split(',').map((b) => b.trim()),
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 10_000),
    retry: { retries: 2 },
  });
  let offsets: PartitionOffsets;
  const admin = kafka.admin();
  try {
    await admin.connect();
    offsets = await singlePartitionOffsets(admin, options.topic);
  } catch (error) {
    throw new CliError(
      `cannot read ${options.topic} from ${options.brokers}: ${errorMessage(error)}`,
      ExitCode.unavailable,
    );
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  const from = Math.max(offsets.low, saved?.topic === options.topic ? saved.nextOffset : 0);
  let next = from;
  let fetched = 0;
  let treeSize: number | undefined;
  let failure: string | undefined;
  try {
    await readPartition(
      kafka,
      options.topic,
      { from, until: offsets.high },
      async (message) => {
        let checkpoint;
        try {
          checkpoint = checkpointOfMessage(message);
        } catch (error) {
          throw new UnverifiedMessage(`offset ${message.offset}: not a checkpoint (${errorMessage(error)})`);
        }
        const rejection = checkCheckpoint(checkpoint, keys);
        if (rejection !== undefined) {
          throw new UnverifiedMessage(
            `offset ${message.offset}, tree size ${checkpoint.treeSize}: ${rejection}`,
          );
        }
        try {
          await directory.publish(checkpoint);
        } catch (error) {
          // A file of that size with other content: two signed checkpoints of one size, a split view.
          throw new UnverifiedMessage(`offset ${message.offset}: ${errorMessage(error)}`);
        }
        fetched += 1;
        treeSize = checkpoint.treeSize;
        next = Number(message.offset) + 1;
      },
      { groupPrefix: 'changectl-fetch-checkpoints', idleMs: timeoutMs },
    );
  } catch (error) {
    if (!(error instanceof UnverifiedMessage)) {
      throw new CliError(`reading ${options.topic} failed: ${errorMessage(error)}`, ExitCode.unavailable);
    }
    failure = error.message;
  } finally {
    // What was written stays written: the next run starts after it.
    const state: FetchState = { topic: options.topic, nextOffset: next };
    writeFileSync(`${stateFile}.tmp`, `${JSON.stringify(state)}\n`);
    renameSync(`${stateFile}.tmp`, stateFile);
  }
  const code = failure === undefined ? ExitCode.ok : ExitCode.auditBroken;
  if (output.json) {
    output.data({
      ok: failure === undefined,
      fetched,
      treeSize: treeSize ?? null,
      nextOffset: next,
      problem: failure ?? null,
    });
    return code;
  }
  output.line(
    `fetched ${count(fetched)} checkpoints from ${options.topic} into ${options.out}` +
      (treeSize === undefined ? '' : `, up to tree size ${treeSize}`),
  );
  if (offsets.low > 0 && from === offsets.low && saved === undefined) {
    output.line(
      `  the topic starts at offset ${offsets.low}: earlier checkpoints are gone from it (retention)`,
    );
  }
  if (failure !== undefined) output.line(`NOT VERIFIED, stopped at ${failure}`);
  return code;
}

async function prove(
  context: CommandContext,
  source: string,
  changeId: string,
  options: { out: string; treeSize?: number },
): Promise<ExitCode> {
  const bundle = await context.client.changeEvidence(source, changeId, options.treeSize);
  writeFileSync(options.out, `${JSON.stringify(bundle, null, 2)}\n`);
  if (context.output.json)
    context.output.data({
      out: options.out,
      events: bundle.events.length,
      treeSize: bundle.checkpoint.treeSize,
    });
  else
    context.output.line(
      `wrote ${options.out}: ${count(bundle.events.length)} events proven in checkpoint ${bundle.checkpoint.treeSize} (key ${bundle.checkpoint.keyId})`,
    );
  return ExitCode.ok;
}

function verifyBundle(output: Output, file: string, keyFiles: readonly string[]): ExitCode {
  const keys = keysFrom(keyFiles);
  let bundle: EvidenceBundle;
  try {
    bundle = JSON.parse(readFileSync(file, 'utf8')) as EvidenceBundle;
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`,
      ExitCode.usage,
    );
  }
  let problems: string[];
  try {
    problems = verifyEvidenceBundle(bundle, keys);
  } catch (error) {
    problems = [`malformed bundle: ${error instanceof Error ? error.message : String(error)}`];
  }
  const code = problems.length === 0 ? ExitCode.ok : ExitCode.auditBroken;
  if (output.json) {
    output.data({ ok: problems.length === 0, problems });
    return code;
  }
  if (problems.length === 0) {
    output.line(
      `bundle verified: ${count(bundle.events.length)} events of ${bundle.stream.namespace}/${bundle.stream.streamId} ` +
        `are in checkpoint ${bundle.checkpoint.treeSize}, signed ${bundle.checkpoint.timestamp} by key ${bundle.checkpoint.keyId}`,
    );
  } else {
    output.line('bundle NOT VERIFIED:');
    for (const problem of problems) output.line(`  ${problem}`);
  }
  return code;
}

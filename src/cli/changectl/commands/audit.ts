/** `changectl audit verify`: walk the event store's hash chain (GET /v1/audit/verify; admin). */
import type { Command } from 'commander';
import { contextOf, type CliRuntime, type CommandContext } from '../context';
import { ExitCode } from '../exit-codes';
import { count } from '../output';
import { startSpinner } from '../progress';

export function registerAuditCommands(program: Command, runtime: CliRuntime): void {
  const audit = program.command('audit').description('the tamper-evident audit store');
  audit
    .command('verify')
    .description('check the hash chain from the first event to the head; exit 12 if it is broken')
    .action(async (_options: unknown, command: Command) => {
      runtime.exitCode = await verify(contextOf(command, runtime));
    });
}

async function verify(context: CommandContext): Promise<ExitCode> {
  const { client, output } = context;
  // The walk reads the whole store: only a --timeout the user chose limits it.
  const spinner = startSpinner(output.stderr, 'verifying the audit chain');
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
      `audit chain intact: ${count(report.checked)} events checked; head at position ${report.head.position} (hash ${report.head.hash})`,
    );
    return code;
  }
  const at = report.firstBreak;
  output.line(
    at === undefined
      ? `audit chain BROKEN (${count(report.checked)} events checked)`
      : `audit chain BROKEN at position ${at.position} (${at.kind}${at.eventId === undefined ? '' : `, event ${at.eventId}`}): ${at.detail}`,
  );
  return code;
}

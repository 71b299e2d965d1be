/**
 * changectl's exit codes: a contract with the scripts that call it (documented in `--help` and in
 * docs/changectl.md). Never renumber one; add new codes instead.
 */
export const ExitCode = {
  ok: 0,
  /** A bug, or an answer the CLI did not expect (500, a body that is not JSON). */
  internal: 1,
  /** Bad flags or arguments; nothing was sent. */
  usage: 2,
  /** The API key is missing or unknown (401) or lacks the role (403). */
  auth: 3,
  notFound: 4,
  /** The service refused the input (400, 409, 413, 422), or `publish` had lines rejected or not JSON. */
  rejected: 5,
  /** No answer: connection refused, timeout, or 429/502/503/504. */
  unavailable: 6,
  /** `freeze evaluate`: the change is denied. */
  freezeDeny: 10,
  /** `freeze evaluate`: allowed with a warning (exempt kind or break-glass override). */
  freezeWarn: 11,
  /** `audit verify`, `verify-bundle`, `fetch-checkpoints`: the store, held checkpoints, a bundle or a topic's message do not verify. */
  auditBroken: 12,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const EXIT_CODES_HELP = `
Exit codes:
  0   ok (freeze evaluate: allow)
  1   unexpected error (a bug, a 500, an answer that is not JSON)
  2   usage error (bad flags or arguments; nothing was sent)
  3   authentication or authorisation failed (401, 403)
  4   not found (404)
  5   rejected by the service (400, 409, 413, 422); publish: some lines rejected or not JSON
  6   service unavailable (connection refused, timeout, 429, 502, 503, 504)
  10  freeze evaluate: deny
  11  freeze evaluate: warn (allowed through an exemption or a break-glass override)
  12  audit verify, verify-bundle, fetch-checkpoints: the store, held checkpoints, a bundle or a
      message on the checkpoint topic do not verify`;

/** The exit code for an HTTP error status. */
export function exitCodeForStatus(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.auth;
  if (status === 404) return ExitCode.notFound;
  if (status === 400 || status === 409 || status === 413 || status === 422) return ExitCode.rejected;
  if (status === 408 || status === 429 || status === 502 || status === 503 || status === 504) {
    return ExitCode.unavailable;
  }
  return ExitCode.internal;
}

/** A failure the CLI explains in one message and ends with `exitCode`. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}

/** Bad flags or arguments found by the CLI itself (commander reports its own). */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message, ExitCode.usage);
  }
}

/**
 * What every command needs: the API client and the output, built from the global options. Also the
 * small argument parsers the command groups share (commander turns their errors into exit code 2).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ApiClient } from './api-client';
import type { ExitCode } from './exit-codes';
import { Output, type CliStreams } from './output';
import { parseInstantArg } from './time-args';

export const DEFAULT_URL = 'http://127.0.0.1:3000';
export const DEFAULT_TIMEOUT_SECONDS = 30;

export interface GlobalOptions {
  readonly url: URL;
  readonly apiKey?: string;
  readonly json?: boolean;
  readonly timeout: number;
}

/** Shared by all commands of one run; an action stores its outcome here. */
export interface CliRuntime {
  readonly streams: CliStreams;
  readonly now: () => Date;
  exitCode: ExitCode;
}

export interface CommandContext {
  readonly client: ApiClient;
  readonly output: Output;
  readonly runtime: CliRuntime;
  /** True when the user set --timeout (or CHANGECTL_TIMEOUT) rather than relying on the default. */
  readonly timeoutChosen: boolean;
  readonly timeoutMs: number;
}

export function contextOf(command: Command, runtime: CliRuntime): CommandContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const timeoutMs = options.timeout * 1000;
  const source = command.getOptionValueSourceWithGlobals('timeout');
  return {
    client: new ApiClient({
      baseUrl: options.url,
      apiKey: options.apiKey,
      timeoutMs,
      userAgent: `changectl/${packageVersion()}`,
    }),
    output: new Output(runtime.streams, options.json === true),
    runtime,
    timeoutChosen: source !== undefined && source !== 'default',
    timeoutMs,
  };
}

let version: string | undefined;

/** The package's version, read from the package.json above this file (in src/ or in dist/). */
export function packageVersion(): string {
  if (version !== undefined) return version;
  let dir = __dirname;
  for (let i = 0; i < 6; i += 1) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (json.name === 'change-audit-service' && typeof json.version === 'string') {
        version = json.version;
        return version;
      }
    } catch {
      // Not here; look in the parent directory.
    }
    dir = path.dirname(dir);
  }
  version = 'unknown';
  return version;
}

// --- argument parsers -------------------------------------------------------------------------------

export function parseServiceUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError('must be an http(s) URL, e.g. http://127.0.0.1:3000');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('must be an http(s) URL, e.g. http://127.0.0.1:3000');
  }
  if (url.username !== '' || url.password !== '') {
    throw new InvalidArgumentError('must not carry credentials: use --api-key');
  }
  return url;
}

export function parseSeconds(text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError('must be a positive number of seconds');
  }
  return value;
}

export function integerBetween(min: number, max: number): (text: string) => number {
  return (text) => {
    if (!/^\d+$/.test(text.trim()))
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    const value = Number(text);
    if (value < min || value > max)
      throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
    return value;
  };
}

export function instantArg(runtime: CliRuntime): (text: string) => Date {
  return (text) => {
    try {
      return parseInstantArg(text, runtime.now());
    } catch (error) {
      throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
    }
  };
}

/** For options that may be given several times: `--service a --service b`. */
export function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Like `collect`, for a repeatable option whose values come from a fixed list. */
export function collectOneOf(
  allowed: readonly string[],
): (value: string, previous: readonly string[] | undefined) => string[] {
  return (value, previous) => {
    if (!allowed.includes(value)) throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}`);
    return collect(value, previous);
  };
}

export function nonEmpty(text: string): string {
  if (text.trim() === '') throw new InvalidArgumentError('must not be empty');
  return text;
}

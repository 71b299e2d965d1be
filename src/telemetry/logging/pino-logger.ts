import type { LoggerService } from '@nestjs/common';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import type { AppConfig } from '../../config/app-config';
import { integrationSecrets } from '../../intake/integrations';

const CENSOR = '[REDACTED]';

/**
 * Structured paths pino blanks out. Headers arrive lower-case from Node but not from every caller, so
 * both spellings are listed; `*.` covers one level of nesting (`{ request: { headers } }`).
 */
export const REDACTED_PATHS = [
  'authorization',
  'Authorization',
  'cookie',
  'password',
  'apiKey',
  'headers.authorization',
  'headers.Authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  '*.authorization',
  '*.Authorization',
  '*.password',
  '*.apiKey',
  '*.headers.authorization',
  '*.headers.Authorization',
  '*.headers.cookie',
  '*.headers["x-api-key"]',
  // A failed query's error (TypeORM's QueryFailedError, pg's error) carries the statement's parameter
  // values and PostgreSQL's detail, which quotes row values: never logged.
  'err.parameters',
  'err.detail',
  'err.driverError.parameters',
  'err.driverError.detail',
];

/**
 * The last line of defence, applied to every serialised line: any configured API key, any bearer or
 * basic credential and any password in a URL (`postgres://user:secret@host`) or a `password=` pair is
 * replaced, wherever it appears (a message, an error, a nested object pino's paths did not reach).
 */
export function secretScrubber(secrets: readonly string[]): (line: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const literal = [...new Set(secrets.filter((s) => s.length >= 8))].sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line;
    for (const secret of literal) {
      if (out.includes(secret)) out = out.split(secret).join(CENSOR);
    }
    return out
      .replace(/\b(Bearer|Basic)\s+[^\s"\\,]+/gi, `$1 ${CENSOR}`)
      .replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"]+:)[^\s@"/]+@/gi, `$1${CENSOR}@`)
      .replace(/\b(password=)[^\s&;"\\]+/gi, `$1${CENSOR}`);
  };
}

/**
 * Values that must never be logged as they are: every API key (at least 8 characters, see API_KEYS).
 * The DATABASE_URL password is caught by its URL form instead: replacing a short or common password
 * ("postgres") everywhere would mangle unrelated text.
 */
export function configSecrets(config: AppConfig): string[] {
  return [...(config.apiKeys ?? []).map((k) => k.key), ...integrationSecrets(config.intake.integrations)];
}

const PINO_LEVEL: Record<AppConfig['logLevel'], Level> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
};

export interface LoggerOptions {
  readonly level: AppConfig['logLevel'];
  readonly secrets: readonly string[];
  /** Default: stdout, written synchronously so nothing is lost when the process exits. */
  readonly destination?: DestinationStream;
}

/** JSON lines: level, ISO time, message, Nest context, and the active trace's trace_id and span_id. */
export function createLogger(options: LoggerOptions): Logger {
  const scrub = secretScrubber(options.secrets);
  return pino(
    {
      level: PINO_LEVEL[options.level],
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: CENSOR },
      mixin: traceFields,
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

function traceFields(): { trace_id?: string; span_id?: string; trace_flags?: string } {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const context = span.spanContext();
  if (!isSpanContextValid(context)) return {};
  return {
    trace_id: context.traceId,
    span_id: context.spanId,
    trace_flags: `0${context.traceFlags.toString(16)}`.slice(-2),
  };
}

type Write = (fields: Record<string, unknown>, message?: string) => void;

/** Nest's LoggerService over pino: `new Logger('Context').log(...)` everywhere in the app lands here. */
export class PinoLoggerService implements LoggerService {
  constructor(readonly pino: Logger) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write(this.pino.info.bind(this.pino), message, optionalParams);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write(this.pino.warn.bind(this.pino), message, optionalParams);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write(this.pino.debug.bind(this.pino), message, optionalParams);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write(this.pino.trace.bind(this.pino), message, optionalParams);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write(this.pino.fatal.bind(this.pino), message, optionalParams);
  }

  /** Nest calls error(message, stack?, context?): a trailing string is the context, a stack trace the stack. */
  error(message: unknown, ...optionalParams: unknown[]): void {
    const params = [...optionalParams];
    let context: string | undefined;
    let stack: string | undefined;
    const last = params[params.length - 1];
    if (params.length >= 2 && (typeof last === 'string' || last === undefined)) {
      context = last;
      params.pop();
    }
    const first = params[0];
    if (params.length === 1 && (typeof first === 'string' || first === undefined)) {
      if (first !== undefined && /\n\s+at /.test(first)) stack = first;
      else if (context === undefined) context = first;
      params.shift();
    }
    this.emit(this.pino.error.bind(this.pino), message, context, params, stack);
  }

  private write(write: Write, message: unknown, optionalParams: unknown[]): void {
    const params = [...optionalParams];
    const last = params[params.length - 1];
    const context = typeof last === 'string' ? last : undefined;
    if (context !== undefined) params.pop();
    this.emit(write, message, context, params, undefined);
  }

  private emit(
    write: Write,
    message: unknown,
    context: string | undefined,
    extra: unknown[],
    stack: string | undefined,
  ): void {
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields['context'] = context;
    if (extra.length > 0) fields['extra'] = extra;
    if (stack !== undefined) fields['stack'] = stack;
    if (message instanceof Error) {
      fields['err'] = message;
      write(fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      const { message: text, msg, ...rest } = message as Record<string, unknown>;
      Object.assign(fields, rest);
      const line = typeof text === 'string' ? text : typeof msg === 'string' ? msg : undefined;
      write(fields, line);
    } else {
      write(fields, String(message));
    }
  }
}

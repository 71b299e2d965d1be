import { Logger, type LoggerService } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/** A query text is logged up to this many characters: enough to find the statement, bounded per line. */
const MAX_QUERY_CHARS = 2_000;
const CENSOR = '[REDACTED]';
/** Shorter parameter values are not searched for in error messages: they would blank common words. */
const MIN_SCRUBBED_VALUE_CHARS = 3;

/**
 * TypeORM's log through the service's logger (pino, with its redaction, once bootstrap has overridden
 * Nest's logger), instead of TypeORM's console logger, which prints a failed query's parameter values —
 * the data being stored or looked up — on stdout beside the JSON lines. Parameter values are never
 * logged: a failure gives the query text, how many parameters it had and the PostgreSQL error (code,
 * message with any parameter value it quotes blanked, and the table, column and constraint concerned;
 * not its `detail`, which quotes row values). Successful queries are not logged (traces cover them).
 */
export class TypeOrmPinoLogger implements TypeOrmLogger {
  constructor(private readonly logger: LoggerService = new Logger('TypeORM')) {}

  logQuery(): void {
    // Every query: far too many lines, and the spans of db-tracing.ts already time them.
  }

  logQueryError(error: string | Error, query: string, parameters?: unknown[]): void {
    this.logger.error({
      message: 'query failed',
      query: queryText(query),
      parameterCount: parameters?.length ?? 0,
      error: errorFields(error, parameters ?? []),
    });
  }

  logQuerySlow(time: number, query: string, parameters?: unknown[]): void {
    this.logger.warn({
      message: 'slow query',
      durationMs: time,
      query: queryText(query),
      parameterCount: parameters?.length ?? 0,
    });
  }

  logSchemaBuild(): void {
    // Migration progress ("7 migrations were found…"): left out, as TypeORM's own logging had it.
  }

  /** TypeORM reports only failed migrations here (the error is thrown as well). */
  logMigration(message: string): void {
    this.logger.error(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : String(message);
    if (level === 'warn') this.logger.warn(text);
    else if (level === 'info') this.logger.log(text);
    else this.logger.debug?.(text);
  }
}

function queryText(query: string): string {
  return query.length <= MAX_QUERY_CHARS ? query : `${query.slice(0, MAX_QUERY_CHARS)}…`;
}

/** The parts of a driver error that name the problem, without the values involved. */
function errorFields(error: string | Error, parameters: readonly unknown[]): Record<string, unknown> {
  const scrub = parameterScrubber(parameters);
  if (typeof error === 'string') return { message: scrub(error) };
  const fields: Record<string, unknown> = { name: error.name, message: scrub(error.message) };
  const driver = error as Error & Record<string, unknown>;
  for (const key of ['code', 'table', 'column', 'constraint', 'routine'] as const) {
    const value = driver[key];
    if (typeof value === 'string' && value !== '') fields[key] = scrub(value);
  }
  return fields;
}

/** Blanks every parameter value (as text) in a message, e.g. `invalid input syntax for type uuid: "…"`. */
function parameterScrubber(parameters: readonly unknown[]): (text: string) => string {
  const values = parameters
    .flatMap((p) => (Array.isArray(p) ? (p as unknown[]) : [p]))
    .map(parameterText)
    .filter((v): v is string => v !== undefined && v.length >= MIN_SCRUBBED_VALUE_CHARS)
    // Longest first, so a value that contains another is blanked whole.
    .sort((a, b) => b.length - a.length);
  return (text) => values.reduce((out, value) => out.split(value).join(CENSOR), text);
}

function parameterText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  if (value instanceof Date) return Number.isFinite(value.getTime()) ? value.toISOString() : undefined;
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    try {
      return JSON.stringify(value);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

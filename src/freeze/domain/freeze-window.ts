/**
 * Freeze windows: the definition an admin declares (contract freeze-window-definition.v1), the rules of it
 * a schema cannot state, its normal form, and the window with its state.
 *
 * Pure domain: plain TypeScript plus Croner (cron parsing) and the Temporal polyfill (time zones and
 * ISO 8601 durations). Nothing here knows about Nest, TypeORM or I/O.
 */
import { Temporal } from '@js-temporal/polyfill';
import { Cron } from 'croner';
import type {
  FreezeWindowDefinitionV1,
  OnceSchedule,
  RecurringSchedule,
} from '../../contracts/generated/freeze-window-definition.v1';

export type FreezeWindowKind = FreezeWindowDefinitionV1['kind'];
export const FREEZE_WINDOW_KINDS: readonly FreezeWindowKind[] = ['deny', 'allow'];

export type Exemption = NonNullable<FreezeWindowDefinitionV1['exemptions']>[number];
export const EXEMPTIONS: readonly Exemption[] = ['rollback', 'hotfix'];

/** The change kinds of change-event.v1 (read from its schema); `scope.kinds` must use these (no globs). */
export { CHANGE_KINDS } from '../../contracts/change-event-enums';

/**
 * The schedules of contract freeze-window-definition.v1: a one-off window from `start` (without `end`, a
 * manual "freeze now" that lasts until lifted), or one that opens at every fire time of a five-field cron
 * expression, read on the local wall clock of `timeZone`, for `duration` of local wall-clock time (see
 * schedule.ts).
 */
export type { OnceSchedule, RecurringSchedule };

export type FreezeSchedule = OnceSchedule | RecurringSchedule;

export const SCOPE_DIMENSIONS = ['services', 'teams', 'environments', 'regions', 'kinds', 'tiers'] as const;
export type ScopeDimension = (typeof SCOPE_DIMENSIONS)[number];

/**
 * Which changes a window applies to. An absent (or empty) dimension matches everything; dimensions
 * combine with AND, the values of one dimension with OR. All dimensions but `kinds` take glob patterns.
 */
export type FreezeScope = { readonly [D in ScopeDimension]?: readonly string[] };

export interface BreakGlass {
  /** Roles whose override lets a change through this window (with a warning). */
  readonly roles: readonly string[];
  readonly justificationRequired: boolean;
}

export interface FreezeWindowDefinition {
  readonly name: string;
  readonly reason: string;
  readonly kind: FreezeWindowKind;
  readonly schedule: FreezeSchedule;
  readonly scope: FreezeScope;
  readonly exemptions?: readonly Exemption[];
  readonly breakGlass?: BreakGlass;
}

/** A declared window with its life-cycle state, as the read model holds it. */
export interface FreezeWindow extends FreezeWindowDefinition {
  readonly id: string;
  /** Set when the window was lifted: the occurrence running then ends at this instant, later ones never start. */
  readonly liftedAt?: Date | undefined;
  /** A cancelled window never applies. */
  readonly cancelled: boolean;
}

export interface ValidationError {
  /** JSON pointer (RFC 6901) to the offending field, e.g. `/schedule/cron`; `` for the whole input. */
  readonly field: string;
  /** Names the field itself, e.g. `/schedule/cron never fires`. */
  readonly message: string;
}

/**
 * Instants the schedule code supports. Croner reads years below 100 as 19xx, and no freeze calendar needs
 * more; the bounds keep every computation inside what both libraries handle exactly.
 */
export const MIN_SUPPORTED_INSTANT = new Date('1900-01-01T00:00:00.000Z');
export const MAX_SUPPORTED_INSTANT = new Date('2500-01-01T00:00:00.000Z');

/** The longest duration a recurring window may have. */
export const MAX_DURATION_MS = 31 * 24 * 60 * 60 * 1000;

/** The longest reason (for a window, a change to it, a cancellation or a lift). */
export const MAX_REASON_LENGTH = 2000;

export function isSupportedInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= MIN_SUPPORTED_INSTANT.getTime() && ms < MAX_SUPPORTED_INSTANT.getTime();
}

/** Parses an ISO 8601 instant that carries a `Z` or numeric offset; undefined when it is not one. */
export function parseInstant(text: string): number | undefined {
  try {
    return Temporal.Instant.from(text).epochMilliseconds;
  } catch {
    return undefined;
  }
}

/**
 * The canonical IANA id of a time zone (`europe/berlin` → `Europe/Berlin`), or undefined when it is not a
 * named IANA zone. Fixed offsets such as `+01:00` are refused: a freeze calendar follows a place's clock.
 */
export function canonicalTimeZone(text: string): string | undefined {
  if (!/^[A-Za-z]/.test(text)) return undefined;
  try {
    return Temporal.Now.zonedDateTimeISO(text).timeZoneId;
  } catch {
    return undefined;
  }
}

/**
 * Parses a freeze-window duration. Years and months are refused (their length depends on the date); the
 * rest is exact on the local wall clock, where a day is 24 hours.
 */
export function parseWindowDuration(text: string): { ms: number } | { error: string } {
  let duration: Temporal.Duration;
  try {
    duration = Temporal.Duration.from(text);
  } catch {
    return { error: 'must be an ISO 8601 duration such as PT56H or P1DT12H' };
  }
  if (duration.sign <= 0) return { error: 'must be positive' };
  if (duration.years !== 0 || duration.months !== 0) {
    return { error: 'must not use years or months (their length varies); use weeks, days or hours' };
  }
  // Relative to a plain date a day is 24 hours: exactly the wall-clock arithmetic the schedule uses.
  const ms = duration.total({ unit: 'milliseconds', relativeTo: Temporal.PlainDate.from('2000-01-01') });
  if (ms > MAX_DURATION_MS) return { error: 'must not be longer than 31 days' };
  if (!Number.isInteger(ms)) return { error: 'must be a whole number of milliseconds' };
  return { ms };
}

/**
 * Parses a five-field cron expression with Croner, or explains why it cannot be used. Croner's `?`
 * (replaced by the time of parsing) and nicknames such as `@daily` are refused, and so is an expression
 * that never fires (e.g. `0 0 30 2 *`).
 */
export function parseCron(text: string): { cron: Cron } | { error: string } {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5 || fields[0] === '') {
    return { error: 'must have exactly five fields: minute hour day-of-month month day-of-week' };
  }
  if (text.includes('?')) return { error: "must not use '?'" };
  let cron: Cron;
  try {
    // utcOffset 0: the schedule gives Croner local wall-clock times written as UTC (see schedule.ts).
    cron = new Cron(fields.join(' '), { mode: '5-part', utcOffset: 0 });
  } catch (error: unknown) {
    return {
      error: `is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (cron.nextRun(new Date('1999-12-31T23:59:00.000Z')) === null) return { error: 'never fires' };
  return { cron };
}

/** The rules of an instant the schema's `date-time` format cannot state: the range the schedules handle. */
function checkInstant(errors: ValidationError[], field: string, text: string): number | undefined {
  const ms = parseInstant(text);
  if (ms === undefined) {
    errors.push({
      field,
      message: `${field} must be an ISO 8601 instant with an offset, e.g. 2024-11-29T17:00:00Z`,
    });
    return undefined;
  }
  if (!isSupportedInstant(ms)) {
    const range = `${MIN_SUPPORTED_INSTANT.toISOString()} and ${MAX_SUPPORTED_INSTANT.toISOString()}`;
    errors.push({ field, message: `${field} must be between ${range}` });
    return undefined;
  }
  return ms;
}

/** Adds `${field} ${problem}` when `later` is not after `earlier` (both already checked). */
function checkOrder(
  errors: ValidationError[],
  earlier: number | undefined,
  later: number | undefined,
  field: string,
  problem: string,
): void {
  if (earlier !== undefined && later !== undefined && later <= earlier) {
    errors.push({ field, message: `${field} ${problem}` });
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The rules of a freeze-window definition that its JSON Schema cannot express: a cron expression that
 * parses and fires, a named IANA time zone, a positive duration of at most 31 days, instants in the
 * supported range, end after start and validUntil after validFrom. It reads only the members that are
 * strings, so it also runs on a definition the schema refused and every problem is reported at once;
 * every problem names its field.
 */
export function checkFreezeWindowDefinition(definition: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const schedule = isRecord(definition) ? definition['schedule'] : undefined;
  if (!isRecord(schedule)) return errors;
  const text = (name: string): string | undefined => {
    const value = schedule[name];
    return typeof value === 'string' ? value : undefined;
  };
  const instantAt = (name: string): number | undefined => {
    const value = text(name);
    return value === undefined ? undefined : checkInstant(errors, `/schedule/${name}`, value);
  };
  if (schedule['type'] === 'once') {
    checkOrder(errors, instantAt('start'), instantAt('end'), '/schedule/end', 'must be after start');
    return errors;
  }
  if (schedule['type'] !== 'recurring') return errors;
  const cronText = text('cron');
  const cron = cronText === undefined ? undefined : parseCron(cronText);
  if (cron !== undefined && 'error' in cron) {
    errors.push({ field: '/schedule/cron', message: `/schedule/cron ${cron.error}` });
  }
  const durationText = text('duration');
  const duration = durationText === undefined ? undefined : parseWindowDuration(durationText);
  if (duration !== undefined && 'error' in duration) {
    errors.push({ field: '/schedule/duration', message: `/schedule/duration ${duration.error}` });
  }
  const timeZone = text('timeZone');
  if (timeZone !== undefined && canonicalTimeZone(timeZone) === undefined) {
    errors.push({
      field: '/schedule/timeZone',
      message: `/schedule/timeZone is not a known IANA time zone: ${timeZone}`,
    });
  }
  const from = instantAt('validFrom');
  checkOrder(errors, from, instantAt('validUntil'), '/schedule/validUntil', 'must be after validFrom');
  return errors;
}

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
const utc = (text: string): string => new Date(parseInstant(text) ?? Number.NaN).toISOString();

/**
 * The stored form of a definition that passed its contract and checkFreezeWindowDefinition: instants in
 * UTC `toISOString` form, the canonical time-zone id, a single space between cron fields, duplicate
 * values dropped, `breakGlass.justificationRequired` true when absent (the safe reading of "break-glass").
 */
export function normaliseFreezeWindow(definition: FreezeWindowDefinitionV1): FreezeWindowDefinition {
  const { schedule, scope, exemptions, breakGlass } = definition;
  const normalSchedule: FreezeSchedule =
    schedule.type === 'once'
      ? {
          type: 'once',
          start: utc(schedule.start),
          ...(schedule.end === undefined ? {} : { end: utc(schedule.end) }),
        }
      : {
          type: 'recurring',
          cron: schedule.cron.trim().split(/\s+/).join(' '),
          duration: schedule.duration,
          timeZone: canonicalTimeZone(schedule.timeZone) ?? schedule.timeZone,
          ...(schedule.validFrom === undefined ? {} : { validFrom: utc(schedule.validFrom) }),
          ...(schedule.validUntil === undefined ? {} : { validUntil: utc(schedule.validUntil) }),
        };
  const normalScope: { [D in ScopeDimension]?: string[] } = {};
  for (const dimension of SCOPE_DIMENSIONS) {
    const values = scope[dimension];
    if (values !== undefined) normalScope[dimension] = unique(values);
  }
  return {
    name: definition.name,
    reason: definition.reason,
    kind: definition.kind,
    schedule: normalSchedule,
    scope: normalScope,
    ...(exemptions === undefined ? {} : { exemptions: unique(exemptions) }),
    ...(breakGlass === undefined
      ? {}
      : {
          breakGlass: {
            roles: unique(breakGlass.roles),
            justificationRequired: breakGlass.justificationRequired ?? true,
          },
        }),
  };
}

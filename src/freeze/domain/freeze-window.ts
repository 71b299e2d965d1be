/**
 * Freeze windows: the definition an admin declares, its validation, and the window with its state.
 *
 * Pure domain: plain TypeScript plus Croner (cron parsing) and the Temporal polyfill (time zones and
 * ISO 8601 durations). Nothing here knows about Nest, TypeORM or I/O.
 */
import { Temporal } from '@js-temporal/polyfill';
import { Cron } from 'croner';
import { CHANGE_KINDS } from '../../contracts/change-event-enums';
import { UNSTORABLE_TEXT, UNSTORABLE_TEXT_PROBLEM } from '../../common/control-characters';

export type FreezeWindowKind = 'deny' | 'allow';
export const FREEZE_WINDOW_KINDS: readonly FreezeWindowKind[] = ['deny', 'allow'];

export type Exemption = 'rollback' | 'hotfix';
export const EXEMPTIONS: readonly Exemption[] = ['rollback', 'hotfix'];

/** The change kinds of change-event.v1 (read from its schema); `scope.kinds` must use these (no globs). */
export { CHANGE_KINDS } from '../../contracts/change-event-enums';

/** A one-off window from `start`; without `end` it is a manual "freeze now" that lasts until lifted. */
export interface OnceSchedule {
  readonly type: 'once';
  /** ISO 8601 instant with an offset, e.g. `2024-11-29T17:00:00Z`. */
  readonly start: string;
  readonly end?: string;
}

/**
 * A window that opens at every fire time of a five-field cron expression, read on the local wall clock
 * of `timeZone`, and stays open for `duration` of local wall-clock time (see schedule.ts).
 */
export interface RecurringSchedule {
  readonly type: 'recurring';
  /** Five fields: minute hour day-of-month month day-of-week (Vixie semantics: dom OR dow). */
  readonly cron: string;
  /** ISO 8601 duration in weeks, days, hours, minutes and seconds (no years or months), e.g. `PT56H`. */
  readonly duration: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  readonly timeZone: string;
  /** Occurrences that start before this instant are not part of the window. */
  readonly validFrom?: string;
  /** Occurrences that start at or after this instant are not part of the window. */
  readonly validUntil?: string;
}

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
  readonly message: string;
}

export type ValidationResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly ValidationError[] };

/**
 * Instants the schedule code supports. Croner reads years below 100 as 19xx, and no freeze calendar needs
 * more; the bounds keep every computation inside what both libraries handle exactly.
 */
export const MIN_SUPPORTED_INSTANT = new Date('1900-01-01T00:00:00.000Z');
export const MAX_SUPPORTED_INSTANT = new Date('2500-01-01T00:00:00.000Z');

/** The longest duration a recurring window may have. */
export const MAX_DURATION_MS = 31 * 24 * 60 * 60 * 1000;

const MAX_NAME_LENGTH = 200;
/** The longest reason (for a window, a change to it, a cancellation or a lift). */
export const MAX_REASON_LENGTH = 2000;
const MAX_SCOPE_VALUES = 100;
const MAX_SCOPE_VALUE_LENGTH = 200;
const MAX_ROLES = 50;

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

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

class Collector {
  readonly errors: ValidationError[] = [];
  add(field: string, message: string): void {
    this.errors.push({ field, message });
  }
  /** Reports every key of `value` that is not in `allowed`: a typo must not silently widen a freeze. */
  unknownKeys(value: Json, allowed: readonly string[], at: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.add(`${at}${pointer(key)}`, 'is not a known property');
    }
  }
}

function text(c: Collector, value: unknown, field: string, maxLength: number): string | undefined {
  if (value === undefined) {
    c.add(field, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    c.add(field, 'must be a string');
    return undefined;
  }
  if (value.trim() === '') {
    c.add(field, 'must not be empty');
    return undefined;
  }
  if (value.length > maxLength) {
    c.add(field, `must be at most ${maxLength} characters`);
    return undefined;
  }
  if (UNSTORABLE_TEXT.test(value)) {
    c.add(field, UNSTORABLE_TEXT_PROBLEM);
    return undefined;
  }
  return value;
}

function instant(c: Collector, value: unknown, field: string): number | undefined {
  if (typeof value !== 'string') {
    c.add(field, value === undefined ? 'is required' : 'must be a string');
    return undefined;
  }
  const ms = parseInstant(value);
  if (ms === undefined) {
    c.add(field, 'must be an ISO 8601 instant with an offset, e.g. 2024-11-29T17:00:00Z');
    return undefined;
  }
  if (!isSupportedInstant(ms)) {
    c.add(
      field,
      `must be between ${MIN_SUPPORTED_INSTANT.toISOString()} and ${MAX_SUPPORTED_INSTANT.toISOString()}`,
    );
    return undefined;
  }
  return ms;
}

function validateSchedule(c: Collector, value: unknown): FreezeSchedule | undefined {
  const at = '/schedule';
  if (!isObject(value)) {
    c.add(at, value === undefined ? 'is required' : 'must be an object');
    return undefined;
  }
  if (value['type'] === 'once') {
    c.unknownKeys(value, ['type', 'start', 'end'], at);
    const start = instant(c, value['start'], `${at}/start`);
    const end = value['end'] === undefined ? undefined : instant(c, value['end'], `${at}/end`);
    if (start !== undefined && end !== undefined && end <= start) c.add(`${at}/end`, 'must be after start');
    if (start === undefined) return undefined;
    return {
      type: 'once',
      start: new Date(start).toISOString(),
      ...(end === undefined ? {} : { end: new Date(end).toISOString() }),
    };
  }
  if (value['type'] === 'recurring') {
    c.unknownKeys(value, ['type', 'cron', 'duration', 'timeZone', 'validFrom', 'validUntil'], at);
    let cron: string | undefined;
    const cronValue = value['cron'];
    if (typeof cronValue !== 'string') {
      c.add(`${at}/cron`, cronValue === undefined ? 'is required' : 'must be a string');
    } else {
      const parsed = parseCron(cronValue);
      if ('error' in parsed) c.add(`${at}/cron`, parsed.error);
      else cron = cronValue.trim().split(/\s+/).join(' ');
    }
    let duration: string | undefined;
    const durationValue = value['duration'];
    if (typeof durationValue !== 'string') {
      c.add(`${at}/duration`, durationValue === undefined ? 'is required' : 'must be a string');
    } else {
      const parsed = parseWindowDuration(durationValue);
      if ('error' in parsed) c.add(`${at}/duration`, parsed.error);
      else duration = durationValue;
    }
    let timeZone: string | undefined;
    const zoneValue = value['timeZone'];
    if (typeof zoneValue !== 'string') {
      c.add(`${at}/timeZone`, zoneValue === undefined ? 'is required' : 'must be a string');
    } else {
      timeZone = canonicalTimeZone(zoneValue);
      if (timeZone === undefined) c.add(`${at}/timeZone`, `is not a known IANA time zone: ${zoneValue}`);
    }
    const validFrom =
      value['validFrom'] === undefined ? undefined : instant(c, value['validFrom'], `${at}/validFrom`);
    const validUntil =
      value['validUntil'] === undefined ? undefined : instant(c, value['validUntil'], `${at}/validUntil`);
    if (validFrom !== undefined && validUntil !== undefined && validUntil <= validFrom) {
      c.add(`${at}/validUntil`, 'must be after validFrom');
    }
    if (cron === undefined || duration === undefined || timeZone === undefined) return undefined;
    return {
      type: 'recurring',
      cron,
      duration,
      timeZone,
      ...(validFrom === undefined ? {} : { validFrom: new Date(validFrom).toISOString() }),
      ...(validUntil === undefined ? {} : { validUntil: new Date(validUntil).toISOString() }),
    };
  }
  c.add(`${at}/type`, value['type'] === undefined ? 'is required' : "must be 'once' or 'recurring'");
  return undefined;
}

function validateScope(c: Collector, value: unknown): FreezeScope | undefined {
  const at = '/scope';
  if (!isObject(value)) {
    c.add(at, value === undefined ? 'is required (use {} to match every change)' : 'must be an object');
    return undefined;
  }
  c.unknownKeys(value, SCOPE_DIMENSIONS, at);
  const scope: { [D in ScopeDimension]?: string[] } = {};
  for (const dimension of SCOPE_DIMENSIONS) {
    const values = value[dimension];
    if (values === undefined) continue;
    const field = `${at}/${dimension}`;
    if (!Array.isArray(values)) {
      c.add(field, 'must be an array of strings');
      continue;
    }
    if (values.length === 0) {
      c.add(field, 'must not be empty; leave the dimension out to match every value');
      continue;
    }
    if (values.length > MAX_SCOPE_VALUES) {
      c.add(field, `must have at most ${MAX_SCOPE_VALUES} values`);
      continue;
    }
    const kept: string[] = [];
    values.forEach((item: unknown, index) => {
      const itemField = `${field}/${index}`;
      if (typeof item !== 'string') c.add(itemField, 'must be a string');
      else if (item.trim() === '') c.add(itemField, 'must not be empty');
      else if (item !== item.trim()) c.add(itemField, 'must not start or end with white space');
      else if (item.length > MAX_SCOPE_VALUE_LENGTH) {
        c.add(itemField, `must be at most ${MAX_SCOPE_VALUE_LENGTH} characters`);
      } else if (dimension === 'kinds' && !(CHANGE_KINDS as readonly string[]).includes(item)) {
        c.add(itemField, `must be one of ${CHANGE_KINDS.join(', ')}`);
      } else if (!kept.includes(item)) kept.push(item);
    });
    scope[dimension] = kept;
  }
  return scope;
}

function validateExemptions(c: Collector, value: unknown): Exemption[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    c.add('/exemptions', 'must be an array');
    return undefined;
  }
  const kept: Exemption[] = [];
  value.forEach((item: unknown, index) => {
    const known = EXEMPTIONS.find((e) => e === item);
    if (known === undefined) c.add(`/exemptions/${index}`, `must be one of ${EXEMPTIONS.join(', ')}`);
    else if (!kept.includes(known)) kept.push(known);
  });
  return kept;
}

function validateBreakGlass(c: Collector, value: unknown): BreakGlass | undefined {
  const at = '/breakGlass';
  if (value === undefined) return undefined;
  if (!isObject(value)) {
    c.add(at, 'must be an object');
    return undefined;
  }
  c.unknownKeys(value, ['roles', 'justificationRequired'], at);
  const roles = value['roles'];
  const kept: string[] = [];
  if (!Array.isArray(roles) || roles.length === 0) {
    c.add(`${at}/roles`, 'must name at least one role that may override');
  } else if (roles.length > MAX_ROLES) {
    c.add(`${at}/roles`, `must have at most ${MAX_ROLES} roles`);
  } else {
    roles.forEach((role: unknown, index) => {
      const r = text(c, role, `${at}/roles/${index}`, MAX_SCOPE_VALUE_LENGTH);
      if (r !== undefined && !kept.includes(r)) kept.push(r);
    });
  }
  const required = value['justificationRequired'];
  if (required !== undefined && typeof required !== 'boolean') {
    c.add(`${at}/justificationRequired`, 'must be a boolean');
  }
  // Absent means required: the safe reading of "break-glass".
  return { roles: kept, justificationRequired: typeof required === 'boolean' ? required : true };
}

/**
 * Validates a freeze-window definition as it arrives over HTTP or from a stored event, and returns it
 * normalised (instants in UTC `toISOString` form, the canonical time-zone id, a single space between cron
 * fields, duplicate values dropped, `breakGlass.justificationRequired` defaulting to true). Every problem is
 * reported with the JSON pointer of its field.
 */
export function validateFreezeWindow(input: unknown): ValidationResult<FreezeWindowDefinition> {
  const c = new Collector();
  if (!isObject(input)) {
    c.add('', 'must be an object');
    return { ok: false, errors: c.errors };
  }
  c.unknownKeys(input, ['name', 'reason', 'kind', 'schedule', 'scope', 'exemptions', 'breakGlass'], '');
  const name = text(c, input['name'], '/name', MAX_NAME_LENGTH);
  const reason = text(c, input['reason'], '/reason', MAX_REASON_LENGTH);
  const kind = FREEZE_WINDOW_KINDS.find((k) => k === input['kind']);
  if (kind === undefined) {
    c.add('/kind', input['kind'] === undefined ? 'is required' : "must be 'deny' or 'allow'");
  }
  const schedule = validateSchedule(c, input['schedule']);
  const scope = validateScope(c, input['scope']);
  const exemptions = validateExemptions(c, input['exemptions']);
  const breakGlass = validateBreakGlass(c, input['breakGlass']);
  if (
    c.errors.length > 0 ||
    name === undefined ||
    reason === undefined ||
    kind === undefined ||
    schedule === undefined ||
    scope === undefined
  ) {
    return { ok: false, errors: c.errors };
  }
  return {
    ok: true,
    value: {
      name,
      reason,
      kind,
      schedule,
      scope,
      ...(exemptions === undefined ? {} : { exemptions }),
      ...(breakGlass === undefined ? {} : { breakGlass }),
    },
  };
}

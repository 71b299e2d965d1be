/**
 * Occurrences of freeze windows: when a window is open.
 *
 * Semantics (the README states them the same way):
 * - An occurrence covers the half-open interval [start, end): the start minute is frozen, the end instant
 *   is not.
 * - A recurring window runs on the local wall clock of its IANA time zone. The cron expression fires at
 *   local wall-clock times T, and the occurrence ends at the local wall-clock time T + duration: a window
 *   `0 1 * * *` for PT3H in America/New_York runs 01:00–04:00 local every day, which is 2 real hours on the
 *   spring-forward day and 4 on the fall-back day.
 * - A local wall-clock time W is reached at the first instant at which the local clock shows W or later.
 *   Both ends of an occurrence are placed by that one rule, which settles the two daylight-saving cases:
 *   - W in the spring-forward gap (does not exist that day): the instant the clock jumps over it, e.g.
 *     02:30 on 2024-03-10 in New York is 03:00 EDT (07:00Z). Croner and Vixie cron run a job scheduled
 *     inside the gap at that same instant.
 *   - W in the fall-back overlap (exists twice): the earlier instant, and only once: the clock reading W
 *     again an hour later does not start (or end) anything. 01:30 on 2024-11-03 in New York is 01:30 EDT
 *     (05:30Z). Each local wall-clock time fires at most once, also for patterns such as `*\/15`.
 *   An occurrence whose start and end both fall in one gap is empty and is left out.
 * - `validFrom` / `validUntil` bound occurrence starts: validFrom ≤ start < validUntil.
 * - A one-off window runs [start, end), or from start until lifted when it has no end.
 * - A lift at instant L ends the occurrence running at L (its end becomes L) and suppresses every
 *   occurrence that would start at or after L. A cancelled window has no occurrences at all.
 *
 * Libraries: Croner iterates the cron expression (no dependencies, actively maintained, has both
 * `nextRun` and `previousRuns`, so looking back from an instant costs one call) and the TC39 Temporal
 * polyfill maps between local wall-clock times and instants (explicit `disambiguation` and time-zone
 * transitions from the tz database, so no DST rule is written here). Croner's own `timezone` mode is not
 * used: it is handed local wall-clock times written as UTC (`utcOffset: 0`), a timeline with no DST, and
 * only Temporal decides what a wall-clock time means as an instant. That keeps exactly one library
 * responsible for daylight saving, and lets the cron see every local time exactly once.
 *
 * Cost: every question is answered from a few cron look-ups and zone conversions near the instant asked
 * about: the latest fire at or before it (Croner's `previousRuns`), so the look-back is one cron period,
 * never a walk from the epoch or minute by minute. Answers are remembered per schedule over the span where
 * they cannot change, and conversions per zone, because the polyfill needs tens of microseconds for each
 * conversion and the evaluator asks about "now" for every change.
 */
import { Temporal } from '@js-temporal/polyfill';
import type { Cron } from 'croner';
import {
  isSupportedInstant,
  MAX_SUPPORTED_INSTANT,
  MIN_SUPPORTED_INSTANT,
  parseCron,
  parseInstant,
  parseWindowDuration,
  type FreezeSchedule,
  type FreezeWindow,
} from './freeze-window';

/** One occurrence of a window. `end` is null for a one-off window without end that has not been lifted. */
export interface Occurrence {
  readonly start: Date;
  readonly end: Date | null;
}

/**
 * A point on a zone's local wall clock, as milliseconds since 1970-01-01T00:00 of that clock (the UTC
 * fields of `new Date(wall)` are the local fields). The local timeline has no DST: a day is 24 hours.
 */
type Wall = number;

interface CompiledOnce {
  readonly type: 'once';
  readonly start: number;
  readonly end: number | undefined;
}

interface CompiledRecurring {
  readonly type: 'recurring';
  readonly cron: Cron;
  readonly durationMs: number;
  readonly zone: string;
  readonly validFrom: number | undefined;
  readonly validUntil: number | undefined;
  /** Recent answers, each over the instants where it cannot change (see memoFor); newest first. */
  readonly memos: Memo[];
}

interface Memo {
  readonly lift: number | undefined;
  /** The answers below hold for every instant in [lo, hi). */
  readonly lo: number;
  readonly hi: number;
  /** The occurrence covering those instants (the one that fired last), if any. */
  readonly active: ActiveOccurrence | undefined;
  /** activeUntil's answer; `complete` is false when the run was followed only up to some horizon. */
  until?: { readonly end: number; readonly complete: boolean };
  /** nextOccurrenceAfter's answer. */
  next?: { readonly occurrence: Interval | undefined };
}

/** Enough for "now", the instant allowedAfter is being looked for, and a calendar query in between. */
const MEMO_SLOTS = 4;

type Compiled = CompiledOnce | CompiledRecurring;

const compiledSchedules = new WeakMap<FreezeSchedule, Compiled>();

function requireInstant(text: string, what: string): number {
  const ms = parseInstant(text);
  if (ms === undefined) throw new Error(`freeze window ${what} is not an instant: ${text}`);
  return ms;
}

function optionalInstant(text: string | undefined, what: string): number | undefined {
  return text === undefined ? undefined : requireInstant(text, what);
}

/** Parses a (validated) schedule once; windows are immutable, so the result is kept per schedule object. */
function compile(schedule: FreezeSchedule): Compiled {
  const cached = compiledSchedules.get(schedule);
  if (cached !== undefined) return cached;
  let compiled: Compiled;
  if (schedule.type === 'once') {
    compiled = {
      type: 'once',
      start: requireInstant(schedule.start, 'start'),
      end: optionalInstant(schedule.end, 'end'),
    };
  } else {
    const cron = parseCron(schedule.cron);
    if ('error' in cron) throw new Error(`freeze window cron ${cron.error}: ${schedule.cron}`);
    const duration = parseWindowDuration(schedule.duration);
    if ('error' in duration)
      throw new Error(`freeze window duration ${duration.error}: ${schedule.duration}`);
    compiled = {
      type: 'recurring',
      cron: cron.cron,
      durationMs: duration.ms,
      zone: schedule.timeZone,
      validFrom: optionalInstant(schedule.validFrom, 'validFrom'),
      validUntil: optionalInstant(schedule.validUntil, 'validUntil'),
      memos: [],
    };
  }
  compiledSchedules.set(schedule, compiled);
  return compiled;
}

function instantMs(date: Date, what: string): number {
  const ms = date.getTime();
  if (!isSupportedInstant(ms)) {
    throw new RangeError(
      `${what} must be a valid instant between ${MIN_SUPPORTED_INSTANT.toISOString()} and ${MAX_SUPPORTED_INSTANT.toISOString()}`,
    );
  }
  return ms;
}

// ---------------------------------------------------------------------------------------------------
// Local wall clock ↔ instants (Temporal decides everything about offsets and transitions)

/**
 * A pure conversion, remembered (bounded): the polyfill takes tens of microseconds per conversion, and the
 * evaluator and calendar ask about the same occurrence boundaries over and over.
 */
function remembered(
  convert: (value: number, zone: string) => number,
): (value: number, zone: string) => number {
  const known = new Map<string, number>();
  return (value, zone) => {
    const key = `${zone} ${value}`;
    let result = known.get(key);
    if (result === undefined) {
      result = convert(value, zone);
      if (known.size >= 20_000) known.clear();
      known.set(key, result);
    }
    return result;
  };
}

function zoned(ms: number, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
}

function wallOfZoned(z: Temporal.ZonedDateTime): Wall {
  return z.epochMilliseconds + z.offsetNanoseconds / 1e6;
}

/** The local wall-clock reading at an instant. */
export function wallClockAt(ms: number, zone: string): Wall {
  return wallOfZoned(zoned(ms, zone));
}

function plainDateTime(wall: Wall): Temporal.PlainDateTime {
  const d = new Date(wall);
  return new Temporal.PlainDateTime(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  );
}

/**
 * The first instant at which the local clock shows `wall` or later: the instant itself when the time
 * exists once, the earlier one in a fall-back overlap, the end of the gap when it falls in a spring-forward
 * gap.
 */
export const instantOfWallClock = remembered((wall: Wall, zone: string): number => {
  const earlier = plainDateTime(wall).toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (wallOfZoned(earlier) === wall) return earlier.epochMilliseconds;
  // A gap: Temporal's 'earlier' lies just before it, and the next transition is where the clock jumps.
  const transition = earlier.getTimeZoneTransition('next');
  if (transition === null) throw new Error(`no transition after a nonexistent local time in ${zone}`);
  return transition.epochMilliseconds;
});

/**
 * The highest reading the local clock has shown up to and including the instant: the reading itself,
 * except in the repeated hour after a fall-back, where the clock has already been further.
 * instantOfWallClock(W) ≤ ms exactly when W ≤ wallHighWater(ms).
 */
const wallHighWater = remembered((ms: number, zone: string): Wall => {
  const z = zoned(ms, zone);
  const wall = wallOfZoned(z);
  if (instantOfWallClock(wall, zone) === ms) return wall;
  // The second pass through an overlap: the highest reading was just before the clock was set back.
  const transition = zoned(ms + 1, zone).getTimeZoneTransition('previous');
  if (transition === null) return wall;
  return Math.max(wall, wallClockAt(transition.epochMilliseconds - 1, zone));
});

// ---------------------------------------------------------------------------------------------------
// Cron on the local wall clock (Croner sees wall-clock times written as UTC)

/** The latest fire time at or before `wall`. */
function fireAtOrBefore(cron: Cron, wall: Wall): Wall | undefined {
  // previousRuns is strict and works in whole seconds: asking from the next second includes `wall`.
  const [fire] = cron.previousRuns(1, new Date(Math.floor(wall / 1000) * 1000 + 1000));
  return fire?.getTime();
}

/** The first fire time strictly after `wall`. */
function fireAfter(cron: Cron, wall: Wall): Wall | undefined {
  return cron.nextRun(new Date(wall))?.getTime() ?? undefined;
}

function liftMs(window: FreezeWindow): number | undefined {
  return window.liftedAt === undefined ? undefined : instantMs(window.liftedAt, 'liftedAt');
}

interface Interval {
  readonly start: number;
  readonly end: number;
}

type ActiveOccurrence = Interval & { readonly fire: Wall };

/** The occurrence of a recurring window fired at local time `fire`, clipped by the lift. */
function recurringOccurrence(s: CompiledRecurring, fire: Wall, lift: number | undefined): Interval {
  const start = instantOfWallClock(fire, s.zone);
  const end = instantOfWallClock(fire + s.durationMs, s.zone);
  return { start, end: lift === undefined ? end : Math.min(end, lift) };
}

function toOccurrence(start: number, end: number | undefined): Occurrence {
  return { start: new Date(start), end: end === undefined ? null : new Date(end) };
}

/** The one-off occurrence after the lift: undefined when the lift came first; end undefined = open. */
function onceInterval(
  s: CompiledOnce,
  lift: number | undefined,
): { start: number; end: number | undefined } | undefined {
  if (lift !== undefined && lift <= s.start) return undefined;
  const end = lift === undefined ? s.end : Math.min(s.end ?? lift, lift);
  return { start: s.start, end };
}

/**
 * The occurrence of the window that covers `at`, if any. When occurrences overlap (e.g. hourly with a
 * three-hour duration), the one that started last, which is also the one that ends last.
 */
export function activeOccurrenceAt(window: FreezeWindow, at: Date): Occurrence | undefined {
  const atMs = instantMs(at, 'at');
  if (window.cancelled) return undefined;
  const lift = liftMs(window);
  if (lift !== undefined && atMs >= lift) return undefined;
  const s = compile(window.schedule);
  if (s.type === 'once') {
    const o = onceInterval(s, lift);
    if (o === undefined || atMs < o.start || (o.end !== undefined && atMs >= o.end)) return undefined;
    return toOccurrence(o.start, o.end);
  }
  const active = memoFor(s, atMs, lift).active;
  return active === undefined ? undefined : toOccurrence(active.start, active.end);
}

/**
 * The answers about the instant `atMs`, remembered over the instants where they cannot change: from the
 * start of the covering occurrence (or the instant asked about) to the next occurrence start or the
 * covering occurrence's end, whichever is first. No occurrence starts inside that span, so the covering
 * occurrence, the end of its run and the next occurrence are the same for all of it. Asking again about
 * "now" is then free until a boundary passes, which is what the evaluator does all day.
 */
function memoFor(s: CompiledRecurring, atMs: number, lift: number | undefined): Memo {
  for (const memo of s.memos) {
    if (memo.lift === lift && memo.lo <= atMs && atMs < memo.hi) return memo;
  }
  const active = activeRecurring(s, atMs, lift);
  const next = nextStartAfter(s, atMs, lift);
  const memo: Memo =
    active === undefined
      ? { lift, lo: atMs, hi: next, active }
      : { lift, lo: active.start, hi: Math.min(active.end, next), active };
  s.memos.unshift(memo);
  if (s.memos.length > MEMO_SLOTS) s.memos.pop();
  return memo;
}

/** The start of the first occurrence (empty ones included) that starts after `afterMs`; +∞ if none. */
function nextStartAfter(s: CompiledRecurring, afterMs: number, lift: number | undefined): number {
  const from = s.validFrom !== undefined ? Math.max(afterMs, s.validFrom - 1) : afterMs;
  const fire = fireAfter(s.cron, wallHighWater(from, s.zone));
  if (fire === undefined || !isSupportedInstant(fire)) return Number.POSITIVE_INFINITY;
  const start = instantOfWallClock(fire, s.zone);
  if (s.validUntil !== undefined && start >= s.validUntil) return Number.POSITIVE_INFINITY;
  if (lift !== undefined && start >= lift) return Number.POSITIVE_INFINITY;
  return start;
}

/** The recurring occurrence covering `atMs` that fired last, with its fire time on the local clock. */
function activeRecurring(
  s: CompiledRecurring,
  atMs: number,
  lift: number | undefined,
): ActiveOccurrence | undefined {
  // Only occurrences that started by `at`, and before validUntil, can cover it. The latest such fire ends
  // last (both ends grow with the fire time), so it alone decides.
  const bound = s.validUntil !== undefined && atMs >= s.validUntil ? s.validUntil - 1 : atMs;
  if (s.validFrom !== undefined && bound < s.validFrom) return undefined;
  const fire = fireAtOrBefore(s.cron, wallHighWater(bound, s.zone));
  if (fire === undefined) return undefined;
  const o = recurringOccurrence(s, fire, lift);
  if (s.validFrom !== undefined && o.start < s.validFrom) return undefined;
  if (atMs >= o.end || o.start >= o.end) return undefined;
  return { ...o, fire };
}

/**
 * The instant at which the window stops covering, counting from `at`: the end of the run of overlapping
 * or back-to-back occurrences that covers `at` (a window `*\/5 * * * *` for PT10M never stops). Undefined
 * when nothing covers `at`; null for a "freeze now" without end. Chaining stops once the run reaches past
 * `horizon`: the answer is then some instant after `horizon`. The run is followed on the local clock, one
 * cron look-up per occurrence and a single zone conversion at the end.
 */
export function activeUntil(window: FreezeWindow, at: Date, horizon: Date): Date | null | undefined {
  const atMs = instantMs(at, 'at');
  const horizonMs = Math.min(instantMs(horizon, 'horizon'), MAX_SUPPORTED_INSTANT.getTime() - 1);
  if (window.cancelled) return undefined;
  const lift = liftMs(window);
  if (lift !== undefined && atMs >= lift) return undefined;
  const s = compile(window.schedule);
  if (s.type === 'once') return activeOccurrenceAt(window, at)?.end;
  const memo = memoFor(s, atMs, lift);
  const active = memo.active;
  if (active === undefined) return undefined;
  if (memo.until === undefined || (!memo.until.complete && memo.until.end <= horizonMs)) {
    memo.until = runEnd(s, active, lift, horizonMs);
  }
  return new Date(memo.until.end);
}

/** Follows overlapping or back-to-back occurrences from `active` on the local clock, up to `horizonMs`. */
function runEnd(
  s: CompiledRecurring,
  active: ActiveOccurrence,
  lift: number | undefined,
  horizonMs: number,
): { end: number; complete: boolean } {
  // Later fires belong to the window while they start before validUntil and before the lift.
  let lastStartBefore = Number.POSITIVE_INFINITY;
  if (s.validUntil !== undefined) lastStartBefore = Math.min(lastStartBefore, s.validUntil);
  if (lift !== undefined) lastStartBefore = Math.min(lastStartBefore, lift);
  const lastFire =
    lastStartBefore === Number.POSITIVE_INFINITY
      ? Number.POSITIVE_INFINITY
      : wallHighWater(lastStartBefore - 1, s.zone);
  const stopAt = wallHighWater(horizonMs, s.zone);
  let fire = active.fire;
  let wallEnd = fire + s.durationMs;
  let complete = false;
  while (wallEnd <= stopAt) {
    const next = fireAfter(s.cron, fire);
    // A fire at or before the current end starts no later than the current end: the run goes on.
    if (next === undefined || next > wallEnd || next > lastFire) {
      complete = true;
      break;
    }
    fire = next;
    wallEnd = Math.max(wallEnd, next + s.durationMs);
  }
  const end = instantOfWallClock(wallEnd, s.zone);
  return { end: lift === undefined ? end : Math.min(end, lift), complete };
}

/** The first non-empty occurrence that starts strictly after `after`, if any. */
export function nextOccurrenceAfter(window: FreezeWindow, after: Date): Occurrence | undefined {
  const afterMs = instantMs(after, 'after');
  if (window.cancelled) return undefined;
  const lift = liftMs(window);
  const s = compile(window.schedule);
  if (s.type === 'once') {
    const o = onceInterval(s, lift);
    return o !== undefined && o.start > afterMs ? toOccurrence(o.start, o.end) : undefined;
  }
  const memo = memoFor(s, afterMs, lift);
  const next = (memo.next ??= { occurrence: firstOccurrenceAfter(s, afterMs, lift) }).occurrence;
  return next === undefined ? undefined : toOccurrence(next.start, next.end); // fresh Dates: callers may mutate
}

function firstOccurrenceAfter(
  s: CompiledRecurring,
  afterMs: number,
  lift: number | undefined,
): Interval | undefined {
  // Fires whose start is > max(after, validFrom - 1): exactly the fires after that instant's high water.
  const from = s.validFrom !== undefined ? Math.max(afterMs, s.validFrom - 1) : afterMs;
  let wall = wallHighWater(from, s.zone);
  // Only empty occurrences (start and end in one DST gap) are skipped, so this ends quickly.
  for (let guard = 0; guard < 100_000; guard++) {
    const fire = fireAfter(s.cron, wall);
    if (fire === undefined || !isSupportedInstant(fire)) return undefined;
    const o = recurringOccurrence(s, fire, lift);
    if (s.validUntil !== undefined && o.start >= s.validUntil) return undefined;
    if (lift !== undefined && o.start >= lift) return undefined;
    if (o.end > o.start) return o;
    wall = fire;
  }
  return undefined;
}

/**
 * Every occurrence that intersects [from, to), in start order, including one that started before `from`
 * and is still running. At most `limit` occurrences are returned (callers bound the range; a window that
 * fires every minute has 1,440 occurrences a day).
 */
export function occurrencesBetween(
  window: FreezeWindow,
  from: Date,
  to: Date,
  options: { readonly limit?: number } = {},
): Occurrence[] {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  const limit = options.limit ?? 10_000;
  if (window.cancelled || toMs <= fromMs || limit <= 0) return [];
  const lift = liftMs(window);
  if (lift !== undefined && lift <= fromMs) return [];
  const s = compile(window.schedule);
  if (s.type === 'once') {
    const o = onceInterval(s, lift);
    if (o === undefined || o.start >= toMs || (o.end !== undefined && o.end <= fromMs)) return [];
    return [toOccurrence(o.start, o.end)];
  }
  // end > from  ⇔  fire + duration > highWater(from);  start < b  ⇔  fire ≤ highWater(b - 1).
  let lower = wallHighWater(fromMs, s.zone) - s.durationMs;
  if (s.validFrom !== undefined) lower = Math.max(lower, wallHighWater(s.validFrom - 1, s.zone));
  let upperInstant = toMs;
  if (s.validUntil !== undefined) upperInstant = Math.min(upperInstant, s.validUntil);
  if (lift !== undefined) upperInstant = Math.min(upperInstant, lift);
  const upper = wallHighWater(upperInstant - 1, s.zone);
  const occurrences: Occurrence[] = [];
  let fire = fireAfter(s.cron, lower);
  while (fire !== undefined && fire <= upper && occurrences.length < limit) {
    const o = recurringOccurrence(s, fire, lift);
    if (o.end > o.start && o.end > fromMs) occurrences.push(toOccurrence(o.start, o.end));
    fire = fireAfter(s.cron, fire);
  }
  return occurrences;
}

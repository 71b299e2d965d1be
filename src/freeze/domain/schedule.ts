/**
 * Occurrences of freeze windows: when a window is open.
 *
 * Semantics (docs/freeze.md states them the same way):
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
 * polyfill maps between local wall-clock times and instants (every offset and transition comes from it,
 * i.e. from the tz database, and zone-clock.ts resolves a local time the way its `disambiguation:
 * 'earlier'` does, so no DST rule is written here). Croner's own `timezone` mode is not
 * used: it is handed local wall-clock times written as UTC (`utcOffset: 0`), a timeline with no DST, and
 * only Temporal decides what a wall-clock time means as an instant. That keeps exactly one library
 * responsible for daylight saving, and lets the cron see every local time exactly once.
 *
 * Cost: every question is answered from a few cron look-ups and zone conversions near the instant asked
 * about: the latest fire at or before it (Croner's `previousRuns`), so the look-back is one cron period,
 * never a walk from the epoch or minute by minute. Both libraries need tens of microseconds per call, and
 * the evaluator asks about several instants of every matching window for every change, so their answers
 * are remembered: fire times per cron expression in chunks of the fire sequence (cron-fires.ts), a zone's
 * offsets per period between two of its transitions (zone-clock.ts), and answers per schedule over the
 * span where they cannot change (memoFor).
 */
import { cronFires, type CronFires } from './cron-fires';
import {
  isSupportedInstant,
  MAX_SUPPORTED_INSTANT,
  MIN_SUPPORTED_INSTANT,
  parseInstant,
  parseWindowDuration,
  type FreezeSchedule,
  type FreezeWindow,
} from './freeze-window';
import { zoneClock, type Wall, type ZoneClock } from './zone-clock';

export { instantOfWallClock, wallClockAt } from './zone-clock';

/** One occurrence of a window. `end` is null for a one-off window without end that has not been lifted. */
export interface Occurrence {
  readonly start: Date;
  readonly end: Date | null;
}

interface CompiledOnce {
  readonly type: 'once';
  readonly start: number;
  readonly end: number | undefined;
}

interface CompiledRecurring {
  readonly type: 'recurring';
  /** The cron's fire times on the local wall clock (remembered, shared by schedules with this cron). */
  readonly fires: CronFires;
  readonly durationMs: number;
  /** The local clock of the window's time zone. */
  readonly clock: ZoneClock;
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
    const fires = cronFires(schedule.cron);
    const duration = parseWindowDuration(schedule.duration);
    if ('error' in duration)
      throw new Error(`freeze window duration ${duration.error}: ${schedule.duration}`);
    compiled = {
      type: 'recurring',
      fires,
      durationMs: duration.ms,
      clock: zoneClock(schedule.timeZone),
      validFrom: optionalInstant(schedule.validFrom, 'validFrom'),
      validUntil: optionalInstant(schedule.validUntil, 'validUntil'),
      memos: [],
    };
  }
  compiledSchedules.set(schedule, compiled);
  return compiled;
}

function instantMs(date: Date, what: string): number {
  return checkedMs(date.getTime(), what);
}

function checkedMs(ms: number, what: string): number {
  if (!isSupportedInstant(ms)) {
    throw new RangeError(
      `${what} must be a valid instant between ${MIN_SUPPORTED_INSTANT.toISOString()} and ${MAX_SUPPORTED_INSTANT.toISOString()}`,
    );
  }
  return ms;
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
  const start = s.clock.instantOfWallClock(fire);
  const end = s.clock.instantOfWallClock(fire + s.durationMs);
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

/** An occurrence in milliseconds; `end` is undefined for a one-off window without end, not lifted. */
export interface OccurrenceSpan {
  readonly start: number;
  readonly end: number | undefined;
}

/**
 * The occurrence of the window that covers `at`, if any. When occurrences overlap (e.g. hourly with a
 * three-hour duration), the one that started last, which is also the one that ends last.
 */
export function activeOccurrenceAt(window: FreezeWindow, at: Date): Occurrence | undefined {
  const active = activeSpanAt(window, instantMs(at, 'at'));
  return active === undefined ? undefined : toOccurrence(active.start, active.end);
}

/**
 * activeOccurrenceAt in milliseconds, for callers that ask many times (the evaluator's search for
 * `allowedAfter`) and need no Dates.
 */
export function activeSpanAt(window: FreezeWindow, atMs: number): OccurrenceSpan | undefined {
  checkedMs(atMs, 'at');
  if (window.cancelled) return undefined;
  const lift = liftMs(window);
  if (lift !== undefined && atMs >= lift) return undefined;
  const s = compile(window.schedule);
  if (s.type === 'once') {
    const o = onceInterval(s, lift);
    if (o === undefined || atMs < o.start || (o.end !== undefined && atMs >= o.end)) return undefined;
    return o;
  }
  return memoFor(s, atMs, lift).active;
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
  const fire = s.fires.after(s.clock.wallHighWater(from));
  if (fire === undefined || !isSupportedInstant(fire)) return Number.POSITIVE_INFINITY;
  const start = s.clock.instantOfWallClock(fire);
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
  const fire = s.fires.atOrBefore(s.clock.wallHighWater(bound));
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
  const until = activeUntilMs(window, instantMs(at, 'at'), instantMs(horizon, 'horizon'));
  return until === undefined || until === null ? until : new Date(until);
}

/** activeUntil in milliseconds (see activeSpanAt). */
export function activeUntilMs(
  window: FreezeWindow,
  atMs: number,
  horizonMs: number,
): number | null | undefined {
  checkedMs(atMs, 'at');
  const horizon = Math.min(checkedMs(horizonMs, 'horizon'), MAX_SUPPORTED_INSTANT.getTime() - 1);
  if (window.cancelled) return undefined;
  const lift = liftMs(window);
  if (lift !== undefined && atMs >= lift) return undefined;
  const s = compile(window.schedule);
  if (s.type === 'once') {
    const active = activeSpanAt(window, atMs);
    return active === undefined ? undefined : (active.end ?? null);
  }
  const memo = memoFor(s, atMs, lift);
  const active = memo.active;
  if (active === undefined) return undefined;
  if (memo.until === undefined || (!memo.until.complete && memo.until.end <= horizon)) {
    memo.until = runEnd(s, active, lift, horizon);
  }
  return memo.until.end;
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
      : s.clock.wallHighWater(lastStartBefore - 1);
  const stopAt = s.clock.wallHighWater(horizonMs);
  let fire = active.fire;
  let wallEnd = fire + s.durationMs;
  let complete = false;
  while (wallEnd <= stopAt) {
    const next = s.fires.after(fire);
    // A fire at or before the current end starts no later than the current end: the run goes on.
    if (next === undefined || next > wallEnd || next > lastFire) {
      complete = true;
      break;
    }
    fire = next;
    wallEnd = Math.max(wallEnd, next + s.durationMs);
  }
  const end = s.clock.instantOfWallClock(wallEnd);
  return { end: lift === undefined ? end : Math.min(end, lift), complete };
}

/** The first non-empty occurrence that starts strictly after `after`, if any. */
export function nextOccurrenceAfter(window: FreezeWindow, after: Date): Occurrence | undefined {
  const next = nextSpanAfter(window, instantMs(after, 'after'));
  return next === undefined ? undefined : toOccurrence(next.start, next.end); // fresh Dates: callers may mutate
}

/** nextOccurrenceAfter in milliseconds (see activeSpanAt). */
export function nextSpanAfter(window: FreezeWindow, afterMs: number): OccurrenceSpan | undefined {
  checkedMs(afterMs, 'after');
  if (window.cancelled) return undefined;
  const lift = liftMs(window);
  const s = compile(window.schedule);
  if (s.type === 'once') {
    const o = onceInterval(s, lift);
    return o !== undefined && o.start > afterMs ? o : undefined;
  }
  const memo = memoFor(s, afterMs, lift);
  return (memo.next ??= { occurrence: firstOccurrenceAfter(s, afterMs, lift) }).occurrence;
}

function firstOccurrenceAfter(
  s: CompiledRecurring,
  afterMs: number,
  lift: number | undefined,
): Interval | undefined {
  // Fires whose start is > max(after, validFrom - 1): exactly the fires after that instant's high water.
  const from = s.validFrom !== undefined ? Math.max(afterMs, s.validFrom - 1) : afterMs;
  let wall = s.clock.wallHighWater(from);
  // Only empty occurrences (start and end in one DST gap) are skipped, so this ends quickly.
  for (let guard = 0; guard < 100_000; guard++) {
    const fire = s.fires.after(wall);
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
 * fires every minute has 1,440 occurrences a day). With `startingAt`, only those that start at or after
 * it: the continuation of a list cut at that start.
 */
export function occurrencesBetween(
  window: FreezeWindow,
  from: Date,
  to: Date,
  options: { readonly limit?: number; readonly startingAt?: Date } = {},
): Occurrence[] {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  const startingAtMs =
    options.startingAt === undefined ? undefined : instantMs(options.startingAt, 'startingAt');
  const limit = options.limit ?? 10_000;
  if (window.cancelled || toMs <= fromMs || limit <= 0) return [];
  const lift = liftMs(window);
  if (lift !== undefined && lift <= fromMs) return [];
  const s = compile(window.schedule);
  if (s.type === 'once') {
    const o = onceInterval(s, lift);
    if (o === undefined || o.start >= toMs || (o.end !== undefined && o.end <= fromMs)) return [];
    if (startingAtMs !== undefined && o.start < startingAtMs) return [];
    return [toOccurrence(o.start, o.end)];
  }
  // end > from  ⇔  fire + duration > highWater(from);  start < b  ⇔  fire ≤ highWater(b - 1).
  let lower = s.clock.wallHighWater(fromMs) - s.durationMs;
  if (s.validFrom !== undefined) lower = Math.max(lower, s.clock.wallHighWater(s.validFrom - 1));
  // start ≥ startingAt  ⇔  fire > highWater(startingAt - 1).
  if (startingAtMs !== undefined) lower = Math.max(lower, s.clock.wallHighWater(startingAtMs - 1));
  let upperInstant = toMs;
  if (s.validUntil !== undefined) upperInstant = Math.min(upperInstant, s.validUntil);
  if (lift !== undefined) upperInstant = Math.min(upperInstant, lift);
  const upper = s.clock.wallHighWater(upperInstant - 1);
  const occurrences: Occurrence[] = [];
  let fire = s.fires.after(lower);
  while (fire !== undefined && fire <= upper && occurrences.length < limit) {
    const o = recurringOccurrence(s, fire, lift);
    if (o.end > o.start && o.end > fromMs) occurrences.push(toOccurrence(o.start, o.end));
    fire = s.fires.after(fire);
  }
  return occurrences;
}

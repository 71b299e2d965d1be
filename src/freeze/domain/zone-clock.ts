/**
 * Local wall clock ↔ instants in an IANA time zone, answered from the zone's offset periods.
 *
 * Temporal (the polyfill) decides every offset and every transition; nothing here knows a DST rule. A
 * period is the span between two consecutive transitions that Temporal reports, with the offset Temporal
 * gives inside it; periods are fetched from Temporal the first time an instant in them is asked about and
 * kept (a zone has about two a year). Every conversion is then Temporal's own arithmetic on those offsets
 * (reading = instant + offset, and the polyfill's way of finding the instants that show a reading), done
 * with a binary search instead of a trip through the polyfill, which costs tens to hundreds of
 * microseconds per conversion: the evaluator asks about several instants of every matching window for
 * every change.
 *
 * A point on the local wall clock (`Wall`) is written as milliseconds since 1970-01-01T00:00 of that
 * clock: the UTC fields of `new Date(wall)` are the local fields. The local timeline has no DST.
 */
import { Temporal } from '@js-temporal/polyfill';

export type Wall = number;

const DAY_MS = 86_400_000;

/** Instants in [start, end) show `instant + offset` on the local clock. */
interface Period {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
}

/** Bounds the memory: a zone has about two periods a year, so this is only reached by odd callers. */
const MAX_PERIODS = 50_000;
let periodCount = 0;

function zoned(ms: number, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
}

/** The local clock of one zone. */
export class ZoneClock {
  /** Disjoint, by start. */
  private periods: Period[] = [];
  /** The period found last: questions come in runs near one instant. */
  private recent: Period | undefined;

  constructor(readonly zone: string) {}

  /** The local wall-clock reading at an instant. */
  wallClockAt(ms: number): Wall {
    return ms + this.periodAt(ms).offset;
  }

  /**
   * The first instant at which the local clock shows `wall` or later: the instant itself when the time
   * exists once, the earlier one in a fall-back overlap, the end of the gap when it falls in a
   * spring-forward gap. (Temporal: `toZonedDateTime(zone, {disambiguation: 'earlier'})`, and in a gap the
   * next transition after that instant, which is where the clock jumps.)
   */
  instantOfWallClock(wall: Wall): number {
    const earliest = this.earliestReading(wall);
    if (earliest !== undefined) return earliest;
    // A gap. Temporal's 'earlier' shifts the reading back by the size of the jump, which lands before the
    // transition; the transition after that instant is the end of its period.
    const gap = this.periodAt(wall + DAY_MS).offset - this.periodAt(wall - DAY_MS).offset;
    const beforeGap = this.earliestReading(wall - gap);
    if (beforeGap === undefined) {
      throw new Error(`no instant before the gap at a nonexistent local time in ${this.zone}`);
    }
    const end = this.periodAt(beforeGap).end;
    if (end === Number.POSITIVE_INFINITY) {
      throw new Error(`no transition after a nonexistent local time in ${this.zone}`);
    }
    return end;
  }

  /**
   * The highest reading the local clock has shown up to and including the instant: the reading itself,
   * except in the repeated hour after a fall-back, where the clock has already been further.
   * instantOfWallClock(W) ≤ ms exactly when W ≤ wallHighWater(ms).
   */
  wallHighWater(ms: number): Wall {
    const wall = this.wallClockAt(ms);
    if (this.instantOfWallClock(wall) === ms) return wall;
    // The second pass through an overlap: the highest reading was just before the clock was set back.
    const transition = this.periodAt(ms).start;
    if (transition === Number.NEGATIVE_INFINITY) return wall;
    return Math.max(wall, this.wallClockAt(transition - 1));
  }

  /**
   * The earliest instant at which the clock reads `wall`, if any (none in a spring-forward gap). This is
   * the polyfill's own method: try the offsets in force a day before and a day after, earlier one first,
   * and keep an instant that really reads `wall`.
   */
  private earliestReading(wall: Wall): number | undefined {
    const earlierOffset = this.periodAt(wall - DAY_MS).offset;
    const laterOffset = this.periodAt(wall + DAY_MS).offset;
    const first = wall - earlierOffset;
    if (this.wallClockAt(first) === wall) return first;
    if (laterOffset === earlierOffset) return undefined;
    const second = wall - laterOffset;
    return this.wallClockAt(second) === wall ? second : undefined;
  }

  private periodAt(ms: number): Period {
    const recent = this.recent;
    if (recent !== undefined && recent.start <= ms && ms < recent.end) return recent;
    const periods = this.periods;
    // The last period starting at or before ms.
    let lo = 0;
    let hi = periods.length - 1;
    let index = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((periods[mid] as Period).start <= ms) {
        index = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    const candidate = periods[index];
    if (candidate !== undefined && ms < candidate.end) {
      this.recent = candidate;
      return candidate;
    }
    const period = this.fetchPeriod(ms);
    // Kept only when it fits between its neighbours, which it does whenever Temporal answers consistently.
    const after = periods[index + 1];
    if (
      (candidate === undefined || candidate.end <= period.start) &&
      (after === undefined || period.end <= after.start)
    ) {
      if (periodCount >= MAX_PERIODS) {
        forgetAllPeriods();
        this.periods.push(period);
      } else {
        periods.splice(index + 1, 0, period);
      }
      periodCount += 1;
    }
    this.recent = period;
    return period;
  }

  /** The period containing `ms`, from Temporal: the offset there and the transitions around it. */
  private fetchPeriod(ms: number): Period {
    const at = zoned(ms, this.zone);
    // 'previous' is strictly before its instant: from ms + 1 it is the last transition at or before ms.
    const previous = zoned(ms + 1, this.zone).getTimeZoneTransition('previous');
    const next = at.getTimeZoneTransition('next');
    return {
      start: previous === null ? Number.NEGATIVE_INFINITY : previous.epochMilliseconds,
      end: next === null ? Number.POSITIVE_INFINITY : next.epochMilliseconds,
      offset: at.offsetNanoseconds / 1e6,
    };
  }

  forget(): void {
    this.periods = [];
    this.recent = undefined;
  }
}

const clocks = new Map<string, ZoneClock>();

function forgetAllPeriods(): void {
  for (const clock of clocks.values()) clock.forget();
  periodCount = 0;
}

/** The clock of an IANA zone (one per zone, shared). */
export function zoneClock(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (clock === undefined) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

/** The local wall-clock reading at an instant. */
export function wallClockAt(ms: number, zone: string): Wall {
  return zoneClock(zone).wallClockAt(ms);
}

/** See ZoneClock.instantOfWallClock. */
export function instantOfWallClock(wall: Wall, zone: string): number {
  return zoneClock(zone).instantOfWallClock(wall);
}

/** See ZoneClock.wallHighWater. */
export function wallHighWater(ms: number, zone: string): Wall {
  return zoneClock(zone).wallHighWater(ms);
}

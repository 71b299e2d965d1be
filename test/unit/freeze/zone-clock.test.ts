/**
 * The zone clock answers from remembered offset periods; these tests hold it to the same conversions done
 * directly through Temporal (the way schedule.ts did them before the periods were remembered), over DST
 * zones of both hemispheres, zones with 30-minute and negative DST, midnight transitions, and instants
 * close to transitions.
 */
import { Temporal } from '@js-temporal/polyfill';
import fc from 'fast-check';
import { instantOfWallClock, wallClockAt, wallHighWater } from '../../../src/freeze/domain/zone-clock';

const MINUTE = 60_000;

const ZONES = [
  'America/New_York',
  'America/Los_Angeles',
  'America/St_Johns',
  'America/Sao_Paulo',
  'America/Santiago',
  'America/Havana',
  'Europe/Berlin',
  'Europe/London',
  'Europe/Dublin',
  'Africa/Casablanca',
  'Asia/Tehran',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Antarctica/Troll',
  'Asia/Kolkata',
  'UTC',
] as const;

// ---------------------------------------------------------------------------------------------------
// The reference: every conversion straight through Temporal.

function zoned(ms: number, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone);
}

function wallOfZoned(z: Temporal.ZonedDateTime): number {
  return z.epochMilliseconds + z.offsetNanoseconds / 1e6;
}

function referenceWallClockAt(ms: number, zone: string): number {
  return wallOfZoned(zoned(ms, zone));
}

function referenceInstantOfWallClock(wall: number, zone: string): number {
  const d = new Date(wall);
  const earlier = new Temporal.PlainDateTime(
    d.getUTCFullYear(),
    d.getUTCMonth() + 1,
    d.getUTCDate(),
    d.getUTCHours(),
    d.getUTCMinutes(),
    d.getUTCSeconds(),
    d.getUTCMilliseconds(),
  ).toZonedDateTime(zone, { disambiguation: 'earlier' });
  if (wallOfZoned(earlier) === wall) return earlier.epochMilliseconds;
  const transition = earlier.getTimeZoneTransition('next');
  if (transition === null) throw new Error(`no transition after a nonexistent local time in ${zone}`);
  return transition.epochMilliseconds;
}

function referenceWallHighWater(ms: number, zone: string): number {
  const wall = referenceWallClockAt(ms, zone);
  if (referenceInstantOfWallClock(wall, zone) === ms) return wall;
  const transition = zoned(ms + 1, zone).getTimeZoneTransition('previous');
  if (transition === null) return wall;
  return Math.max(wall, referenceWallClockAt(transition.epochMilliseconds - 1, zone));
}

/** A transition of the zone in or after the given year (the year's start if it has none). */
function transitionNear(zone: string, year: number, which: number): number {
  let z = Temporal.ZonedDateTime.from({ timeZone: zone, year, month: 1, day: 1 });
  for (let i = 0; i <= which; i++) {
    const next = z.getTimeZoneTransition('next');
    if (next === null || next.year > year) break;
    z = next;
  }
  return z.epochMilliseconds;
}

/** Instants over 1900–2100, or within a day of a transition, often on or next to a minute edge. */
const instantArb = (zone: string): fc.Arbitrary<number> =>
  fc.oneof(
    fc.integer({ min: Date.UTC(1900, 0, 2), max: Date.UTC(2100, 0, 1) }),
    fc
      .tuple(
        fc.integer({ min: 1970, max: 2060 }),
        fc.integer({ min: 0, max: 1 }),
        fc.integer({ min: -1440, max: 1440 }),
        fc.constantFrom(0, 0, -1, 1, 30_000),
      )
      .map(([year, which, minutes, jitter]) => transitionNear(zone, year, which) + minutes * MINUTE + jitter),
  );

const zoneAndInstant = fc
  .constantFrom(...ZONES)
  .chain((zone) => fc.tuple(fc.constant(zone), instantArb(zone)));

describe('the zone clock agrees with Temporal', () => {
  it('New York: the spring-forward gap, the fall-back overlap and the repeated hour', () => {
    const zone = 'America/New_York';
    // 02:30 does not exist on 2024-03-10: the clock jumps from 02:00 EST to 03:00 EDT at 07:00Z.
    expect(new Date(instantOfWallClock(Date.UTC(2024, 2, 10, 2, 30), zone)).toISOString()).toBe(
      '2024-03-10T07:00:00.000Z',
    );
    // 01:30 happens twice on 2024-11-03: the earlier one (EDT) counts.
    expect(new Date(instantOfWallClock(Date.UTC(2024, 10, 3, 1, 30), zone)).toISOString()).toBe(
      '2024-11-03T05:30:00.000Z',
    );
    // 06:30Z reads 01:30 EST the second time; the clock had already shown 01:59:59.999 EDT.
    const secondPass = Date.UTC(2024, 10, 3, 6, 30);
    expect(wallClockAt(secondPass, zone)).toBe(Date.UTC(2024, 10, 3, 1, 30));
    expect(new Date(wallHighWater(secondPass, zone)).toISOString()).toBe('2024-11-03T01:59:59.999Z');
  });

  it('wallClockAt and wallHighWater, over zones and instants', () => {
    fc.assert(
      fc.property(zoneAndInstant, ([zone, ms]) => {
        const label = `${zone} ${new Date(ms).toISOString()}`;
        expect({ label, wall: wallClockAt(ms, zone), high: wallHighWater(ms, zone) }).toEqual({
          label,
          wall: referenceWallClockAt(ms, zone),
          high: referenceWallHighWater(ms, zone),
        });
      }),
      { numRuns: 400 },
    );
  });

  it('instantOfWallClock, over zones and local times in and around gaps and overlaps', () => {
    fc.assert(
      fc.property(zoneAndInstant, fc.integer({ min: -180, max: 180 }), ([zone, ms], shift) => {
        // Readings near the instant's own, so that gaps and overlaps are visited often.
        const wall = referenceWallClockAt(ms, zone) + shift * MINUTE;
        const label = `${zone} ${new Date(wall).toISOString().replace('Z', ' local')}`;
        expect({ label, instant: instantOfWallClock(wall, zone) }).toEqual({
          label,
          instant: referenceInstantOfWallClock(wall, zone),
        });
      }),
      { numRuns: 400 },
    );
  });
});

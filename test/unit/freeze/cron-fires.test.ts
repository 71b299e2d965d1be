/**
 * Remembered cron fire times answer exactly as Croner asked directly does (the way schedule.ts asked
 * before they were remembered), whatever order the questions come in and wherever they fall: on a fire,
 * next to one, on a chunk edge, far from the last one.
 */
import { Cron } from 'croner';
import fc from 'fast-check';
import { cronFires } from '../../../src/freeze/domain/cron-fires';
import { parseCron } from '../../../src/freeze/domain/freeze-window';

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** Croner asked directly, with the options the schedule code uses. */
function reference(expression: string) {
  const cron = new Cron(expression, { mode: '5-part', utcOffset: 0 });
  return {
    atOrBefore: (wall: number) =>
      cron.previousRuns(1, new Date(Math.floor(wall / 1000) * 1000 + 1000))[0]?.getTime(),
    after: (wall: number) => cron.nextRun(new Date(wall))?.getTime() ?? undefined,
  };
}

const field = (min: number, max: number, steps: boolean): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant('*') },
    { weight: 3, arbitrary: fc.integer({ min, max }).map(String) },
    {
      weight: 2,
      arbitrary: fc
        .uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 })
        .map((vs) => vs.sort((a, b) => a - b).join(',')),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
        .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    },
    { weight: steps ? 2 : 0, arbitrary: fc.integer({ min: 2, max: 30 }).map((k) => `*/${k}`) },
  );

const cronArb: fc.Arbitrary<string> = fc
  .tuple(
    field(0, 59, true),
    field(0, 23, true),
    fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 2, arbitrary: field(1, 31, false) }),
    fc.oneof({ weight: 6, arbitrary: fc.constant('*') }, { weight: 1, arbitrary: field(1, 12, false) }),
    fc.oneof({ weight: 4, arbitrary: fc.constant('*') }, { weight: 2, arbitrary: field(0, 6, false) }),
  )
  .map((fields) => fields.join(' '))
  .filter((cron) => !('error' in parseCron(cron)));

/** Wall-clock instants over 1900–2200, on whole minutes, hours and days too (where fires and chunk edges are). */
const wallArb: fc.Arbitrary<number> = fc
  .tuple(
    fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
    fc.constantFrom(1, MINUTE, 60 * MINUTE, DAY),
    fc.constantFrom(0, 0, 0, -1, 1, 999, 1000),
  )
  .map(([ms, unit, jitter]) => Math.floor(ms / unit) * unit + jitter);

describe('remembered cron fire times', () => {
  it('answer as Croner does, over expressions and instants in any order', () => {
    fc.assert(
      fc.property(cronArb, fc.array(wallArb, { minLength: 1, maxLength: 12 }), (expression, walls) => {
        const fires = cronFires(expression);
        const direct = reference(expression);
        // Also ask next to the fires found, where off-by-one mistakes would show.
        const probes = walls.flatMap((w) => {
          const found = direct.after(w);
          return found === undefined ? [w] : [w, found - 1, found, found + 1, found + 999];
        });
        for (const wall of probes) {
          const label = `${expression} @ ${new Date(wall).toISOString()}`;
          expect({ label, atOrBefore: fires.atOrBefore(wall), after: fires.after(wall) }).toEqual({
            label,
            atOrBefore: direct.atOrBefore(wall),
            after: direct.after(wall),
          });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('walk a minutely and a leap-day expression exactly', () => {
    const everyFive = cronFires('*/5 * * * *');
    let wall = Date.UTC(2024, 2, 9, 23, 58);
    const walked: number[] = [];
    for (let i = 0; i < 30; i++) {
      const next = everyFive.after(wall);
      if (next === undefined) throw new Error('a minutely cron always fires again');
      walked.push(next);
      wall = next;
    }
    expect(walked.map((w) => new Date(w).toISOString().slice(11, 16))).toEqual(
      Array.from({ length: 30 }, (_, i) => new Date(Date.UTC(2024, 2, 10, 0, 0) + i * 5 * MINUTE)).map((d) =>
        d.toISOString().slice(11, 16),
      ),
    );
    const leapDays = cronFires('0 12 29 2 *');
    expect(new Date(leapDays.atOrBefore(Date.UTC(2027, 5, 1)) ?? 0).toISOString()).toBe(
      '2024-02-29T12:00:00.000Z',
    );
    expect(new Date(leapDays.after(Date.UTC(2024, 1, 29, 12)) ?? 0).toISOString()).toBe(
      '2028-02-29T12:00:00.000Z',
    );
  });

  it('fire on the 1st of March after a February that lacks the day listed next (croner 11.0.0 skipped it)', () => {
    // "0 0 1,30 * *" from mid-February: the 30th does not exist, so the next fire is the 1st of March.
    // The property above found it one run in about twenty: an enumeration that missed the 1st then answered
    // "the latest fire" with February's.
    const monthEdges = cronFires('0 0 1,30 * *');
    expect(new Date(monthEdges.after(Date.UTC(2027, 1, 15)) ?? 0).toISOString()).toBe(
      '2027-03-01T00:00:00.000Z',
    );
    expect(new Date(monthEdges.atOrBefore(Date.UTC(2027, 2, 29)) ?? 0).toISOString()).toBe(
      '2027-03-01T00:00:00.000Z',
    );
  });

  it('are shared by expressions that differ only in spacing, and refuse what does not parse', () => {
    expect(cronFires('0 18 * * 5')).toBe(cronFires(' 0  18 * *  5 '));
    expect(() => cronFires('0 18 * *')).toThrow(/five fields/);
  });
});

import { calendarPage, type CalendarEntry } from '../../../src/freeze/domain/calendar';
import type { FreezeWindow } from '../../../src/freeze/domain/freeze-window';
import { freezeWindow, instant, recurring, span } from './support/windows';

/** Every page from `from` to `to`, following nextStart; fails if a page does not move on. */
function allPages(
  windows: readonly FreezeWindow[],
  from: Date,
  to: Date,
  limitPerWindow: number,
): { pages: number; entries: CalendarEntry[] } {
  const entries: CalendarEntry[] = [];
  let startingAt: Date | undefined;
  for (let pages = 1; pages <= 100; pages += 1) {
    const page = calendarPage(windows, from, to, {
      limitPerWindow,
      ...(startingAt === undefined ? {} : { startingAt }),
    });
    entries.push(...page.entries);
    if (page.nextStart === undefined) return { pages, entries };
    if (startingAt !== undefined) expect(page.nextStart.getTime()).toBeGreaterThan(startingAt.getTime());
    startingAt = page.nextStart;
  }
  throw new Error('the pages never ended');
}

const key = (e: CalendarEntry): string => `${e.window.id} ${span(e.occurrence)}`;

describe('calendarPage', () => {
  const from = instant('2024-03-09T00:00Z');
  const to = instant('2024-03-12T00:00Z');

  it('pages add up to the uncut list: same occurrences, same order, none twice', () => {
    const windows = [
      freezeWindow({ schedule: recurring('*/10 * * * *', 'PT25M', 'UTC') }),
      freezeWindow({ schedule: recurring('0 9 * * *', 'PT8H', 'Europe/Berlin') }),
      // Over the spring-forward night of 2024-03-10: 02:xx fires start at 03:00, with the 03:00 fire.
      freezeWindow({ schedule: recurring('*/30 * * * *', 'PT1H', 'America/New_York') }),
    ];
    const whole = calendarPage(windows, from, to, { limitPerWindow: 100_000 });
    expect(whole.nextStart).toBeUndefined();
    const paged = allPages(windows, from, to, 50);
    expect(paged.pages).toBeGreaterThan(5);
    expect(paged.entries.map(key)).toEqual(whole.entries.map(key));
  });

  it('a page is cut before the first left-out occurrence, for every window', () => {
    const busy = freezeWindow({ schedule: recurring('* * * * *', 'PT1M', 'UTC') }, { id: 'a-busy' });
    const quiet = freezeWindow({ schedule: recurring('30 0 * * *', 'PT1H', 'UTC') }, { id: 'b-quiet' });
    const page = calendarPage([busy, quiet], from, to, { limitPerWindow: 20 });
    expect(page.nextStart).toEqual(instant('2024-03-09T00:20Z'));
    expect(page.entries).toHaveLength(20);
    expect(page.entries.every((e) => e.window.id === 'a-busy')).toBe(true);
  });

  it('goes on when more occurrences than a page holds are running at `from` (the cursor lies before it)', () => {
    // Every minute for a day: 1,440 occurrences cover any instant.
    const window = freezeWindow({ schedule: recurring('* * * * *', 'P1D', 'UTC') });
    const shortTo = instant('2024-03-09T01:00Z');
    const first = calendarPage([window], from, shortTo, { limitPerWindow: 1_000 });
    // The first one still running began at 00:01 the day before; the 1,001st at 16:41.
    expect(first.nextStart).toEqual(instant('2024-03-08T16:41Z'));
    const paged = allPages([window], from, shortTo, 1_000);
    // The 1,439 still running at `from`, and the 60 that start in the hour.
    expect(paged.entries).toHaveLength(1_439 + 60);
    expect(new Set(paged.entries.map(key)).size).toBe(paged.entries.length);
  });
});

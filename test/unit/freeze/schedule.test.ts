import {
  activeOccurrenceAt,
  activeUntil,
  nextOccurrenceAfter,
  occurrencesBetween,
} from '../../../src/freeze/domain/schedule';
import { freezeWindow, instant, once, recurring, span, spans } from './support/windows';

const HOUR = 3_600_000;

describe('recurring windows run on the local wall clock, DST-correct', () => {
  // Each row: a window, a day, and its exact occurrence that day (UTC). The real length differs from the
  // wall-clock duration only on the days the clocks change.
  const rows: [string, string, string, string, string, string, number][] = [
    // zone, cron, duration, range start, range end, expected occurrence, real hours
    [
      'America/New_York',
      '0 1 * * *',
      'PT3H',
      '2024-03-10T04:00Z',
      '2024-03-11T04:00Z',
      '2024-03-10T06:00:00.000Z..2024-03-10T08:00:00.000Z',
      2,
    ],
    [
      'America/New_York',
      '0 1 * * *',
      'PT3H',
      '2024-11-03T04:00Z',
      '2024-11-04T04:00Z',
      '2024-11-03T05:00:00.000Z..2024-11-03T09:00:00.000Z',
      4,
    ],
    [
      'America/New_York',
      '0 1 * * *',
      'PT3H',
      '2024-07-01T04:00Z',
      '2024-07-02T04:00Z',
      '2024-07-01T05:00:00.000Z..2024-07-01T08:00:00.000Z',
      3,
    ],
    [
      'America/Chicago',
      '0 1 * * *',
      'PT3H',
      '2024-03-10T05:00Z',
      '2024-03-11T05:00Z',
      '2024-03-10T07:00:00.000Z..2024-03-10T09:00:00.000Z',
      2,
    ],
    [
      'America/Chicago',
      '0 1 * * *',
      'PT3H',
      '2024-11-03T05:00Z',
      '2024-11-04T05:00Z',
      '2024-11-03T06:00:00.000Z..2024-11-03T10:00:00.000Z',
      4,
    ],
    [
      'America/Los_Angeles',
      '0 1 * * *',
      'PT3H',
      '2024-03-10T07:00Z',
      '2024-03-11T07:00Z',
      '2024-03-10T09:00:00.000Z..2024-03-10T11:00:00.000Z',
      2,
    ],
    [
      'America/Los_Angeles',
      '0 1 * * *',
      'PT3H',
      '2024-11-03T07:00Z',
      '2024-11-04T07:00Z',
      '2024-11-03T08:00:00.000Z..2024-11-03T12:00:00.000Z',
      4,
    ],
    [
      'Europe/Berlin',
      '0 1 * * *',
      'PT3H',
      '2024-03-30T22:00Z',
      '2024-03-31T22:00Z',
      '2024-03-31T00:00:00.000Z..2024-03-31T02:00:00.000Z',
      2,
    ],
    [
      'Europe/Berlin',
      '0 1 * * *',
      'PT3H',
      '2024-10-26T22:00Z',
      '2024-10-27T22:00Z',
      '2024-10-26T23:00:00.000Z..2024-10-27T03:00:00.000Z',
      4,
    ],
    [
      'Europe/London',
      '0 0 * * *',
      'PT3H',
      '2024-03-30T23:30Z',
      '2024-03-31T23:00Z',
      '2024-03-31T00:00:00.000Z..2024-03-31T02:00:00.000Z',
      2,
    ],
    [
      'Europe/London',
      '0 0 * * *',
      'PT3H',
      '2024-10-26T22:30Z',
      '2024-10-27T23:00Z',
      '2024-10-26T23:00:00.000Z..2024-10-27T03:00:00.000Z',
      4,
    ],
    // Southern hemisphere: Sydney falls back in April, springs forward in October.
    [
      'Australia/Sydney',
      '0 1 * * *',
      'PT3H',
      '2024-04-06T12:00Z',
      '2024-04-07T12:00Z',
      '2024-04-06T14:00:00.000Z..2024-04-06T18:00:00.000Z',
      4,
    ],
    [
      'Australia/Sydney',
      '0 1 * * *',
      'PT3H',
      '2024-10-05T12:00Z',
      '2024-10-06T12:00Z',
      '2024-10-05T15:00:00.000Z..2024-10-05T17:00:00.000Z',
      2,
    ],
    // Lord Howe moves its clocks by half an hour.
    [
      'Australia/Lord_Howe',
      '0 1 * * *',
      'PT3H',
      '2024-04-06T12:00Z',
      '2024-04-07T12:00Z',
      '2024-04-06T14:00:00.000Z..2024-04-06T17:30:00.000Z',
      3.5,
    ],
    [
      'Australia/Lord_Howe',
      '0 1 * * *',
      'PT3H',
      '2024-10-05T12:00Z',
      '2024-10-06T12:00Z',
      '2024-10-05T14:30:00.000Z..2024-10-05T17:00:00.000Z',
      2.5,
    ],
    // No DST, half-hour offset.
    [
      'Asia/Kolkata',
      '0 18 * * *',
      'PT1H',
      '2024-03-31T00:00Z',
      '2024-04-01T00:00Z',
      '2024-03-31T12:30:00.000Z..2024-03-31T13:30:00.000Z',
      1,
    ],
  ];

  it.each(rows)('%s %s for %s on the day from %s', (zone, cron, duration, from, to, expected, hours) => {
    const window = freezeWindow({ schedule: recurring(cron, duration, zone) });
    const occurrences = occurrencesBetween(window, instant(from), instant(to));
    expect(spans(occurrences)).toEqual([expected]);
    const [o] = occurrences;
    expect(o?.end).not.toBeNull();
    expect(((o?.end?.getTime() ?? 0) - (o?.start.getTime() ?? 0)) / HOUR).toBe(hours);
    // Boundaries: the start instant is frozen, the instant before it and the end instant are not.
    if (o?.end) {
      expect(span(activeOccurrenceAt(window, o.start))).toBe(expected);
      expect(span(activeOccurrenceAt(window, new Date(o.end.getTime() - 1)))).toBe(expected);
      expect(activeOccurrenceAt(window, new Date(o.start.getTime() - 1))).toBeUndefined();
      expect(activeOccurrenceAt(window, o.end)).toBeUndefined();
    }
  });
});

describe('local times that do not exist or exist twice', () => {
  // Rule: a wall-clock time is reached at the first instant the local clock shows it or later. In a
  // spring-forward gap that is the end of the gap; in a fall-back overlap it is the first pass, once.
  const rows: [string, string, string, string, string, string, string][] = [
    [
      'start in the gap starts when the clock jumps',
      'America/New_York',
      '30 2 * * *',
      'PT1H',
      '2024-03-10T04:00Z',
      '2024-03-11T04:00Z',
      '2024-03-10T07:00:00.000Z..2024-03-10T07:30:00.000Z',
    ],
    [
      'end in the gap ends when the clock jumps',
      'America/New_York',
      '0 0 * * *',
      'PT2H30M',
      '2024-03-10T04:00Z',
      '2024-03-11T04:00Z',
      '2024-03-10T05:00:00.000Z..2024-03-10T07:00:00.000Z',
    ],
    [
      'an occurrence wholly inside the gap is empty and left out',
      'America/New_York',
      '10 2 * * *',
      'PT30M',
      '2024-03-10T04:00Z',
      '2024-03-11T04:00Z',
      '',
    ],
    [
      'start in the overlap uses the first pass (EDT), once',
      'America/New_York',
      '30 1 * * *',
      'PT1H',
      '2024-11-03T04:00Z',
      '2024-11-04T04:00Z',
      '2024-11-03T05:30:00.000Z..2024-11-03T07:30:00.000Z',
    ],
    [
      'end in the overlap ends in the first pass',
      'America/New_York',
      '0 0 * * *',
      'PT1H30M',
      '2024-11-03T03:00Z',
      '2024-11-04T03:00Z',
      '2024-11-03T04:00:00.000Z..2024-11-03T05:30:00.000Z',
    ],
    [
      'Berlin: start in the gap',
      'Europe/Berlin',
      '30 2 * * *',
      'PT1H',
      '2024-03-30T22:00Z',
      '2024-03-31T22:00Z',
      '2024-03-31T01:00:00.000Z..2024-03-31T01:30:00.000Z',
    ],
    [
      'Berlin: start in the overlap (CEST)',
      'Europe/Berlin',
      '30 2 * * *',
      'PT1H',
      '2024-10-26T22:00Z',
      '2024-10-27T22:00Z',
      '2024-10-27T00:30:00.000Z..2024-10-27T02:30:00.000Z',
    ],
    [
      'London: start in the gap',
      'Europe/London',
      '30 1 * * *',
      'PT1H',
      '2024-03-30T23:30Z',
      '2024-03-31T23:00Z',
      '2024-03-31T01:00:00.000Z..2024-03-31T01:30:00.000Z',
    ],
    [
      'London: start in the overlap (BST)',
      'Europe/London',
      '30 1 * * *',
      'PT1H',
      '2024-10-26T23:30Z',
      '2024-10-27T23:00Z',
      '2024-10-27T00:30:00.000Z..2024-10-27T02:30:00.000Z',
    ],
    // São Paulo sprang forward at midnight (00:00 → 01:00) on 2018-11-04: midnight did not exist.
    [
      'midnight that does not exist',
      'America/Sao_Paulo',
      '0 0 * * *',
      'PT2H',
      '2018-11-04T01:00Z',
      '2018-11-05T01:00Z',
      '2018-11-04T03:00:00.000Z..2018-11-04T04:00:00.000Z',
    ],
  ];

  it.each(rows)('%s', (_name, zone, cron, duration, from, to, expected) => {
    const window = freezeWindow({ schedule: recurring(cron, duration, zone) });
    expect(spans(occurrencesBetween(window, instant(from), instant(to)))).toEqual(
      expected === '' ? [] : [expected],
    );
  });

  it('the repeated hour after a fall-back does not fire or end anything a second time', () => {
    const window = freezeWindow({ schedule: recurring('30 1 * * *', 'PT1H', 'America/New_York') });
    // 06:15Z is 01:15 EST, the second pass: the 01:30 EDT occurrence is still running (it ends at 02:30 EST).
    expect(span(activeOccurrenceAt(window, instant('2024-11-03T06:15Z')))).toBe(
      '2024-11-03T05:30:00.000Z..2024-11-03T07:30:00.000Z',
    );
    const short = freezeWindow({ schedule: recurring('0 0 * * *', 'PT1H30M', 'America/New_York') });
    // 06:45Z shows 01:45 EST: inside 00:00–01:30 by the clock's second reading, but that occurrence ended once.
    expect(activeOccurrenceAt(short, instant('2024-11-03T06:45Z'))).toBeUndefined();
    expect(activeOccurrenceAt(short, instant('2024-11-03T05:29:59.999Z'))).toBeDefined();
  });

  it('a minutely pattern fires each local time once in the overlap', () => {
    const window = freezeWindow({ schedule: recurring('*/20 1 * * *', 'PT20M', 'America/New_York') });
    expect(
      spans(occurrencesBetween(window, instant('2024-11-03T04:00Z'), instant('2024-11-03T08:00Z'))),
    ).toEqual([
      '2024-11-03T05:00:00.000Z..2024-11-03T05:20:00.000Z',
      '2024-11-03T05:20:00.000Z..2024-11-03T05:40:00.000Z',
      // 01:40 EDT + 20 min of wall clock = 02:00, reached at 02:00 EST: it covers the repeated hour.
      '2024-11-03T05:40:00.000Z..2024-11-03T07:00:00.000Z',
    ]);
  });
});

describe('the Black Friday window (0 18 * * 5, PT56H, Europe/Berlin)', () => {
  const blackFriday = freezeWindow({ schedule: recurring('0 18 * * 5', 'PT56H', 'Europe/Berlin') });

  it.each([
    ['across the November month end', '2024-11-29T17:00:00.000Z..2024-12-02T01:00:00.000Z', 56],
    [
      'across the October fall-back (57 real hours)',
      '2024-10-25T16:00:00.000Z..2024-10-28T01:00:00.000Z',
      57,
    ],
    [
      'across the March spring-forward and month end (55 real hours)',
      '2024-03-29T17:00:00.000Z..2024-04-01T00:00:00.000Z',
      55,
    ],
  ])('%s', (_name, expected, hours) => {
    const [start = ''] = expected.split('..');
    const inside = new Date(instant(start).getTime() + 30 * HOUR);
    const o = activeOccurrenceAt(blackFriday, inside);
    expect(span(o)).toBe(expected);
    expect(((o?.end?.getTime() ?? 0) - (o?.start.getTime() ?? 0)) / HOUR).toBe(hours);
  });

  it('answers for any instant from the latest fire, also decades away', () => {
    expect(span(activeOccurrenceAt(blackFriday, instant('1999-11-28T12:00Z')))).toBe(
      '1999-11-26T17:00:00.000Z..1999-11-29T01:00:00.000Z',
    );
    expect(activeOccurrenceAt(blackFriday, instant('2024-11-28T12:00Z'))).toBeUndefined();
    expect(span(nextOccurrenceAfter(blackFriday, instant('2024-11-28T12:00Z')))).toBe(
      '2024-11-29T17:00:00.000Z..2024-12-02T01:00:00.000Z',
    );
  });
});

describe('windows across midnight, month and year ends', () => {
  it.each([
    [
      '22:00 for 4h, asked after midnight',
      '0 22 * * *',
      'PT4H',
      'Europe/Berlin',
      '2024-01-16T00:30Z',
      '2024-01-15T21:00:00.000Z..2024-01-16T01:00:00.000Z',
    ],
    [
      'the 31st at 20:00 for 6h, asked on the 1st',
      '0 20 31 * *',
      'PT6H',
      'Europe/Berlin',
      '2024-02-01T00:30Z',
      '2024-01-31T19:00:00.000Z..2024-02-01T01:00:00.000Z',
    ],
    [
      "New Year's Eve for two days",
      '0 18 31 12 *',
      'P2D',
      'Europe/London',
      '2025-01-02T17:59:59.999Z',
      '2024-12-31T18:00:00.000Z..2025-01-02T18:00:00.000Z',
    ],
    [
      '29 February',
      '0 0 29 2 *',
      'P1D',
      'UTC',
      '2024-02-29T23:00Z',
      '2024-02-29T00:00:00.000Z..2024-03-01T00:00:00.000Z',
    ],
  ])('%s', (_name, cron, duration, zone, at, expected) => {
    const window = freezeWindow({ schedule: recurring(cron, duration, zone) });
    expect(span(activeOccurrenceAt(window, instant(at)))).toBe(expected);
  });

  it('the 29 February window skips to the next leap year', () => {
    const window = freezeWindow({ schedule: recurring('0 0 29 2 *', 'P1D', 'UTC') });
    expect(span(nextOccurrenceAfter(window, instant('2024-03-01T00:00Z')))).toBe(
      '2028-02-29T00:00:00.000Z..2028-03-01T00:00:00.000Z',
    );
  });
});

describe('overlapping occurrences of one window', () => {
  const window = freezeWindow({ schedule: recurring('0 * * * *', 'PT3H', 'UTC') });

  it('the active occurrence is the one that started last (and ends last)', () => {
    expect(span(activeOccurrenceAt(window, instant('2024-05-01T10:30Z')))).toBe(
      '2024-05-01T10:00:00.000Z..2024-05-01T13:00:00.000Z',
    );
  });

  it('occurrencesBetween lists every occurrence that intersects the range, also ones that began before it', () => {
    expect(
      spans(occurrencesBetween(window, instant('2024-05-01T10:30Z'), instant('2024-05-01T11:00Z'))),
    ).toEqual([
      '2024-05-01T08:00:00.000Z..2024-05-01T11:00:00.000Z',
      '2024-05-01T09:00:00.000Z..2024-05-01T12:00:00.000Z',
      '2024-05-01T10:00:00.000Z..2024-05-01T13:00:00.000Z',
    ]);
  });

  it('honours the limit', () => {
    expect(
      occurrencesBetween(window, instant('2024-05-01T00:00Z'), instant('2024-06-01T00:00Z'), { limit: 5 }),
    ).toHaveLength(5);
  });
});

describe('validFrom / validUntil bound occurrence starts', () => {
  const window = freezeWindow({
    schedule: recurring('0 18 * * 5', 'PT56H', 'Europe/Berlin', {
      validFrom: '2024-11-29T00:00:00Z',
      validUntil: '2024-11-30T00:00:00Z',
    }),
  });

  it('keeps only the occurrence that starts inside, and lets it run to its end', () => {
    expect(
      spans(occurrencesBetween(window, instant('2024-11-01T00:00Z'), instant('2025-01-01T00:00Z'))),
    ).toEqual(['2024-11-29T17:00:00.000Z..2024-12-02T01:00:00.000Z']);
    expect(span(activeOccurrenceAt(window, instant('2024-12-01T12:00Z')))).toBe(
      '2024-11-29T17:00:00.000Z..2024-12-02T01:00:00.000Z',
    );
    expect(activeOccurrenceAt(window, instant('2024-11-23T12:00Z'))).toBeUndefined();
    expect(activeOccurrenceAt(window, instant('2024-12-07T12:00Z'))).toBeUndefined();
    expect(nextOccurrenceAfter(window, instant('2024-11-30T00:00Z'))).toBeUndefined();
    expect(span(nextOccurrenceAfter(window, instant('2024-01-01T00:00Z')))).toBe(
      '2024-11-29T17:00:00.000Z..2024-12-02T01:00:00.000Z',
    );
  });

  it('an occurrence starting exactly at validUntil is out, exactly at validFrom is in', () => {
    const exact = freezeWindow({
      schedule: recurring('0 12 * * *', 'PT1H', 'UTC', {
        validFrom: '2024-05-01T12:00:00Z',
        validUntil: '2024-05-03T12:00:00Z',
      }),
    });
    expect(
      spans(occurrencesBetween(exact, instant('2024-04-01T00:00Z'), instant('2024-06-01T00:00Z'))),
    ).toEqual([
      '2024-05-01T12:00:00.000Z..2024-05-01T13:00:00.000Z',
      '2024-05-02T12:00:00.000Z..2024-05-02T13:00:00.000Z',
    ]);
  });
});

describe('one-off windows, lifts and cancellation', () => {
  it('a one-off window covers [start, end)', () => {
    const window = freezeWindow({ schedule: once('2024-12-20T00:00:00Z', '2025-01-02T00:00:00Z') });
    expect(span(activeOccurrenceAt(window, instant('2024-12-20T00:00Z')))).toBe(
      '2024-12-20T00:00:00.000Z..2025-01-02T00:00:00.000Z',
    );
    expect(activeOccurrenceAt(window, instant('2025-01-02T00:00Z'))).toBeUndefined();
    expect(activeOccurrenceAt(window, instant('2024-12-19T23:59:59.999Z'))).toBeUndefined();
    expect(
      spans(occurrencesBetween(window, instant('2025-01-01T00:00Z'), instant('2025-02-01T00:00Z'))),
    ).toHaveLength(1);
    expect(occurrencesBetween(window, instant('2025-01-02T00:00Z'), instant('2025-02-01T00:00Z'))).toEqual(
      [],
    );
  });

  it('"freeze now" without end lasts until lifted', () => {
    const open = freezeWindow({ schedule: once('2024-06-01T08:00:00Z') });
    expect(span(activeOccurrenceAt(open, instant('2030-01-01T00:00Z')))).toBe(
      '2024-06-01T08:00:00.000Z..open',
    );
    const lifted = freezeWindow(
      { schedule: once('2024-06-01T08:00:00Z') },
      { liftedAt: instant('2024-06-01T09:15Z') },
    );
    expect(span(activeOccurrenceAt(lifted, instant('2024-06-01T09:14:59.999Z')))).toBe(
      '2024-06-01T08:00:00.000Z..2024-06-01T09:15:00.000Z',
    );
    expect(activeOccurrenceAt(lifted, instant('2024-06-01T09:15Z'))).toBeUndefined();
  });

  it('a lift truncates the running occurrence and suppresses later ones', () => {
    const window = freezeWindow(
      { schedule: recurring('0 18 * * 5', 'PT56H', 'Europe/Berlin') },
      { liftedAt: instant('2024-11-30T10:00Z') },
    );
    expect(span(activeOccurrenceAt(window, instant('2024-11-30T09:00Z')))).toBe(
      '2024-11-29T17:00:00.000Z..2024-11-30T10:00:00.000Z',
    );
    expect(activeOccurrenceAt(window, instant('2024-11-30T10:00Z'))).toBeUndefined();
    expect(activeOccurrenceAt(window, instant('2024-12-07T10:00Z'))).toBeUndefined();
    expect(nextOccurrenceAfter(window, instant('2024-11-30T09:00Z'))).toBeUndefined();
    expect(
      spans(occurrencesBetween(window, instant('2024-11-20T00:00Z'), instant('2024-12-31T00:00Z'))),
    ).toEqual([
      '2024-11-22T17:00:00.000Z..2024-11-25T01:00:00.000Z',
      '2024-11-29T17:00:00.000Z..2024-11-30T10:00:00.000Z',
    ]);
  });

  it('a lift before a one-off window starts means it never runs', () => {
    const window = freezeWindow(
      { schedule: once('2024-12-20T00:00:00Z', '2025-01-02T00:00:00Z') },
      { liftedAt: instant('2024-12-01T00:00Z') },
    );
    expect(activeOccurrenceAt(window, instant('2024-12-21T00:00Z'))).toBeUndefined();
    expect(nextOccurrenceAfter(window, instant('2024-11-01T00:00Z'))).toBeUndefined();
  });

  it('a cancelled window has no occurrences', () => {
    const window = freezeWindow({ schedule: recurring('0 * * * *', 'PT1H', 'UTC') }, { cancelled: true });
    expect(activeOccurrenceAt(window, instant('2024-05-01T10:30Z'))).toBeUndefined();
    expect(occurrencesBetween(window, instant('2024-05-01T00:00Z'), instant('2024-05-02T00:00Z'))).toEqual(
      [],
    );
    expect(nextOccurrenceAfter(window, instant('2024-05-01T00:00Z'))).toBeUndefined();
  });

  it('refuses instants outside the supported range instead of guessing', () => {
    const window = freezeWindow({ schedule: recurring('0 * * * *', 'PT1H', 'UTC') });
    expect(() => activeOccurrenceAt(window, new Date(Number.NaN))).toThrow(RangeError);
    expect(() => activeOccurrenceAt(window, instant('0050-01-01T00:00Z'))).toThrow(RangeError);
  });
});

describe('activeUntil: the end of the run of occurrences covering an instant', () => {
  const horizon = instant('2024-06-01T00:00Z');

  it('follows overlapping occurrences to the last one (validUntil ends the run)', () => {
    const window = freezeWindow({
      schedule: recurring('0 * * * *', 'PT3H', 'UTC', { validUntil: '2024-05-02T00:00:00Z' }),
    });
    expect(activeUntil(window, instant('2024-05-01T10:30Z'), horizon)?.toISOString()).toBe(
      '2024-05-02T02:00:00.000Z',
    );
  });

  it('follows back-to-back occurrences on the local clock across a DST change', () => {
    // Every 12 hours for 12 hours, from 2024-03-09: one continuous freeze, in New York time.
    const window = freezeWindow({
      schedule: recurring('0 0,12 * * *', 'PT12H', 'America/New_York', {
        validFrom: '2024-03-09T00:00:00Z',
        validUntil: '2024-03-12T00:00:00Z',
      }),
    });
    // The last start is 2024-03-11 12:00 EDT (16:00Z); it ends 2024-03-12 00:00 EDT (04:00Z).
    expect(activeUntil(window, instant('2024-03-09T18:00Z'), horizon)?.toISOString()).toBe(
      '2024-03-12T04:00:00.000Z',
    );
  });

  it('stops chaining past the horizon, and at a lift', () => {
    const always = freezeWindow({ schedule: recurring('*/5 * * * *', 'PT10M', 'Europe/Berlin') });
    const until = activeUntil(always, instant('2024-05-01T00:00Z'), horizon);
    expect(until?.getTime()).toBeGreaterThan(horizon.getTime());
    const lifted = { ...always, liftedAt: instant('2024-05-03T07:02Z') };
    expect(activeUntil(lifted, instant('2024-05-01T00:00Z'), horizon)?.toISOString()).toBe(
      '2024-05-03T07:02:00.000Z',
    );
  });

  it('is undefined when nothing covers the instant, null for an open freeze', () => {
    const window = freezeWindow({ schedule: recurring('0 1 * * *', 'PT1H', 'UTC') });
    expect(activeUntil(window, instant('2024-05-01T03:00Z'), horizon)).toBeUndefined();
    const open = freezeWindow({ schedule: once('2024-05-01T00:00:00Z') });
    expect(activeUntil(open, instant('2024-05-02T00:00Z'), horizon)).toBeNull();
  });
});

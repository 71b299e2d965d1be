import { parseInstantArg } from '../../../src/cli/changectl/time-args';

const NOW = new Date('2026-11-03T14:05:00.000Z');
const iso = (text: string): string => parseInstantArg(text, NOW).toISOString();

describe('parseInstantArg', () => {
  it('takes ISO 8601 instants with Z or an offset, and dates as UTC midnight', () => {
    expect(iso('2026-11-03T14:05:12.345Z')).toBe('2026-11-03T14:05:12.345Z');
    expect(iso('2026-11-03T14:05+01:00')).toBe('2026-11-03T13:05:00.000Z');
    expect(iso('2026-11-03')).toBe('2026-11-03T00:00:00.000Z');
  });

  it('takes now, now±duration, and a bare duration as that long ago', () => {
    expect(iso('now')).toBe(NOW.toISOString());
    expect(iso('now-30m')).toBe('2026-11-03T13:35:00.000Z');
    expect(iso('now+2h')).toBe('2026-11-03T16:05:00.000Z');
    expect(iso('2h')).toBe('2026-11-03T12:05:00.000Z');
    expect(iso('1w')).toBe('2026-10-27T14:05:00.000Z');
  });

  it.each(['2026-11-03T14:05', '2026-02-30', 'yesterday', '2x', '', 'now-', '2026-11-03T25:00Z'])(
    'refuses %j, saying what it accepts',
    (text) => {
      expect(() => parseInstantArg(text, NOW)).toThrow(/is not a time: use an ISO 8601 instant/);
    },
  );
});

import { formatDuration, listNames, relativeToAlert } from '../../../src/correlation/domain/explain';

describe('formatDuration', () => {
  it.each([
    [40_000, '40 s'],
    [6 * 60_000 + 20_000, '6 min'],
    [60 * 60_000, '1 h'],
    [80 * 60_000, '1 h 20 min'],
    [51 * 3_600_000, '2 d 3 h'],
    [-90_000, '2 min'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('relativeToAlert', () => {
  it('reads before, after and at', () => {
    expect(relativeToAlert(0, 6 * 60_000)).toBe('6 min before the alert');
    expect(relativeToAlert(40_000, 0)).toBe('40 s after the alert');
    expect(relativeToAlert(500, 0)).toBe("at the alert's start");
  });
});

describe('listNames', () => {
  it('joins names and says how many more there are', () => {
    expect(listNames([])).toBe('');
    expect(listNames(['a'])).toBe('a');
    expect(listNames(['a', 'b'])).toBe('a and b');
    expect(listNames(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listNames(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
  });
});

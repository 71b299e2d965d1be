import { backoffDelay, TimeoutError, withTimeout } from '../../src/common/retry';

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, jittered within the upper half', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 250, 2_000, () => 1))).toEqual([
      250, 500, 1_000, 2_000, 2_000,
    ]);
    expect([0, 1, 2, 3, 10].map((n) => backoffDelay(n, 250, 2_000, () => 0))).toEqual([
      125, 250, 500, 1_000, 1_000,
    ]);
  });

  it('never exceeds the cap, however many attempts', () => {
    for (const attempt of [50, 1_000, Number.MAX_SAFE_INTEGER]) {
      expect(backoffDelay(attempt, 250, 2_000)).toBeLessThanOrEqual(2_000);
      expect(backoffDelay(attempt, 250, 2_000)).toBeGreaterThanOrEqual(1_000);
    }
  });
});

describe('withTimeout', () => {
  it('resolves with the work when it settles in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000, 'work')).resolves.toBe(7);
  });

  it('rejects with a TimeoutError naming the work when it does not, and swallows a late rejection', async () => {
    let fail: (error: Error) => void = () => undefined;
    const late = new Promise<never>((_, reject) => {
      fail = reject;
    });
    const result = withTimeout(late, 10, 'the metadata request');
    await expect(result).rejects.toThrow(TimeoutError);
    await expect(result).rejects.toThrow('the metadata request did not finish within 10 ms');
    fail(new Error('too late')); // no unhandled rejection
  });
});

/**
 * The delay before retry number `attempt` (0-based): doubling from `initialMs`, capped at `maxMs`, with
 * "equal jitter" (a random point in the upper half), so instances that lost the same dependency at the
 * same moment do not all come back at the same moment, and no wait is ever longer than `maxMs`.
 */
export function backoffDelay(
  attempt: number,
  initialMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Raised by withTimeout when the work has not settled in time (the work itself goes on). */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * `work`, or a TimeoutError after `ms`. The work is not cancelled (most clients cannot be): a late
 * rejection is swallowed here, so the caller decides what a late outcome means.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new TimeoutError(`${what} did not finish within ${ms} ms`));
    }, ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

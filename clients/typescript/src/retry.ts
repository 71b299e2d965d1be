/**
 * Retries a request the service answered 503 (a dependency is down; nothing was acknowledged), waiting as
 * long as its Retry-After says, with jitter so a fleet of publishers does not come back in step. Bounded
 * both in attempts and in total time: after that the 503 itself is the answer.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included (1: never retry). */
  readonly maxAttempts: number;
  /** No retry is started that would end its wait later than this after the first attempt. */
  readonly maxTotalMs: number;
  /** The first wait when the answer has no Retry-After; doubled on each retry. */
  readonly baseDelayMs: number;
  /** Caps every single wait, Retry-After included. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  maxTotalMs: 30_000,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
};

export type FetchFunction = (request: Request) => Promise<Response>;

export interface RetryDependencies {
  readonly random: () => number;
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly now: () => number;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const REAL: RetryDependencies = { random: Math.random, sleep, now: Date.now };

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/**
 * How long to wait before retry number `retry` (1-based): the server's Retry-After plus up to 20 % more,
 * or else exponential backoff with full jitter. Never more than the policy's maxDelayMs.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number,
): number {
  const delay =
    retryAfterMs === undefined
      ? random() * policy.baseDelayMs * 2 ** (retry - 1)
      : retryAfterMs * (1 + 0.2 * random());
  return Math.min(policy.maxDelayMs, Math.round(delay));
}

/**
 * A fetch that re-sends `request` (a fresh clone each time, so the body goes out unchanged) while the
 * answer is 503 and the policy allows, when `shouldRetry(request)` says the request is safe to repeat.
 */
export function retryingFetch(
  base: FetchFunction,
  policy: RetryPolicy,
  shouldRetry: (request: Request) => boolean,
  dependencies: RetryDependencies = REAL,
): FetchFunction {
  return async (request) => {
    if (!shouldRetry(request) || policy.maxAttempts <= 1) return base(request);
    const started = dependencies.now();
    for (let attempt = 1; ; attempt++) {
      const response = await base(request.clone());
      if (response.status !== 503 || attempt >= policy.maxAttempts) return response;
      const wait = retryDelayMs(
        attempt,
        parseRetryAfter(response.headers.get('retry-after'), dependencies.now()),
        policy,
        dependencies.random,
      );
      if (dependencies.now() - started + wait > policy.maxTotalMs) return response;
      // The 503's body is not needed: release the connection before waiting.
      await response.body?.cancel();
      await dependencies.sleep(wait, request.signal);
    }
  };
}

import type { Logger } from '@nestjs/common';

/**
 * Runs `work` again `intervalMs` after each run ends (or, `fromStart`, after it started; never two at once). A failed run is logged and
 * retried on the next tick. `stop` waits for the run in flight, so it can be called before the
 * connections that run needs are closed.
 */
export class PollingLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastStart = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
    private readonly what: string,
    /** Pace runs from their starts rather than their ends: a run that takes long then does not add up. */
    private readonly fromStart = false,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    const delay = this.fromStart
      ? Math.max(0, this.intervalMs - (Date.now() - this.lastStart))
      : this.intervalMs;
    this.timer = setTimeout(() => {
      this.lastStart = Date.now();
      this.running = this.work()
        .then(() => undefined)
        .catch((error: unknown) => {
          this.logger.warn(
            `${this.what} will retry: ${error instanceof Error ? error.message : String(error)}`,
          );
        })
        .finally(() => {
          this.schedule();
        });
    }, delay);
  }
}

/** Runs `page` until it reports there was nothing left (undefined); resolves with the sum of its counts. */
export async function drainPages(page: () => Promise<number | undefined>): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await page();
    if (done === undefined) return total;
    total += done;
  }
}

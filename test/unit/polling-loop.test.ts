import { Logger } from '@nestjs/common';
import { PollingLoop } from '../../src/common/polling-loop';

/** Starts of `work` (which takes `workMs`) over a few runs of a loop of `intervalMs`. */
async function runStarts(fromStart: boolean, intervalMs: number, workMs: number): Promise<number[]> {
  const starts: number[] = [];
  const loop = new PollingLoop(
    intervalMs,
    async () => {
      starts.push(Date.now());
      await new Promise((resolve) => setTimeout(resolve, workMs));
    },
    new Logger('test'),
    'test loop',
    fromStart,
  );
  loop.start();
  while (starts.length < 4) await new Promise((resolve) => setTimeout(resolve, 10));
  await loop.stop();
  return starts.slice(1).map((at, i) => at - (starts[i] ?? at));
}

describe('PollingLoop', () => {
  it('waits the interval after each run ends', async () => {
    for (const gap of await runStarts(false, 100, 80)) expect(gap).toBeGreaterThanOrEqual(175);
  });

  it('paced from the start, a long run does not push the next one back by its own length', async () => {
    for (const gap of await runStarts(true, 100, 80)) {
      expect(gap).toBeGreaterThanOrEqual(95);
      expect(gap).toBeLessThan(170);
    }
  });

  it('paced from the start, never runs two at once: a run longer than the interval is followed at once', async () => {
    for (const gap of await runStarts(true, 50, 120)) {
      expect(gap).toBeGreaterThanOrEqual(115);
      expect(gap).toBeLessThan(200);
    }
  });
});

/**
 * The fire times of a cron expression, remembered.
 *
 * Croner decides every fire time. It is run on local wall-clock times written as UTC (see schedule.ts),
 * so a fire time depends only on the expression, and every window with the same expression shares the
 * answers. Croner takes tens of microseconds per look-up, and the evaluator asks about every matching
 * window at every instant it looks at; here each look-up is a binary search in a remembered chunk of the
 * fire sequence.
 *
 * The wall-clock timeline is cut into chunks of a fixed width per expression, chosen so that a chunk holds
 * about eight fires (at least an hour, at most 64 days). A chunk holds every fire inside it, the last fire
 * before it and the first fire after it, all from Croner: that answers "the latest fire at or before" and
 * "the first fire after" for every instant in the chunk exactly as Croner would. Fire times of a
 * five-field expression are whole minutes, which is what lets chunk edges (whole minutes) be exact.
 */
import type { Cron } from 'croner';
import { parseCron } from './freeze-window';
import type { Wall } from './zone-clock';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const MIN_CHUNK_MS = HOUR_MS;
const MAX_CHUNK_MS = 64 * DAY_MS;
const FIRES_PER_CHUNK = 8;
/** Per expression: 4,096 chunks are at least 170 days of wall time, and at most ~250,000 fires. */
const MAX_CHUNKS = 4_096;
/** Expressions remembered at once; a freeze calendar uses a few dozen. */
const MAX_EXPRESSIONS = 2_048;

interface Chunk {
  /** Every fire in [k·width, (k+1)·width), in order. */
  readonly fires: readonly Wall[];
  /** The last fire before the chunk, if any. */
  readonly before: Wall | undefined;
  /** The first fire at or after the chunk's end, if any. */
  readonly after: Wall | undefined;
}

export interface CronFires {
  /** The latest fire time at or before `wall`. */
  atOrBefore(wall: Wall): Wall | undefined;
  /** The first fire time strictly after `wall`. */
  after(wall: Wall): Wall | undefined;
}

class RememberedFires implements CronFires {
  private readonly chunks = new Map<number, Chunk>();
  private readonly width: number;

  constructor(private readonly cron: Cron) {
    this.width = chunkWidth(cron);
  }

  atOrBefore(wall: Wall): Wall | undefined {
    const chunk = this.chunk(Math.floor(wall / this.width));
    const fires = chunk.fires;
    // The last fire ≤ wall.
    let lo = 0;
    let hi = fires.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((fires[mid] as Wall) <= wall) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? fires[lo - 1] : chunk.before;
  }

  after(wall: Wall): Wall | undefined {
    const chunk = this.chunk(Math.floor(wall / this.width));
    const fires = chunk.fires;
    // The first fire > wall.
    let lo = 0;
    let hi = fires.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((fires[mid] as Wall) <= wall) lo = mid + 1;
      else hi = mid;
    }
    return lo < fires.length ? fires[lo] : chunk.after;
  }

  private chunk(k: number): Chunk {
    let chunk = this.chunks.get(k);
    if (chunk === undefined) {
      chunk = this.fill(k);
      if (this.chunks.size >= MAX_CHUNKS) this.chunks.clear();
      this.chunks.set(k, chunk);
    }
    return chunk;
  }

  private fill(k: number): Chunk {
    const start = k * this.width;
    const end = start + this.width;
    const previous = this.chunks.get(k - 1);
    // previousRuns is strict: the last fire before `start`.
    const before =
      previous !== undefined
        ? (previous.fires[previous.fires.length - 1] ?? previous.before)
        : this.cron.previousRuns(1, new Date(start))[0]?.getTime();
    const fires: Wall[] = [];
    // nextRun is strict, and fires are whole minutes: from a second before `start`, the first fire ≥ start.
    let fire = this.cron.nextRun(new Date(start - 1000))?.getTime();
    while (fire !== undefined && fire < end) {
      fires.push(fire);
      fire = this.cron.nextRun(new Date(fire))?.getTime();
    }
    return { fires, before, after: fire };
  }
}

/** A chunk width (whole minutes) that holds about FIRES_PER_CHUNK fires, from a sample of the sequence. */
function chunkWidth(cron: Cron): number {
  const from = new Date(Date.UTC(2001, 0, 1));
  const first = cron.nextRun(from);
  let last = first;
  for (let i = 0; i < FIRES_PER_CHUNK && last !== null; i++) last = cron.nextRun(last);
  if (first === null || last === null) return MAX_CHUNK_MS;
  const span = Math.round((last.getTime() - first.getTime()) / MINUTE_MS) * MINUTE_MS;
  return Math.min(MAX_CHUNK_MS, Math.max(MIN_CHUNK_MS, span));
}

const expressions = new Map<string, CronFires>();

/**
 * The remembered fire times of a (validated) five-field cron expression, shared by every schedule with
 * the same expression. Throws when the expression does not parse.
 */
export function cronFires(expression: string): CronFires {
  const key = expression.trim().split(/\s+/).join(' ');
  let fires = expressions.get(key);
  if (fires === undefined) {
    const parsed = parseCron(key);
    if ('error' in parsed) throw new Error(`freeze window cron ${parsed.error}: ${expression}`);
    fires = new RememberedFires(parsed.cron);
    if (expressions.size >= MAX_EXPRESSIONS) expressions.clear();
    expressions.set(key, fires);
  }
  return fires;
}

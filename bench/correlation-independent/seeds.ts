/**
 * Seeds of the independent corpus. Development seeds are for looking and tuning; held-out seeds are run
 * once, for the result, and never looked at before. Estate sizes follow a ladder, per seed. The first
 * held-out set (301-308) has been reported after a round of tuning, so each later round's result is
 * measured on a set no tuning has seen, never run before its round's end: 309-324, 325-340, 341-356,
 * 357-372, 373-388, then 389-404.
 */
export const DEVELOPMENT_SEEDS: readonly number[] = Array.from({ length: 16 }, (_, i) => 201 + i);

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

const ORDINALS = ['third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** The held-out sets: the name EVAL_INDEPENDENT_SEEDS selects, the set in words, its results file. */
export const HELD_OUT_SETS: readonly {
  readonly name: string;
  readonly set: string;
  readonly seeds: readonly number[];
  readonly resultsName: string;
}[] = [
  { name: 'held-out', set: 'held-out', seeds: range(301, 8), resultsName: 'correlation-independent' },
  {
    name: 'held-out-new',
    set: 'held-out (new)',
    seeds: range(309, 16),
    resultsName: 'correlation-independent-held-out-new',
  },
  // A next round's set: one more number here.
  ...[3, 4, 5, 6, 7].map((round) => ({
    name: `held-out-${round}`,
    set: `held-out (${ORDINALS[round - 3] ?? `round ${round}`})`,
    seeds: range(325 + 16 * (round - 3), 16),
    resultsName: `correlation-independent-held-out-${round}`,
  })),
];

const ALL_HELD_OUT: readonly number[] = HELD_OUT_SETS.flatMap((h) => h.seeds);

const SIZES = [12, 20, 30, 45, 60, 80, 100, 120];

export function independentServicesFor(seed: number): number {
  return SIZES[(((seed - 1) % SIZES.length) + SIZES.length) % SIZES.length] as number;
}

export const INDEPENDENT_DAYS = 4;
/** A Monday. */
export const INDEPENDENT_START = Date.parse('2026-10-05T00:00:00Z');

/**
 * The seeds EVAL_INDEPENDENT_SEEDS selects: `development` (the default, 201-216), a held-out set by name
 * (HELD_OUT_SETS: `held-out`, `held-out-new`, `held-out-3` to `held-out-6`), or a comma-separated list.
 * Held-out seeds only when asked for by name or number.
 */
export function independentSeeds(
  value: string | undefined,
  fallback: 'development' | readonly number[] = 'development',
): { seeds: number[]; set: string } {
  const given = value === undefined || value.trim() === '' ? undefined : value.trim();
  const chosen = given ?? (typeof fallback === 'string' ? fallback : fallback.join(','));
  if (chosen === 'development') return { seeds: [...DEVELOPMENT_SEEDS], set: 'development' };
  const named = HELD_OUT_SETS.find((h) => h.name === chosen);
  if (named !== undefined) return { seeds: [...named.seeds], set: named.set };
  const seeds = chosen.split(',').map((s) => Number(s.trim()));
  for (const seed of seeds)
    if (!Number.isSafeInteger(seed) || seed < 1)
      throw new Error(`EVAL_INDEPENDENT_SEEDS: not a seed: ${seed}`);
  const heldOut = seeds.filter((s) => ALL_HELD_OUT.includes(s));
  const set =
    heldOut.length === 0
      ? 'development'
      : heldOut.length === seeds.length
        ? 'held-out'
        : 'mixed (includes held-out seeds)';
  return { seeds, set };
}

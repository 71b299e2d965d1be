/**
 * Seeds of the independent corpus. Development seeds are for looking and tuning; held-out seeds are run
 * once, for the result, and never looked at before. Estate sizes follow a ladder, per seed. The first
 * held-out set (301-308) has been reported after a round of tuning, so the next round's result is also
 * measured on a second set no tuning has seen (309-324), the round after that on a third (325-340), the
 * next on a fourth (341-356), and the one after on a fifth (357-372), each never run before its round's end.
 */
export const DEVELOPMENT_SEEDS: readonly number[] = Array.from({ length: 16 }, (_, i) => 201 + i);
export const HELD_OUT_SEEDS: readonly number[] = Array.from({ length: 8 }, (_, i) => 301 + i);
export const NEW_HELD_OUT_SEEDS: readonly number[] = Array.from({ length: 16 }, (_, i) => 309 + i);
export const THIRD_HELD_OUT_SEEDS: readonly number[] = Array.from({ length: 16 }, (_, i) => 325 + i);
export const FOURTH_HELD_OUT_SEEDS: readonly number[] = Array.from({ length: 16 }, (_, i) => 341 + i);
export const FIFTH_HELD_OUT_SEEDS: readonly number[] = Array.from({ length: 16 }, (_, i) => 357 + i);
const ALL_HELD_OUT: readonly number[] = [
  ...HELD_OUT_SEEDS,
  ...NEW_HELD_OUT_SEEDS,
  ...THIRD_HELD_OUT_SEEDS,
  ...FOURTH_HELD_OUT_SEEDS,
  ...FIFTH_HELD_OUT_SEEDS,
];

const SIZES = [12, 20, 30, 45, 60, 80, 100, 120];

export function independentServicesFor(seed: number): number {
  return SIZES[(((seed - 1) % SIZES.length) + SIZES.length) % SIZES.length] as number;
}

export const INDEPENDENT_DAYS = 4;
/** A Monday. */
export const INDEPENDENT_START = Date.parse('2026-10-05T00:00:00Z');

/**
 * The seeds EVAL_INDEPENDENT_SEEDS selects: `development` (the default), `held-out` (301-308),
 * `held-out-new` (309-324), `held-out-3` (325-340), `held-out-4` (341-356), `held-out-5` (357-372), or a
 * comma-separated list.
 * Held-out seeds only when asked for by name or number.
 */
export function independentSeeds(
  value: string | undefined,
  fallback:
    | 'development'
    | 'held-out'
    | 'held-out-new'
    | 'held-out-3'
    | 'held-out-4'
    | 'held-out-5'
    | readonly number[] = 'development',
): { seeds: number[]; set: string } {
  const given = value === undefined || value.trim() === '' ? undefined : value.trim();
  const chosen = given ?? (typeof fallback === 'string' ? fallback : fallback.join(','));
  if (chosen === 'development') return { seeds: [...DEVELOPMENT_SEEDS], set: 'development' };
  if (chosen === 'held-out') return { seeds: [...HELD_OUT_SEEDS], set: 'held-out' };
  if (chosen === 'held-out-new') return { seeds: [...NEW_HELD_OUT_SEEDS], set: 'held-out (new)' };
  if (chosen === 'held-out-3') return { seeds: [...THIRD_HELD_OUT_SEEDS], set: 'held-out (third)' };
  if (chosen === 'held-out-4') return { seeds: [...FOURTH_HELD_OUT_SEEDS], set: 'held-out (fourth)' };
  if (chosen === 'held-out-5') return { seeds: [...FIFTH_HELD_OUT_SEEDS], set: 'held-out (fifth)' };
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

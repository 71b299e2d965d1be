/**
 * Seeds of the independent corpus. Development seeds are for looking and tuning; held-out seeds are run
 * once, for the result, and never looked at before. Estate sizes follow a ladder, per seed.
 */
export const DEVELOPMENT_SEEDS: readonly number[] = Array.from({ length: 16 }, (_, i) => 201 + i);
export const HELD_OUT_SEEDS: readonly number[] = Array.from({ length: 8 }, (_, i) => 301 + i);

const SIZES = [12, 20, 30, 45, 60, 80, 100, 120];

export function independentServicesFor(seed: number): number {
  return SIZES[(((seed - 1) % SIZES.length) + SIZES.length) % SIZES.length] as number;
}

export const INDEPENDENT_DAYS = 4;
/** A Monday. */
export const INDEPENDENT_START = Date.parse('2026-10-05T00:00:00Z');

/**
 * The seeds EVAL_INDEPENDENT_SEEDS selects: `development` (the default), `held-out`, or a comma-separated
 * list. Held-out seeds only when asked for by name or number.
 */
export function independentSeeds(
  value: string | undefined,
  fallback: 'development' | 'held-out' | readonly number[] = 'development',
): { seeds: number[]; set: string } {
  const given = value === undefined || value.trim() === '' ? undefined : value.trim();
  const chosen = given ?? (typeof fallback === 'string' ? fallback : fallback.join(','));
  if (chosen === 'development') return { seeds: [...DEVELOPMENT_SEEDS], set: 'development' };
  if (chosen === 'held-out') return { seeds: [...HELD_OUT_SEEDS], set: 'held-out' };
  const seeds = chosen.split(',').map((s) => Number(s.trim()));
  for (const seed of seeds)
    if (!Number.isSafeInteger(seed) || seed < 1)
      throw new Error(`EVAL_INDEPENDENT_SEEDS: not a seed: ${seed}`);
  const heldOut = seeds.filter((s) => HELD_OUT_SEEDS.includes(s));
  const set =
    heldOut.length === 0
      ? 'development'
      : heldOut.length === seeds.length
        ? 'held-out'
        : 'mixed (includes held-out seeds)';
  return { seeds, set };
}

/** Seeds and estate sizes of the evaluation: every size from 50 to 500 services, each with its own seed. */
export const RUNS: readonly { readonly seed: number; readonly services: number }[] = [
  { seed: 1, services: 50 },
  { seed: 2, services: 90 },
  { seed: 3, services: 140 },
  { seed: 4, services: 200 },
  { seed: 5, services: 270 },
  { seed: 6, services: 350 },
  { seed: 7, services: 420 },
  { seed: 8, services: 500 },
];
/** Faults per seed (EVAL_FAULTS overrides). */
export const FAULTS = Number(process.env['EVAL_FAULTS'] ?? 40);
export const DAYS = 5;

/**
 * The estate size of a seed: the reported seeds' own, and for any other seed (development seeds, kept
 * apart from the reported ones so that tuning never sees them) the same ladder of sizes, in turn.
 */
export function servicesFor(seed: number): number {
  const reported = RUNS.find((r) => r.seed === seed);
  if (reported !== undefined) return reported.services;
  const rung = RUNS[(((Math.trunc(seed) - 1) % RUNS.length) + RUNS.length) % RUNS.length];
  if (rung === undefined) throw new Error(`no estate size for seed ${seed}`);
  return rung.services;
}

/** The runs EVAL_SEEDS selects (all reported seeds when unset, or `defaults` when given). */
export function selectedRuns(defaults: readonly number[] = RUNS.map((r) => r.seed)): typeof RUNS {
  const listed = process.env['EVAL_SEEDS']?.split(',').map((s) => Number(s.trim()));
  const seeds = listed ?? defaults;
  for (const seed of seeds) {
    if (!Number.isSafeInteger(seed) || seed < 1) throw new Error(`EVAL_SEEDS: not a seed: ${seed}`);
  }
  return seeds.map((seed) => ({ seed, services: servicesFor(seed) }));
}

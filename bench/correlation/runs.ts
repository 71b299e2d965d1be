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

/** The runs EVAL_SEEDS selects (all when unset, or `defaults` when given). */
export function selectedRuns(defaults: readonly number[] = RUNS.map((r) => r.seed)): typeof RUNS {
  const seeds = process.env['EVAL_SEEDS']?.split(',').map(Number) ?? defaults;
  return RUNS.filter((r) => seeds.includes(r.seed));
}

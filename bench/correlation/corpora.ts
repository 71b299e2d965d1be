/**
 * The corpora the correlation harness scores: the original scenarios (scenarios.ts, seeds 1-8 reported,
 * others for development) and the independent corpus (bench/correlation-independent/, written from a
 * description of the world alone; development seeds 201-216, held-out sets run once each for a round's result: HELD_OUT_SETS). EVAL_CORPUS picks them: `original`, `independent` or `both` (the default).
 */
import {
  independentDatasetForSeed,
  independentWorldOptionsFromEnv,
} from '../correlation-independent/generator';
import {
  HELD_OUT_SETS,
  INDEPENDENT_DAYS,
  independentSeeds,
  independentServicesFor,
} from '../correlation-independent/seeds';
import type { RankerName } from './evaluate';
import { DAYS, FAULTS, selectedRuns } from './runs';
import { DEFAULT_SCENARIO_START, generateDataset, type CorrelationDataset } from './scenarios';

export type CorpusName = 'original' | 'independent';

export interface Corpus {
  readonly name: CorpusName;
  /** Which seeds: reported/development/held-out, in words. */
  readonly seedSet: string;
  readonly runs: readonly { readonly seed: number; readonly services: number }[];
  /** Days of history per data set. */
  readonly days: number;
  /** bench/results/<resultsName>.{json,md} */
  readonly resultsName: string;
  /** The world's optional parts in a results name: '' or '-edge-alerts'. */
  readonly variant: string;
  /** The baseline the margin target is measured against, and the margin. */
  readonly marginOver: { readonly baseline: RankerName; readonly target: number };
  dataset(seed: number, services: number): CorrelationDataset;
}

/**
 * Where a run's results go: each held-out set its own file (the first set's is `correlation-independent`);
 * development seeds, or a list of seeds, files of their own, so that looking never overwrites a result.
 */
function independentResultsName(set: string): string {
  const heldOut = HELD_OUT_SETS.find((h) => h.set === set)?.resultsName;
  if (heldOut !== undefined) return heldOut;
  return set === 'development' ? 'correlation-independent-development' : 'correlation-independent-selected';
}

export function corpusNames(value = process.env['EVAL_CORPUS']): CorpusName[] {
  const chosen = value === undefined || value.trim() === '' ? 'both' : value.trim();
  if (chosen === 'both') return ['original', 'independent'];
  if (chosen === 'original' || chosen === 'independent') return [chosen];
  throw new Error(`EVAL_CORPUS: expected original, independent or both, not ${chosen}`);
}

/**
 * The corpora to run. EVAL_SEEDS picks the original corpus's seeds (default: `originalSeeds`, or its
 * reported seeds); EVAL_INDEPENDENT_SEEDS the independent corpus's (`development`, a held-out set's name or a list;
 * default: `independentDefault`).
 */
export function selectedCorpora(
  originalSeeds?: readonly number[],
  independentDefault: 'development' | readonly number[] = 'development',
): Corpus[] {
  return corpusNames().map((name): Corpus => {
    if (name === 'original') {
      return {
        name,
        seedSet: process.env['EVAL_SEEDS'] === undefined ? 'reported' : 'selected',
        runs: selectedRuns(originalSeeds),
        days: DAYS,
        resultsName: 'correlation',
        variant: '',
        marginOver: { baseline: 'baseline', target: 0.3 },
        dataset: (seed, services) =>
          generateDataset(seed, { services, faults: FAULTS, days: DAYS, start: DEFAULT_SCENARIO_START }),
      };
    }
    const { seeds, set } = independentSeeds(process.env['EVAL_INDEPENDENT_SEEDS'], independentDefault);
    const world = independentWorldOptionsFromEnv();
    // The world with tracing and call-edge alerts keeps its results beside the plain world's.
    const variant = world.edgeAlerts === true ? '-edge-alerts' : '';
    return {
      name,
      seedSet: world.edgeAlerts === true ? `${set}, with call-edge alerts` : set,
      runs: seeds.map((seed) => ({ seed, services: independentServicesFor(seed) })),
      days: INDEPENDENT_DAYS,
      // Each later held-out set keeps its own results, next to the first set's.
      resultsName: `${independentResultsName(set)}${variant}`,
      variant,
      marginOver: { baseline: 'alertingFirst', target: 0.1 },
      dataset: (seed) => independentDatasetForSeed(seed, FAULTS, world),
    };
  });
}

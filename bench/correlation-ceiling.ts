// `npm run eval:correlation:ceiling`: how far can weighing the ranking's factors differently take it? On
// development seeds only (it refuses held-out ones), each alert case becomes a verdict naming its cause
// with the candidates' factor values as the priors ranked them. Two measures:
// - the ceiling: a case whose cause another candidate matches or beats on every factor cannot be ranked
//   first by any factor weights (the learned weights are exponents on the factor values, never negative),
//   so 1 - (dominated + cause not a candidate) / cases bounds HR@1 for every weighting;
// - a two-fold fit: weights fitted (the service's own pairwise fit) on half the seeds, scored on the other
//   half against the priors, both ways.
// Writes bench/results/correlation-ceiling.{json,md}. EVAL_INDEPENDENT_SEEDS / EVAL_SEEDS pick the seeds
// (defaults: independent 201-216, original 101-104), EVAL_FAULTS the faults per seed (40).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractsDir } from '../src/contracts/contract-validator';
import { DEFAULT_CORRELATION_OPTIONS } from '../src/correlation/domain/candidates';
import type { FactorName } from '../src/correlation/domain/factors';
import { qualityFromRanks, type RankingQuality } from '../src/correlation/domain/quality';
import {
  causeRankUnder,
  FACTOR_NAMES,
  fitRankingModel,
  PRIOR_MODEL,
  PRIOR_WEIGHTS,
  REGULARISATION,
  trainingCases,
  type FactorWeights,
  type TrainingCase,
} from '../src/correlation/domain/weights';
import {
  independentDatasetForSeed,
  independentWorldOptionsFromEnv,
} from './correlation-independent/generator';
import { independentSeeds } from './correlation-independent/seeds';
import { DAYS, FAULTS, selectedRuns } from './correlation/runs';
import { DEFAULT_SCENARIO_START, generateDataset, type CorrelationDataset } from './correlation/scenarios';
import { causeVerdicts, factorsOnly } from './correlation/verdict-learning';
import { machine } from './support/infra';

const ROOT = path.dirname(contractsDir());
const WEAK_REGULARISATION = 0.001;

interface SeedCases {
  readonly seed: number;
  /** Every alert case (a verdict each). */
  readonly alertCases: number;
  /** Those whose cause was among the candidates. */
  readonly cases: readonly TrainingCase[];
}

interface Fold {
  readonly trainedOnSeeds: readonly number[];
  readonly scoredOnSeeds: readonly number[];
  readonly regularisation: number;
  readonly weights: FactorWeights;
  readonly priors: RankingQuality;
  readonly fitted: RankingQuality;
}

interface CorpusCeiling {
  readonly corpus: string;
  readonly seeds: readonly number[];
  readonly alertCases: number;
  readonly causeNotACandidate: number;
  /** Another candidate has every factor value equal to the cause's. */
  readonly exactTies: number;
  /** Another candidate matches or beats the cause on every factor and beats it on at least one. */
  readonly dominated: number;
  /** Among the dominated: the factors on which the first dominating candidate beats the cause. */
  readonly dominatedOn: Record<string, number>;
  readonly hitRateAt1Priors: number;
  /** Ties lost: what any weights can reach with a tie-break that never favours the cause. */
  readonly hitRateAt1Ceiling: number;
  /** Every exact tie won: what any weights can reach with a tie-break that always favours the cause. */
  readonly hitRateAt1CeilingTiesWon: number;
  readonly folds: readonly Fold[];
}

const factorValue = (c: TrainingCase['candidates'][number], name: FactorName): number => c.factors[name] ?? 1;

/** How the cause stands against the other candidates on every factor at once. */
function dominance(c: TrainingCase): { kind: 'free' | 'tie' | 'dominated'; on: readonly FactorName[] } {
  const cause = c.candidates[c.causes[0] ?? -1];
  if (cause === undefined) return { kind: 'free', on: [] };
  const others = c.candidates.filter((_, i) => !c.causes.includes(i));
  const atLeast = others.filter((o) => FACTOR_NAMES.every((n) => factorValue(o, n) >= factorValue(cause, n)));
  // A strict dominator first: then winning ties (a tie-break) would not save the cause either.
  const dominator = atLeast.find((o) => FACTOR_NAMES.some((n) => factorValue(o, n) > factorValue(cause, n)));
  if (dominator !== undefined) {
    return {
      kind: 'dominated',
      on: FACTOR_NAMES.filter((n) => factorValue(dominator, n) > factorValue(cause, n)),
    };
  }
  return atLeast.length === 0 ? { kind: 'free', on: [] } : { kind: 'tie', on: [] };
}

function seedCases(seed: number, dataset: CorrelationDataset): SeedCases {
  const verdicts = causeVerdicts(dataset, DEFAULT_CORRELATION_OPTIONS);
  return { seed, alertCases: verdicts.length, cases: trainingCases(verdicts).cases };
}

function fold(train: readonly SeedCases[], score: readonly SeedCases[], regularisation: number): Fold {
  // The factors' weights alone: the ceiling is about re-weighing the factors, not learning new ones.
  const { weights } = fitRankingModel(
    train.flatMap((s) => s.cases.map(factorsOnly)),
    PRIOR_WEIGHTS,
    regularisation,
  );
  const scored = score.flatMap((s) => s.cases);
  return {
    trainedOnSeeds: train.map((s) => s.seed),
    scoredOnSeeds: score.map((s) => s.seed),
    regularisation,
    weights,
    priors: qualityFromRanks(scored.map((c) => causeRankUnder(c, PRIOR_MODEL, 'against'))),
    fitted: qualityFromRanks(scored.map((c) => causeRankUnder(c, { weights }, 'against'))),
  };
}

function corpusCeiling(corpus: string, perSeed: readonly SeedCases[]): CorpusCeiling {
  const cases = perSeed.flatMap((s) => s.cases);
  const alertCases = perSeed.reduce((n, s) => n + s.alertCases, 0);
  let exactTies = 0;
  let dominated = 0;
  const dominatedOn: Record<string, number> = {};
  for (const c of cases) {
    const d = dominance(c);
    if (d.kind === 'tie') exactTies += 1;
    if (d.kind === 'dominated') {
      dominated += 1;
      const key = d.on.join(' + ');
      dominatedOn[key] = (dominatedOn[key] ?? 0) + 1;
    }
  }
  const hitsAtPriors = cases.filter((c) => causeRankUnder(c, PRIOR_MODEL, 'against') === 1).length;
  const half = Math.ceil(perSeed.length / 2);
  const first = perSeed.slice(0, half);
  const second = perSeed.slice(half);
  const folds =
    second.length === 0
      ? []
      : [REGULARISATION, WEAK_REGULARISATION].flatMap((r) => [
          fold(first, second, r),
          fold(second, first, r),
        ]);
  return {
    corpus,
    seeds: perSeed.map((s) => s.seed),
    alertCases,
    causeNotACandidate: alertCases - cases.length,
    exactTies,
    dominated,
    dominatedOn,
    hitRateAt1Priors: hitsAtPriors / alertCases,
    hitRateAt1Ceiling: (cases.length - exactTies - dominated) / alertCases,
    hitRateAt1CeilingTiesWon: (cases.length - dominated) / alertCases,
    folds,
  };
}

function main(): void {
  const started = performance.now();
  const { seeds, set } = independentSeeds(process.env['EVAL_INDEPENDENT_SEEDS'], 'development');
  if (set !== 'development') throw new Error(`development seeds only, not ${set}`);
  const independent = corpusCeiling(
    'independent',
    seeds.map((seed) =>
      seedCases(seed, independentDatasetForSeed(seed, FAULTS, independentWorldOptionsFromEnv())),
    ),
  );
  const original = corpusCeiling(
    'original',
    selectedRuns([101, 102, 103, 104]).map((run) =>
      seedCases(
        run.seed,
        generateDataset(run.seed, {
          services: run.services,
          faults: FAULTS,
          days: DAYS,
          start: DEFAULT_SCENARIO_START,
        }),
      ),
    ),
  );
  const result = {
    date: new Date().toISOString(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    machine: machine(),
    faultsPerSeed: FAULTS,
    corpora: [independent, original],
  };
  const out = path.join(ROOT, 'bench', 'results');
  writeFileSync(path.join(out, 'correlation-ceiling.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(out, 'correlation-ceiling.md'), markdown(result.corpora, result.faultsPerSeed));
  console.log(markdown(result.corpora, result.faultsPerSeed));
}

const f3 = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

function markdown(corpora: readonly CorpusCeiling[], faults: number): string {
  const lines = [
    '# How far re-weighing the factors can go (development seeds)',
    '',
    `${faults} faults per seed. HR@1 over every alert case; the ceiling leaves out the cases no factor weights can win: the cause no candidate, ` +
      'or another candidate beating it on some factor and matching it on the rest (dominated); with ties lost, also those where another candidate matches it on every factor (exact ties).',
    '',
    '| corpus | seeds | alert cases | HR@1 at the priors (ties lost) | cause not a candidate | exact ties | dominated | HR@1 ceiling for any weights: ties lost / all won |',
    '| --- | --- | --: | --: | --: | --: | --: | --: |',
  ];
  for (const c of corpora) {
    lines.push(
      `| ${c.corpus} | ${c.seeds[0]}–${c.seeds[c.seeds.length - 1]} | ${c.alertCases} | ${f3(c.hitRateAt1Priors)} | ${c.causeNotACandidate} | ${c.exactTies} | ${c.dominated} | ${f3(c.hitRateAt1Ceiling)} / ${f3(c.hitRateAt1CeilingTiesWon)} |`,
    );
  }
  lines.push(
    '',
    'Two-fold fit (the service’s own pairwise fit, from the priors): trained on one half of the seeds, scored on the other (cases whose cause was a candidate).',
    '',
    '| corpus | trained on | scored on | regularisation | HR@1 priors → fitted | HR@3 priors → fitted | weights |',
    '| --- | --- | --- | --: | --: | --: | --- |',
  );
  for (const c of corpora) {
    for (const f of c.folds) {
      const span = (s: readonly number[]): string => `${s[0]}–${s[s.length - 1]}`;
      lines.push(
        `| ${c.corpus} | ${span(f.trainedOnSeeds)} | ${span(f.scoredOnSeeds)} | ${f.regularisation} | ${f3(f.priors.hitRateAt1)} → ${f3(f.fitted.hitRateAt1)} | ${f3(f.priors.hitRateAt3)} → ${f3(f.fitted.hitRateAt3)} | ${FACTOR_NAMES.map((n) => `${n} ${f.weights[n]}`).join(', ')} |`,
      );
    }
  }
  lines.push(
    '',
    'Dominated cases by the factors on which the first dominating candidate beats the cause:',
    '',
  );
  for (const c of corpora) {
    const groups = Object.entries(c.dominatedOn).sort((a, b) => b[1] - a[1]);
    lines.push(`- ${c.corpus}: ${groups.map(([k, n]) => `${k} ${n}`).join('; ') || 'none'}`);
  }
  return `${lines.join('\n')}\n`;
}

main();

// `npm run eval:correlation:verdicts`: does learning from verdicts help where the world differs from the
// priors? On a corpus whose faults mostly come from config changes on shared dependencies
// (bench/correlation/verdict-learning.ts), a simulated reviewer gives each alert its verdict in time
// order; weights trained on the first half are scored on the second half against the priors. Writes
// bench/results/correlation-verdicts.{json,md}; nothing is asserted. EVAL_SEEDS and EVAL_FAULTS as for
// eval:correlation (defaults here: seeds 1-3, 20 faults each, to keep runs small).
// Then the independent corpus with its own fault mix, each seed an installation (EVAL_INDEPENDENT_SEEDS as
// for eval:correlation; development by default; EVAL_VERDICTS_INDEPENDENT=skip leaves it out): priors,
// learned weights alone, and weights with the learned delay profile, on the later half of each seed's
// verdicts and on seeds no training saw. Writes bench/results/correlation-verdicts-independent.{json,md}
// (-<set name> appended for a held-out set).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractsDir } from '../src/contracts/contract-validator';
import { DEFAULT_CORRELATION_OPTIONS } from '../src/correlation/domain/candidates';
import type { RankingQuality } from '../src/correlation/domain/quality';
import { trainingCases, type TrainingCase } from '../src/correlation/domain/weights';
import {
  independentDatasetForSeed,
  independentWorldOptionsFromEnv,
} from './correlation-independent/generator';
import { HELD_OUT_SETS, independentSeeds, independentServicesFor } from './correlation-independent/seeds';
import { DAYS, FAULTS as CORRELATION_FAULTS, selectedRuns } from './correlation/runs';
import { DEFAULT_SCENARIO_START, generateDataset } from './correlation/scenarios';
import {
  causeVerdicts,
  compareLearning,
  compareOnLaterHalf,
  type LearningComparison,
  VERDICT_FAULT_MIX,
  verdictLearningRun,
  type VerdictLearningRun,
} from './correlation/verdict-learning';
import { machine } from './support/infra';

const ROOT = path.dirname(contractsDir());
const FAULTS = Number(process.env['EVAL_FAULTS'] ?? 20);
/** The independent corpus runs at eval:correlation's size, so its cases are the ones reported there. */
const FAULTS_INDEPENDENT = Number(process.env['EVAL_FAULTS'] ?? CORRELATION_FAULTS);
const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(3));

function main(): void {
  const started = performance.now();
  const runs: (VerdictLearningRun & { seed: number; services: number })[] = [];
  for (const run of selectedRuns([1, 2, 3])) {
    const dataset = generateDataset(run.seed, {
      services: run.services,
      faults: FAULTS,
      days: DAYS,
      start: DEFAULT_SCENARIO_START,
      faultMix: VERDICT_FAULT_MIX,
    });
    const result = verdictLearningRun(dataset, DEFAULT_CORRELATION_OPTIONS);
    runs.push({ ...result, seed: run.seed, services: run.services });
    const e = result.evaluation;
    console.log(
      `seed ${run.seed} (${run.services} services, ${result.verdicts} verdicts, ${result.cases} cases): ` +
        `later half HR@1 learned ${pct(e?.learned.hitRateAt1)} vs priors ${pct(e?.priors.hitRateAt1)}, ` +
        `MRR ${pct(e?.learned.meanReciprocalRank)} vs ${pct(e?.priors.meanReciprocalRank)}`,
    );
  }
  const result = {
    date: new Date().toISOString(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    machine: machine(),
    faultsPerSeed: FAULTS,
    faultMix: VERDICT_FAULT_MIX,
    runs,
  };
  const out = path.join(ROOT, 'bench', 'results');
  writeFileSync(path.join(out, 'correlation-verdicts.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(out, 'correlation-verdicts.md'), markdown(result));
  if (process.env['EVAL_VERDICTS_INDEPENDENT'] !== 'skip') independentCorpus(out);
}

/**
 * The independent corpus with its own, natural fault mix: does learning the installation's delay profile
 * help where the priors' time shape does not fit? Each seed is one installation: trained on the earlier
 * half of its verdicts, scored on the later half. Then a longer history: every case of the first half of
 * the seeds trains one model, scored on the other half (same world, other estates).
 */
function independentCorpus(out: string): void {
  const started = performance.now();
  const { seeds, set } = independentSeeds(process.env['EVAL_INDEPENDENT_SEEDS'], 'development');
  const perSeed: { seed: number; services: number; cases: TrainingCase[] }[] = [];
  const installations: (LearningComparison & { seed: number; services: number })[] = [];
  for (const seed of seeds) {
    const services = independentServicesFor(seed);
    const verdicts = causeVerdicts(
      independentDatasetForSeed(seed, FAULTS_INDEPENDENT, independentWorldOptionsFromEnv()),
      DEFAULT_CORRELATION_OPTIONS,
    );
    const { cases } = trainingCases(verdicts);
    perSeed.push({ seed, services, cases });
    const comparison = compareOnLaterHalf(cases);
    if (comparison === undefined) continue;
    installations.push({ ...comparison, seed, services });
    console.log(
      `independent seed ${seed} (${services} services): later half HR@1 priors ${pct(comparison.priors.hitRateAt1)}, ` +
        `weights ${pct(comparison.weightsOnly.hitRateAt1)}, weights and timing ${pct(comparison.weightsAndTiming.hitRateAt1)}`,
    );
  }
  const half = Math.ceil(perSeed.length / 2);
  const pooled =
    perSeed.length < 2
      ? null
      : {
          trainedOnSeeds: perSeed.slice(0, half).map((s) => s.seed),
          scoredOnSeeds: perSeed.slice(half).map((s) => s.seed),
          ...compareLearning(
            perSeed.slice(0, half).flatMap((s) => s.cases),
            perSeed.slice(half).flatMap((s) => s.cases),
          ),
        };
  const result = {
    date: new Date().toISOString(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    machine: machine(),
    seedSet: set,
    faultsPerSeed: FAULTS_INDEPENDENT,
    installations,
    overall: overall(installations),
    pooled,
  };
  // A held-out set's result is kept beside the development seeds', never over it.
  const heldOut = HELD_OUT_SETS.find((h) => h.set === set)?.name;
  const name = `correlation-verdicts-independent${heldOut === undefined ? '' : `-${heldOut}`}`;
  writeFileSync(path.join(out, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(out, `${name}.md`), independentMarkdown(result));
}

type Quality = Pick<RankingQuality, 'hitRateAt1' | 'hitRateAt3' | 'meanReciprocalRank'>;

/** Every installation's later half together: each scored case counts once. */
function overall(runs: readonly LearningComparison[]): {
  scoredOn: number;
  priors: Quality;
  weightsOnly: Quality;
  weightsAndTiming: Quality;
} {
  const scoredOn = runs.reduce((n, r) => n + r.scoredOn, 0);
  const mean = (pick: (r: LearningComparison) => RankingQuality): Quality => {
    const of = (metric: keyof Quality) =>
      runs.reduce((sum, r) => sum + (pick(r)[metric] ?? 0) * r.scoredOn, 0) / Math.max(scoredOn, 1);
    return {
      hitRateAt1: of('hitRateAt1'),
      hitRateAt3: of('hitRateAt3'),
      meanReciprocalRank: of('meanReciprocalRank'),
    };
  };
  return {
    scoredOn,
    priors: mean((r) => r.priors),
    weightsOnly: mean((r) => r.weightsOnly),
    weightsAndTiming: mean((r) => r.weightsAndTiming),
  };
}

function independentMarkdown(result: {
  date: string;
  seconds: number;
  machine: Record<string, unknown>;
  seedSet: string;
  faultsPerSeed: number;
  installations: readonly (LearningComparison & { seed: number; services: number })[];
  overall: ReturnType<typeof overall>;
  pooled: (LearningComparison & { trainedOnSeeds: number[]; scoredOnSeeds: number[] }) | null;
}): string {
  const row = (
    label: string,
    r: { scoredOn: number; priors: Quality; weightsOnly: Quality; weightsAndTiming: Quality },
    trained: string,
  ) =>
    `| ${label} | ${trained} | ${r.scoredOn} | ${pct(r.priors.hitRateAt1)} | ${pct(r.weightsOnly.hitRateAt1)} | **${pct(r.weightsAndTiming.hitRateAt1)}** | ${pct(r.priors.hitRateAt3)} | ${pct(r.weightsAndTiming.hitRateAt3)} |`;
  const lines = [
    '# Learning from verdicts: the independent corpus',
    '',
    `Seeds: ${result.seedSet}, ${result.faultsPerSeed} faults each, the corpus's own fault mix. Each seed is one installation: ` +
      'a verdict for each alert in time order, trained on the earlier half, the later half scored with the priors, ' +
      'with learned factor weights alone, and with the weights and the delay profile learned together.',
    '',
    '| installation | trained on | scored on | HR@1 priors | HR@1 weights | HR@1 weights + timing | HR@3 priors | HR@3 weights + timing |',
    '| --- | --: | --: | --: | --: | --: | --: | --: |',
    ...result.installations.map((r) =>
      row(`seed ${r.seed} (${r.services} services)`, r, String(r.trainedOn)),
    ),
    row('**all later halves**', result.overall, '–'),
  ];
  if (result.pooled !== null) {
    lines.push(
      '',
      `A longer history: seeds ${result.pooled.trainedOnSeeds.join(', ')} train one model, seeds ${result.pooled.scoredOnSeeds.join(', ')} are scored with it.`,
      '',
      '| | trained on | scored on | HR@1 priors | HR@1 weights | HR@1 weights + timing | HR@3 priors | HR@3 weights + timing |',
      '| --- | --: | --: | --: | --: | --: | --: | --: |',
      row('pooled', result.pooled, String(result.pooled.trainedOn)),
    );
  }
  lines.push(
    '',
    `Machine: ${String(result.machine['cpu'])}, ${String(result.machine['cores'])} cores, Node ${String(result.machine['node'])}. ${result.seconds} s. ${result.date}`,
    '',
  );
  return lines.join('\n');
}

function markdown(result: {
  date: string;
  seconds: number;
  machine: Record<string, unknown>;
  faultsPerSeed: number;
  runs: readonly (VerdictLearningRun & { seed: number; services: number })[];
}): string {
  const lines = [
    '# Learning from verdicts',
    '',
    `A corpus whose faults mostly come from config changes on shared dependencies (${result.faultsPerSeed} faults per seed); ` +
      'a verdict for each alert in time order; weights trained on the earlier half, the later half scored (every alert case whose cause was a candidate).',
    '',
    '| seed | services | cases | trained on | scored on | HR@1 priors | HR@1 learned | HR@3 priors | HR@3 learned | MRR priors | MRR learned |',
    '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  ];
  for (const r of result.runs) {
    const e = r.evaluation;
    lines.push(
      `| ${r.seed} | ${r.services} | ${r.cases} | ${e?.trainedOn ?? 0} | ${e?.scoredOn ?? 0} | ${pct(e?.priors.hitRateAt1)} | ${pct(e?.learned.hitRateAt1)} | ${pct(e?.priors.hitRateAt3)} | ${pct(e?.learned.hitRateAt3)} | ${pct(e?.priors.meanReciprocalRank)} | ${pct(e?.learned.meanReciprocalRank)} |`,
    );
  }
  lines.push(
    '',
    'Learned weights per seed:',
    '',
    '| seed | time | topology | scope | kind | outcome | corroboration |',
  );
  lines.push('| --: | --: | --: | --: | --: | --: | --: |');
  for (const r of result.runs) {
    const w = r.evaluation?.weights;
    if (w === undefined) continue;
    lines.push(
      `| ${r.seed} | ${w.time} | ${w.topology} | ${w.scope} | ${w.kind} | ${w.outcome} | ${w.corroboration} |`,
    );
  }
  lines.push(
    '',
    `Machine: ${String(result.machine['cpu'])}, ${String(result.machine['cores'])} cores, Node ${String(result.machine['node'])}. ${result.seconds} s. ${result.date}`,
    '',
  );
  return lines.join('\n');
}

main();

// `npm run eval:correlation:verdicts`: does learning from verdicts help where the world differs from the
// priors? On a corpus whose faults mostly come from config changes on shared dependencies
// (bench/correlation/verdict-learning.ts), a simulated reviewer gives each alert its verdict in time
// order; weights trained on the first half are scored on the second half against the priors. Writes
// bench/results/correlation-verdicts.{json,md}; nothing is asserted. EVAL_SEEDS and EVAL_FAULTS as for
// eval:correlation (defaults here: seeds 1-3, 20 faults each, to keep runs small).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractsDir } from '../src/contracts/contract-validator';
import { DEFAULT_CORRELATION_OPTIONS } from '../src/correlation/domain/candidates';
import { DAYS, selectedRuns } from './correlation/runs';
import { DEFAULT_SCENARIO_START, generateDataset } from './correlation/scenarios';
import {
  VERDICT_FAULT_MIX,
  verdictLearningRun,
  type VerdictLearningRun,
} from './correlation/verdict-learning';
import { machine } from './support/infra';

const ROOT = path.dirname(contractsDir());
const FAULTS = Number(process.env['EVAL_FAULTS'] ?? 20);
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

// `npm run eval:correlation`: accuracy of the suspect ranking on labelled scenarios, next to the baseline
// most tools ship ("the most recent change on the alerting service") and two others, over several seeds
// and estate sizes, on two corpora: the original scenarios (bench/correlation/) and the independent corpus
// (bench/correlation-independent/, written from its WORLD.md alone). Reports HR@1, HR@3 and MRR (mean,
// min, max over seeds) and writes bench/results/correlation.{json,md} and
// bench/results/correlation-independent[-<set>].{json,md} (corpora.ts names them); nothing is asserted.
//
// EVAL_CORPUS=original|independent|both (default both). EVAL_SEEDS=1,2 runs a subset of the original
// corpus's reported seeds (1-8); other seeds (e.g. 101-116) are development seeds on the same ladder of
// estate sizes. EVAL_INDEPENDENT_SEEDS=development (default, 201-216) | held-out (301-308) | held-out-new
// (309-324) | held-out-3 (325-340) | held-out-4 (341-356) | held-out-5 (357-372) | held-out-6 (373-388) |
// held-out-7 (389-404; held-out seeds are run once,
// for the result) | a list.
// EVAL_FAULTS (default 40) sets faults per seed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { checkAlertEvent, type AlertEvent } from '../src/alerts/domain/alert-event';
import { createChangeEventValidator } from '../src/contracts/change-event-validator';
import { ContractValidator, contractsDir, describeErrors } from '../src/contracts/contract-validator';
import { DEFAULT_CORRELATION_OPTIONS } from '../src/correlation/domain/candidates';
import { qualityFromRanks, type RankingQuality } from '../src/correlation/domain/quality';
import {
  CASE_SETS,
  evaluateDataset,
  RANKER_LABELS,
  RANKERS,
  type CaseOutcome,
  type CaseSet,
  type DatasetEvaluation,
  type RankerName,
} from './correlation/evaluate';
import type { CorrelationDataset } from './correlation/scenarios';
import { selectedCorpora, type Corpus } from './correlation/corpora';
import { FAULTS } from './correlation/runs';
import type { IndependentStats } from './correlation-independent/generator';
import { InMemoryCorrelationSource } from './correlation/source';
import { machine } from './support/infra';

/** The repository root, from bench/ (ts-node) and from dist/bench/ (built) alike. */
const ROOT = path.dirname(contractsDir());

const TARGETS = { hitRateAt1: 0.95, hitRateAt3: 0.99 };

type Metric = 'hitRateAt1' | 'hitRateAt3' | 'meanReciprocalRank';

interface Spread {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

function spread(values: readonly number[]): Spread {
  return {
    mean: values.reduce((s, v) => s + v, 0) / Math.max(values.length, 1),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

/** Every generated message must pass the published contracts: the harness feeds what the service accepts. */
function checkContracts(dataset: CorrelationDataset, alertEvents: readonly AlertEvent[]): void {
  const changes = createChangeEventValidator();
  for (const { event } of dataset.changeEvents) {
    const result = changes.check(event);
    if (!result.ok)
      throw new Error(`generated change event ${event.eventId} is invalid: ${describeErrors(result.errors)}`);
  }
  const alerts = new ContractValidator<AlertEvent>('alert-event.v1', (event) => checkAlertEvent(event));
  for (const event of alertEvents) {
    const result = alerts.check(event);
    if (!result.ok)
      throw new Error(`mapped alert event ${event.fingerprint} is invalid: ${describeErrors(result.errors)}`);
  }
}

const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(3));

function breakdown(cases: readonly CaseOutcome[], keyOf: (c: CaseOutcome) => string[]) {
  const groups = new Map<string, CaseOutcome[]>();
  for (const c of cases) {
    for (const key of keyOf(c)) {
      const list = groups.get(key) ?? [];
      list.push(c);
      groups.set(key, list);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, list]) => ({
      key,
      cases: list.length,
      suspects: qualityFromRanks(list.map((c) => c.ranks.suspects)),
      baseline: qualityFromRanks(list.map((c) => c.ranks.baseline)),
      alertingFirst: qualityFromRanks(list.map((c) => c.ranks.alertingFirst)),
    }));
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The independent generator's own counts, for checking its data sets are what WORLD.md says. */
function statsOf(dataset: CorrelationDataset): IndependentStats | undefined {
  return 'stats' in dataset ? (dataset as { stats: IndependentStats }).stats : undefined;
}

function evaluateCorpus(corpus: Corpus): void {
  const evaluations: DatasetEvaluation[] = [];
  const datasetStats: { seed: number; stats: IndependentStats }[] = [];
  const started = performance.now();
  for (const run of corpus.runs) {
    const t0 = performance.now();
    const dataset = corpus.dataset(run.seed, run.services);
    const stats = statsOf(dataset);
    if (stats !== undefined) datasetStats.push({ seed: run.seed, stats });
    const source = new InMemoryCorrelationSource(dataset, DEFAULT_CORRELATION_OPTIONS);
    checkContracts(dataset, source.alertEvents);
    const evaluation = evaluateDataset(dataset, source, DEFAULT_CORRELATION_OPTIONS);
    evaluations.push(evaluation);
    const q = evaluation.quality.alerts;
    console.log(
      `${corpus.name} seed ${run.seed} (${run.services} services, ${evaluation.changes} changes, ${evaluation.alertCases.length} alert cases): ` +
        `HR@1 ${pct(q.suspects.hitRateAt1)} vs baseline ${pct(q.baseline.hitRateAt1)}, ` +
        `alerting services first ${pct(q.alertingFirst.hitRateAt1)}, ` +
        `HR@3 ${pct(q.suspects.hitRateAt3)}, MRR ${pct(q.suspects.meanReciprocalRank)} ` +
        `(${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
  }

  const summary = {} as Record<
    CaseSet,
    Record<RankerName, Record<Metric, Spread> & { pooled: RankingQuality }>
  >;
  for (const set of CASE_SETS) {
    summary[set] = {} as Record<RankerName, Record<Metric, Spread> & { pooled: RankingQuality }>;
    for (const ranker of RANKERS) {
      const perSeed = evaluations.map((e) => e.quality[set][ranker]);
      const cases = evaluations.flatMap((e) =>
        set === 'incidents'
          ? e.incidentCases
          : set === 'firstAlerts'
            ? e.alertCases.filter((c) => c.first)
            : e.alertCases,
      );
      summary[set][ranker] = {
        hitRateAt1: spread(perSeed.map((q) => q.hitRateAt1 ?? 0)),
        hitRateAt3: spread(perSeed.map((q) => q.hitRateAt3 ?? 0)),
        meanReciprocalRank: spread(perSeed.map((q) => q.meanReciprocalRank ?? 0)),
        pooled: qualityFromRanks(cases.map((c) => c.ranks[ranker])),
      };
    }
  }
  const allAlertCases = evaluations.flatMap((e) => e.alertCases);
  const hits = allAlertCases.filter((c) => c.ranks.suspects === 1).map((c) => c.topScore ?? 0);
  const misses = allAlertCases.filter((c) => c.ranks.suspects !== 1);
  const noise = evaluations.flatMap((e) => e.noiseTopScores);
  const alertsSummary = summary.alerts;
  const targets = {
    hitRateAt1: {
      target: TARGETS.hitRateAt1,
      mean: alertsSummary.suspects.hitRateAt1.mean,
      min: alertsSummary.suspects.hitRateAt1.min,
    },
    hitRateAt3: {
      target: TARGETS.hitRateAt3,
      mean: alertsSummary.suspects.hitRateAt3.mean,
      min: alertsSummary.suspects.hitRateAt3.min,
    },
    marginOverBaselineAt1: {
      target: corpus.marginOver.target,
      baseline: corpus.marginOver.baseline,
      mean:
        alertsSummary.suspects.hitRateAt1.mean - alertsSummary[corpus.marginOver.baseline].hitRateAt1.mean,
    },
  };
  const result = {
    benchmark: corpus.resultsName,
    corpus: corpus.name,
    seedSet: corpus.seedSet,
    date: new Date().toISOString(),
    machine: machine(),
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
    scenario: { faultsPerSeed: FAULTS, days: corpus.days, options: DEFAULT_CORRELATION_OPTIONS },
    runs: evaluations.map((e) => ({
      seed: e.seed,
      services: e.services,
      edges: e.edges,
      changes: e.changes,
      changeEvents: e.changeEvents,
      alertInstances: e.alertInstances,
      notifications: e.notifications,
      faults: e.faults,
      alertCases: e.alertCases.length,
      quality: e.quality,
    })),
    summary,
    targets,
    byFaultType: breakdown(allAlertCases, (c) => [c.faultType]),
    byAlertPosition: breakdown(allAlertCases, (c) => [
      c.hops === 0 ? 'on the changed service / in scope' : `caller ${c.hops} hop${c.hops > 1 ? 's' : ''} up`,
    ]),
    // Alerts on call edges exist only in a world with tracing; the service alerts alone compare with the
    // same world without it.
    byAlertKind: breakdown(allAlertCases, (c) => [
      c.alert.onCallEdge ? 'on a call edge (service-graph client → server)' : 'on a service',
    ]),
    byConfounder: breakdown(allAlertCases, (c) =>
      c.confounders.length === 0 ? ['none'] : [...c.confounders],
    ),
    calibration: {
      medianTopScoreWhenRight: median(hits),
      medianTopScoreWhenWrong: median(misses.map((c) => c.topScore ?? 0)),
      medianTopScoreOnNoiseAlerts: median(noise),
      noiseAlerts: noise.length,
    },
    missExamples: misses.slice(0, 12),
    ...(datasetStats.length === 0 ? {} : { datasets: datasetStats }),
  };
  const file = (ext: string) => path.join(ROOT, `bench/results/${corpus.resultsName}.${ext}`);
  writeFileSync(file('json'), `${JSON.stringify(result, null, 2)}\n`);
  const md = markdown(result, evaluations, datasetStats);
  writeFileSync(file('md'), md);
  console.log(md);
}

function main(): void {
  for (const corpus of selectedCorpora()) evaluateCorpus(corpus);
}

function markdown(
  result: {
    corpus: Corpus['name'];
    seedSet: string;
    date: string;
    machine: Record<string, string | number>;
    seconds: number;
    summary: Record<CaseSet, Record<RankerName, Record<Metric, Spread> & { pooled: RankingQuality }>>;
    targets: {
      hitRateAt1: { target: number; mean: number; min: number };
      hitRateAt3: { target: number; mean: number; min: number };
      marginOverBaselineAt1: { target: number; baseline: RankerName; mean: number };
    };
    byFaultType: ReturnType<typeof breakdown>;
    byAlertPosition: ReturnType<typeof breakdown>;
    byAlertKind: ReturnType<typeof breakdown>;
    byConfounder: ReturnType<typeof breakdown>;
    calibration: {
      medianTopScoreWhenRight: number;
      medianTopScoreWhenWrong: number;
      medianTopScoreOnNoiseAlerts: number;
      noiseAlerts: number;
    };
  },
  evaluations: readonly DatasetEvaluation[],
  datasetStats: readonly { seed: number; stats: IndependentStats }[],
): string {
  const lines: string[] = [];
  if (result.corpus === 'independent') {
    lines.push(`Independent corpus (bench/correlation-independent/WORLD.md), ${result.seedSet} seeds.`, '');
  }
  const setTitle: Record<CaseSet, string> = {
    alerts: 'every alert a fault caused',
    firstAlerts: "each fault's first alert",
    incidents: "the incident around each fault's first alert",
  };
  const totalCases = evaluations.reduce((n, e) => n + e.alertCases.length, 0);
  lines.push(
    `Seeds ${evaluations.map((e) => e.seed).join(', ')}: ${evaluations.length} estates of ${evaluations.map((e) => e.services).join(', ')} services, ` +
      `${evaluations.reduce((n, e) => n + e.faults, 0)} faults, ${totalCases} alert cases, ${evaluations.reduce((n, e) => n + e.changes, 0).toLocaleString('en-US')} changes.`,
    '',
  );
  for (const set of CASE_SETS) {
    lines.push(`**${setTitle[set]}** (mean over seeds, [min – max])`, '');
    lines.push('| ranking | HR@1 | HR@3 | MRR |', '| --- | --: | --: | --: |');
    for (const ranker of RANKERS) {
      const s = result.summary[set][ranker];
      const cell = (m: Metric) => `${pct(s[m].mean)} [${pct(s[m].min)} – ${pct(s[m].max)}]`;
      const name = ranker === 'suspects' ? `**${RANKER_LABELS[ranker]}**` : RANKER_LABELS[ranker];
      lines.push(
        `| ${name} | ${cell('hitRateAt1')} | ${cell('hitRateAt3')} | ${cell('meanReciprocalRank')} |`,
      );
    }
    lines.push('');
  }
  const t = result.targets;
  const met = (ok: boolean) => (ok ? 'met' : '**not met**');
  lines.push(
    `Targets on every alert: HR@1 ≥ ${t.hitRateAt1.target} (mean ${pct(t.hitRateAt1.mean)}, worst seed ${pct(t.hitRateAt1.min)}: ${met(t.hitRateAt1.mean >= t.hitRateAt1.target)}), ` +
      `HR@3 ≥ ${t.hitRateAt3.target} (mean ${pct(t.hitRateAt3.mean)}, worst seed ${pct(t.hitRateAt3.min)}: ${met(t.hitRateAt3.mean >= t.hitRateAt3.target)}), ` +
      `≥ ${t.marginOverBaselineAt1.target} over "${RANKER_LABELS[t.marginOverBaselineAt1.baseline]}" at HR@1 (${pct(t.marginOverBaselineAt1.mean)}: ${met(t.marginOverBaselineAt1.mean >= t.marginOverBaselineAt1.target)}).`,
    '',
  );
  lines.push(
    'Per seed (every alert):',
    '',
    '| seed | services | changes | alert cases | HR@1 | HR@3 | MRR | baseline HR@1 | alerting-first HR@1 |',
    '| --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  );
  for (const e of evaluations) {
    const q = e.quality.alerts;
    lines.push(
      `| ${e.seed} | ${e.services} | ${e.changes.toLocaleString('en-US')} | ${e.alertCases.length} | ${pct(q.suspects.hitRateAt1)} | ${pct(q.suspects.hitRateAt3)} | ${pct(q.suspects.meanReciprocalRank)} | ${pct(q.baseline.hitRateAt1)} | ${pct(q.alertingFirst.hitRateAt1)} |`,
    );
  }
  lines.push('');
  if (datasetStats.length > 0) {
    lines.push(
      'The data sets (production and staging changes, alerts, and how often the first alert is on a caller):',
      '',
      '| seed | services | without alert rules | errors / latency only | edges (undeclared) | topology events | changes prod / staging | fault alerts | noise alerts | faults (undetected) | first alert on a caller | changed service silent |',
      '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    );
    for (const { seed, stats: s } of datasetStats) {
      lines.push(
        `| ${seed} | ${s.services} | ${s.servicesWithoutAlertRules} | ${s.servicesErrorsOnly} / ${s.servicesLatencyOnly} | ${s.realEdges} (${s.undeclaredEdges}) | ${s.topologyEvents} | ${s.productionChanges} / ${s.stagingChanges} | ${s.faultAlerts} | ${s.noiseAlerts} | ${s.faults} (${s.undetectedFaults}) | ${s.firstAlertOnCaller} | ${s.originSilent} |`,
      );
    }
    lines.push('');
  }
  const table = (title: string, rows: ReturnType<typeof breakdown>) => {
    lines.push(
      `${title} (all seeds pooled):`,
      '',
      '| | cases | HR@1 | HR@3 | MRR | baseline HR@1 | alerting-first HR@1 |',
      '| --- | --: | --: | --: | --: | --: | --: |',
    );
    for (const r of rows) {
      lines.push(
        `| ${r.key} | ${r.cases} | ${pct(r.suspects.hitRateAt1)} | ${pct(r.suspects.hitRateAt3)} | ${pct(r.suspects.meanReciprocalRank)} | ${pct(r.baseline.hitRateAt1)} | ${pct(r.alertingFirst.hitRateAt1)} |`,
      );
    }
    lines.push('');
  };
  table('By fault', result.byFaultType);
  table('By where the alert fired', result.byAlertPosition);
  table('By kind of alert', result.byAlertKind);
  table('By confounder present', result.byConfounder);
  const c = result.calibration;
  lines.push(
    `Calibration: median score of the first suspect ${pct(c.medianTopScoreWhenRight)} when it is the cause, ${pct(c.medianTopScoreWhenWrong)} when it is not, ` +
      `${pct(c.medianTopScoreOnNoiseAlerts)} on ${c.noiseAlerts} noise alerts no change caused.`,
    '',
    `Machine: ${String(result.machine['cpu'])}, ${String(result.machine['cores'])} cores, Node ${String(result.machine['node'])}. ${result.seconds} s. ${result.date}`,
    '',
  );
  return lines.join('\n');
}

main();

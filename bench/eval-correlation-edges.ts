// `npm run eval:correlation:edges`: what alerts on call edges are worth to the suspect ranking. Each seed
// of the independent corpus is generated twice, the plain world and the same world with tracing and
// call-edge alert rules (WORLD.md, "Tracing and call-edge alerts"); the service alerts are the same alerts
// looked at the same moments in both, so their ranks compare case by case. Reports them over all estates
// and over the estates whose teams alert on edges, each fault's first alert, and why the misses that
// remain in those estates were not helped. EVAL_INDEPENDENT_SEEDS as for eval:correlation (development by
// default). Writes bench/results/correlation-edge-alerts[-<set>].{json,md}; nothing is asserted.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractsDir } from '../src/contracts/contract-validator';
import { DEFAULT_CORRELATION_OPTIONS } from '../src/correlation/domain/candidates';
import { qualityFromRanks, type RankingQuality } from '../src/correlation/domain/quality';
import type { AlertRanking } from '../src/correlation/domain/ranking';
import { evaluateDataset, type CaseOutcome } from './correlation/evaluate';
import { InMemoryCorrelationSource } from './correlation/source';
import type { Fault } from './correlation/scenarios';
import { independentDatasetForSeed } from './correlation-independent/generator';
import { HELD_OUT_SETS, independentSeeds } from './correlation-independent/seeds';
import { FAULTS } from './correlation/runs';
import { machine } from './support/infra';

const ROOT = path.dirname(contractsDir());
const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : v.toFixed(3));

/** Why a service alert of an estate with edge rules was still missed in the world with them. */
type MissReason =
  | 'cause not a candidate'
  | 'no edge alert for the fault'
  | 'edge alerts only after the reviewer looked'
  | 'edge alerts in view, none on the cause’s service'
  | 'an edge alert on the cause’s service in view';

interface SeedComparison {
  readonly seed: number;
  readonly edgeRules: boolean;
  readonly plain: readonly CaseOutcome[];
  readonly withEdges: readonly CaseOutcome[];
  readonly misses: Readonly<Record<MissReason, number>>;
}

const serviceAlerts = (cases: readonly CaseOutcome[]) => cases.filter((c) => !c.alert.onCallEdge);
const quality = (cases: readonly CaseOutcome[]): RankingQuality =>
  qualityFromRanks(cases.map((c) => c.ranks.suspects));

function compareSeed(seed: number): SeedComparison {
  const plainData = independentDatasetForSeed(seed, FAULTS);
  const plain = evaluateDataset(
    plainData,
    new InMemoryCorrelationSource(plainData, DEFAULT_CORRELATION_OPTIONS),
    DEFAULT_CORRELATION_OPTIONS,
  );
  const data = independentDatasetForSeed(seed, FAULTS, { edgeAlerts: true });
  const setup = data.tracing?.setup;
  const edgeRules = setup !== undefined && (setup.errorRule !== undefined || setup.latencyRule !== undefined);
  const source = new InMemoryCorrelationSource(data, DEFAULT_CORRELATION_OPTIONS);
  const edgeFingerprints = new Set(data.tracing?.edgeAlerts.map((a) => a.fingerprint));
  const misses: Record<MissReason, number> = {
    'cause not a candidate': 0,
    'no edge alert for the fault': 0,
    'edge alerts only after the reviewer looked': 0,
    'edge alerts in view, none on the cause’s service': 0,
    'an edge alert on the cause’s service in view': 0,
  };
  const observe = (fault: Fault, ranking: AlertRanking, at: number) => {
    if (!edgeRules || edgeFingerprints.has(ranking.alert.fingerprint)) return;
    if (ranking.suspects[0]?.changeId === fault.causeChangeId) return;
    const cause = ranking.suspects.find((s) => s.changeId === fault.causeChangeId);
    const faultEdges = fault.alerts.filter((a) => edgeFingerprints.has(a.fingerprint));
    const inView = source
      .alertsAround(at, 6 * 3_600_000)
      .filter((a) => edgeFingerprints.has(a.fingerprint) && a.startsAt <= at);
    const reason: MissReason =
      cause === undefined
        ? 'cause not a candidate'
        : faultEdges.length === 0
          ? 'no edge alert for the fault'
          : Math.min(...faultEdges.map((a) => a.firstNotifiedAt)) > at
            ? 'edge alerts only after the reviewer looked'
            : inView.some((a) => a.service === cause.change.service)
              ? 'an edge alert on the cause’s service in view'
              : 'edge alerts in view, none on the cause’s service';
    misses[reason] += 1;
  };
  const withEdges = evaluateDataset(data, source, DEFAULT_CORRELATION_OPTIONS, observe);
  return { seed, edgeRules, plain: plain.alertCases, withEdges: withEdges.alertCases, misses };
}

function main(): void {
  const started = performance.now();
  const { seeds, set } = independentSeeds(process.env['EVAL_INDEPENDENT_SEEDS']);
  const seedsCompared = seeds.map((seed) => {
    const result = compareSeed(seed);
    console.log(
      `seed ${seed}${result.edgeRules ? ' (edge rules)' : ''}: service alerts HR@1 plain ${pct(quality(serviceAlerts(result.plain)).hitRateAt1)}, ` +
        `with edge alerts ${pct(quality(serviceAlerts(result.withEdges)).hitRateAt1)}`,
    );
    return result;
  });
  const pooled = (
    pick: (s: SeedComparison) => boolean,
    cases: (s: SeedComparison) => readonly CaseOutcome[],
  ) => quality(seedsCompared.filter(pick).flatMap(cases));
  const all = () => true;
  const ruled = (s: SeedComparison) => s.edgeRules;
  const rows = [
    { name: 'service alerts, all estates', pick: all, only: (c: CaseOutcome) => !c.alert.onCallEdge },
    {
      name: 'service alerts, estates with edge rules',
      pick: ruled,
      only: (c: CaseOutcome) => !c.alert.onCallEdge,
    },
    { name: 'each fault’s first alert, all estates', pick: all, only: (c: CaseOutcome) => c.first },
    {
      name: 'each fault’s first alert, estates with edge rules',
      pick: ruled,
      only: (c: CaseOutcome) => c.first,
    },
  ].map((row) => ({
    name: row.name,
    cases: seedsCompared.filter(row.pick).flatMap((s) => s.plain.filter(row.only)).length,
    plain: pooled(row.pick, (s) => s.plain.filter(row.only)),
    withEdges: pooled(row.pick, (s) => s.withEdges.filter(row.only)),
  }));
  const edgeCases = pooled(all, (s) => s.withEdges.filter((c) => c.alert.onCallEdge));
  const misses = seedsCompared.reduce<Record<string, number>>((sum, s) => {
    for (const [reason, n] of Object.entries(s.misses)) sum[reason] = (sum[reason] ?? 0) + n;
    return sum;
  }, {});
  const name = `correlation-edge-alerts${set === 'development' ? '' : `-${HELD_OUT_SETS.find((h) => h.set === set)?.name ?? 'selected'}`}`;
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  const result = {
    benchmark: name,
    seedSet: set,
    seeds,
    estatesWithEdgeRules: seedsCompared.filter(ruled).map((s) => s.seed),
    date: new Date().toISOString(),
    machine: machine(),
    seconds,
    rows,
    edgeAlertCases: edgeCases,
    missesInEstatesWithEdgeRules: misses,
  };
  writeFileSync(path.join(ROOT, `bench/results/${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  const md = [
    '# What alerts on call edges are worth (`npm run eval:correlation:edges`)',
    '',
    `Independent corpus, ${set} seeds (${seeds.join(', ')}), ${FAULTS} faults each, generated twice: the plain world and the same world with tracing and call-edge alert rules (WORLD.md, "Tracing and call-edge alerts"). Estates whose teams alert on edges: ${result.estatesWithEdgeRules.join(', ') || 'none'} (${result.estatesWithEdgeRules.length} of ${seeds.length}). Service alerts are the same alerts, looked at the same moments, in both worlds.`,
    '',
    '| cases (pooled) | n | HR@1 plain | HR@1 with edge alerts | HR@3 plain | HR@3 with edge alerts | MRR plain | MRR with edge alerts |',
    '| --- | --: | --: | --: | --: | --: | --: | --: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.cases} | ${pct(r.plain.hitRateAt1)} | ${pct(r.withEdges.hitRateAt1)} | ${pct(r.plain.hitRateAt3)} | ${pct(r.withEdges.hitRateAt3)} | ${pct(r.plain.meanReciprocalRank)} | ${pct(r.withEdges.meanReciprocalRank)} |`,
    ),
    `| the edge alerts themselves | ${edgeCases.cases} | – | ${pct(edgeCases.hitRateAt1)} | – | ${pct(edgeCases.hitRateAt3)} | – | ${pct(edgeCases.meanReciprocalRank)} |`,
    '',
    'Service alerts still missed with edge alerts, in the estates with edge rules, by what the edge alerts showed when the reviewer looked:',
    '',
    '| why | misses |',
    '| --- | --: |',
    ...Object.entries(misses).map(([reason, n]) => `| ${reason} | ${n} |`),
    '',
    `Machine: ${String(result.machine['cpu'] ?? '')}, Node ${process.version}. ${seconds} s. ${result.date}`,
    '',
  ].join('\n');
  writeFileSync(path.join(ROOT, `bench/results/${name}.md`), md);
  console.log(md);
}

main();

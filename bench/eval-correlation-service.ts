// `npm run eval:correlation:service`: the correlation harness end to end. Each data set goes through the
// service's own ingest into a real PostgreSQL, in arrival order, and each alert case is ranked by the
// service's own suspects query at the moment the in-memory harness looks at it; the two are compared case
// by case. Then, as a reviewer and an admin would, every case's cause is recorded as a verdict through the
// service, a weights version (with its delay profile) is trained; the data set is replayed through a fresh
// service with that version applied, and compared with the in-memory harness ranking with it (seeds with
// fewer than 30 cases skip this). Writes bench/results/correlation-service.{json,md} (original corpus) and
// bench/results/correlation-independent-service.{json,md} (independent corpus); nothing is asserted.
//
// EVAL_CORPUS=original|independent|both (default both); EVAL_SEEDS (default 1,2,3) picks the original
// corpus's runs, EVAL_INDEPENDENT_SEEDS (default 201,202,203) the independent corpus's; DATABASE_URL uses
// an existing PostgreSQL.
import { writeFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import path from 'node:path';
import { loadConfig } from '../src/config/app-config';
import { createApp } from '../src/bootstrap';
import { contractsDir } from '../src/contracts/contract-validator';
import { DEFAULT_CORRELATION_OPTIONS } from '../src/correlation/domain/candidates';
import { qualityFromRanks, type RankingQuality } from '../src/correlation/domain/quality';
import { selectedCorpora, type Corpus } from './correlation/corpora';
import { InMemoryCorrelationSource } from './correlation/source';
import {
  installTrainedWeights,
  rankThroughService,
  recordVerdictsAndTrain,
  type ServiceCase,
} from './correlation/through-service';
import { evaluateDataset, type DatasetEvaluation } from './correlation/evaluate';
import { machine, startBenchDatabase } from './support/infra';

const ROOT = path.dirname(contractsDir());
const PORT = 55449;

interface SeedResult {
  readonly seed: number;
  readonly services: number;
  readonly cases: number;
  readonly changeEvents: number;
  readonly inMemory: RankingQuality;
  readonly throughService: RankingQuality;
  /** Cases where both put the cause at the same rank. */
  readonly sameRank: number;
  /**
   * The same with the version the service trained from every case's verdict, applied from the start of
   * a replay: the service's ranks against the in-memory ranking with that version (null when too few
   * cases to train).
   */
  readonly learned: {
    readonly version: number;
    readonly delays: boolean;
    readonly throughService: RankingQuality;
    readonly inMemory: RankingQuality;
    readonly sameRank: number;
  } | null;
  readonly seconds: number;
}

const pct = (v: number | null): string => (v === null ? '–' : v.toFixed(3));

/** A fresh database and service for one pass over a data set; both stopped after it. */
async function withService<T>(run: (app: INestApplication) => Promise<T>): Promise<T> {
  const database = await startBenchDatabase(PORT);
  const running = await createApp(
    loadConfig({
      DATABASE_URL: database.databaseUrl,
      API_KEYS: JSON.stringify([{ key: 'eval-correlation-admin', roles: ['admin'], name: 'eval-admin' }]),
      LOG_LEVEL: 'warn',
    }),
  );
  try {
    await running.app.init();
    return await run(running.app);
  } finally {
    await running.close();
    await database.stop();
  }
}

async function evaluateSeed(corpus: Corpus, seed: number, services: number): Promise<SeedResult> {
  const started = performance.now();
  const dataset = corpus.dataset(seed, services);
  const source = new InMemoryCorrelationSource(dataset, DEFAULT_CORRELATION_OPTIONS);
  const inMemory = evaluateDataset(dataset, source, DEFAULT_CORRELATION_OPTIONS);
  // First pass at the priors; then every case's verdict through the service, and a version trained.
  const { served, trained } = await withService(async (app) => {
    const ranked = await rankThroughService(app, dataset);
    return { served: ranked, trained: await recordVerdictsAndTrain(app, dataset) };
  });
  const sameRank = (ranked: readonly ServiceCase[], memory: DatasetEvaluation): number => {
    const ranks = new Map(memory.alertCases.map((c) => [c.id, c.ranks.suspects]));
    return ranked.filter((c) => ranks.get(c.id) === c.rank).length;
  };
  let learned: SeedResult['learned'] = null;
  if (trained !== undefined) {
    // A replay with that version applied from the start, through the service and in memory.
    const weights = {
      version: trained.version,
      weights: trained.weights,
      ...(trained.delays === undefined ? {} : { delays: trained.delays }),
    };
    const replayed = await withService(async (app) => {
      await installTrainedWeights(app, trained);
      return rankThroughService(app, dataset);
    });
    const memory = evaluateDataset(dataset, source, DEFAULT_CORRELATION_OPTIONS, undefined, weights);
    learned = {
      version: trained.version,
      delays: trained.delays !== undefined,
      throughService: qualityFromRanks(replayed.map((c) => c.rank)),
      inMemory: memory.quality.alerts.suspects,
      sameRank: sameRank(replayed, memory),
    };
  }
  return {
    seed,
    services,
    cases: served.length,
    changeEvents: dataset.changeEvents.length,
    inMemory: inMemory.quality.alerts.suspects,
    throughService: qualityFromRanks(served.map((c) => c.rank)),
    sameRank: sameRank(served, inMemory),
    learned,
    seconds: (performance.now() - started) / 1000,
  };
}

async function evaluateCorpus(corpus: Corpus): Promise<void> {
  const results: SeedResult[] = [];
  for (const run of corpus.runs) {
    const result = await evaluateSeed(corpus, run.seed, run.services);
    results.push(result);
    console.log(
      `${corpus.name} seed ${result.seed} (${result.services} services, ${result.cases} alert cases): through the service ` +
        `HR@1 ${pct(result.throughService.hitRateAt1)} HR@3 ${pct(result.throughService.hitRateAt3)}; in memory ` +
        `HR@1 ${pct(result.inMemory.hitRateAt1)}; same rank in ${result.sameRank}/${result.cases}; ` +
        (result.learned === null
          ? 'too few cases to train; '
          : `with learned version ${result.learned.version}${result.learned.delays ? ' (delay profile)' : ''}: ` +
            `HR@1 ${pct(result.learned.throughService.hitRateAt1)}, same rank in ${result.learned.sameRank}/${result.cases}; `) +
        `(${result.seconds.toFixed(1)} s)`,
    );
  }
  const rows = results.map(
    (r) =>
      `| ${r.seed} | ${r.services} | ${r.changeEvents.toLocaleString('en-US')} | ${r.cases} | ` +
      `${pct(r.throughService.hitRateAt1)} | ${pct(r.throughService.hitRateAt3)} | ${pct(r.throughService.meanReciprocalRank)} | ` +
      `${pct(r.inMemory.hitRateAt1)} | ${pct(r.inMemory.hitRateAt3)} | ${r.sameRank}/${r.cases} | ` +
      (r.learned === null
        ? '– | – | – |'
        : `${r.learned.version}${r.learned.delays ? ' (with delays)' : ''} | ${pct(r.learned.throughService.hitRateAt1)} | ${r.learned.sameRank}/${r.cases} |`),
  );
  const md = [
    `# Correlation through the service (\`npm run eval:correlation:service\`), ${corpus.name} corpus`,
    '',
    ...(corpus.name === 'independent' ? [`Independent corpus, ${corpus.seedSet} seeds.`, ''] : []),
    'Each data set of `npm run eval:correlation` goes through the service: contract validation, the ingest',
    'commands (event store, change timeline, alerts read model) on a real PostgreSQL, in arrival order; each',
    "alert is ranked by the service's suspects query at the moment the in-memory harness looks at it.",
    "Then every case's cause is recorded as a verdict through the service and a weights version is trained",
    'from them; the data set is replayed through a fresh service with that version applied, and compared',
    'with the in-memory harness ranking with it.',
    '',
    '| seed | services | change events | alert cases | HR@1 (service) | HR@3 (service) | MRR (service) | HR@1 (in memory) | HR@3 (in memory) | same rank | learned version | HR@1 learned (service) | same rank, learned |',
    '| --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
    ...rows,
    '',
    `Machine: ${Object.entries(machine())
      .map(([key, value]) => `${key} ${String(value)}`)
      .join(', ')}. ${new Date().toISOString()}`,
    '',
  ].join('\n');
  // One file per corpus (and world variant), whichever seeds: this pass checks agreement, not accuracy.
  const name = `${corpus.name === 'original' ? 'correlation' : 'correlation-independent'}${corpus.variant}-service`;
  const file = (ext: string) => path.join(ROOT, `bench/results/${name}.${ext}`);
  writeFileSync(file('md'), md);
  writeFileSync(
    file('json'),
    `${JSON.stringify({ corpus: corpus.name, seedSet: corpus.seedSet, machine: machine(), results }, null, 2)}\n`,
  );
  console.log(md);
}

async function main(): Promise<void> {
  for (const corpus of selectedCorpora([1, 2, 3], [201, 202, 203])) await evaluateCorpus(corpus);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

// `npm run bench:rebuild`: the change-timeline rebuild beside a raw COPY of the same events into a bare
// table, interleaved in one run on a fresh database of DATABASE_URL's server (or an embedded PostgreSQL).
// The store is filled by the benchmarks' bulk loader with bench:store's events (generateChangeEvents, seed
// 7); the rebuild runs in this process through its command handler, so this process's CPU is the
// service's. Each round: raw COPY, then rebuild; prints events/s, the ratio, Node and PostgreSQL CPU per
// event and the machine's load; then the average size of a timeline row and of its fold state and steps as
// stored (pg_column_size). Knobs: BENCH_EVENTS (50,000), BENCH_ROUNDS (3). Nothing is asserted.
import os from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { RebuildChangeTimelineCommand } from '../src/changes/commands/rebuild-change-timeline/rebuild-change-timeline.command';
import { RebuildChangeTimelineHandler } from '../src/changes/commands/rebuild-change-timeline/rebuild-change-timeline.handler';
import { ChangeTimelineProjection } from '../src/changes/infrastructure/change-timeline.projection';
import { dataSourceOptions } from '../src/database/data-source-options';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { generateChangeEvents } from './generators/change-events';
import { bulkLoadChangeEvents } from './support/bulk-load';
import { dropBenchDatabase, startBenchDatabase } from './support/infra';
import { watchMachineLoad } from './support/machine-load';
import { PostgresCpu } from './support/postgres-cpu';
import { measureRawCopy } from './support/raw-copy';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 50_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);

const perSecond = (events: number, seconds: number) => Math.round(events / seconds);

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const url = database.databaseUrl;
  const dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  try {
    const events = generateChangeEvents(EVENTS, 7, 'bench');
    const values = events.map((e) => JSON.stringify(e));
    console.log(`${EVENTS} events: bulk loading...`);
    await bulkLoadChangeEvents(
      url,
      [events.map((event) => ({ event, arrivesAt: Date.parse(event.occurredAt), closesChange: false }))],
      {
        chain: 'placeholder',
        log: (line) => {
          console.log(line);
        },
      },
    );
    const analyze = new Client({ connectionString: url });
    await analyze.connect();
    await analyze.query('VACUUM ANALYZE changes');
    await analyze.end();
    await dataSource.initialize();
    const handler = new RebuildChangeTimelineHandler(
      dataSource,
      new PostgresEventStore(dataSource),
      new ChangeTimelineProjection(),
    );
    console.log(
      'round | raw COPY ev/s | rebuild ev/s | ratio | rebuild s | Node CPU µs/ev | PG CPU µs/ev | load avg',
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const load = watchMachineLoad();
      const raw = await measureRawCopy(url, events, values);
      const pgCpu = await PostgresCpu.open(url, 100);
      const cpu = process.cpuUsage();
      const result = await handler.execute(new RebuildChangeTimelineCommand());
      const nodeCpu = process.cpuUsage(cpu);
      const pgMicros = await pgCpu.close();
      const machine = load();
      const rebuildRate = perSecond(result.events, result.millis / 1000);
      console.log(
        [
          round,
          Math.round(raw.eventsPerSecond),
          rebuildRate,
          (rebuildRate / raw.eventsPerSecond).toFixed(2),
          (result.millis / 1000).toFixed(2),
          Math.round((nodeCpu.user + nodeCpu.system) / result.events),
          pgMicros === null ? 'n/a' : Math.round(pgMicros / result.events),
          `${machine.loadAverage.start}→${machine.loadAverage.end} (busy ${machine.busyPercent}%)`,
        ].join(' | '),
      );
    }
    console.log(
      `cores: ${os.cpus().length}; ${EVENTS} events, ${(await countChanges(dataSource)).toString()} changes`,
    );
    console.log(await rowSizes(dataSource));
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropBenchDatabase(url);
    await database.stop();
  }
}

/** What a timeline row costs to write and read: its stored size and that of its two JSON columns. */
async function rowSizes(dataSource: DataSource): Promise<string> {
  const [sizes] = await dataSource.query<{ row: number; fold_state: number; steps: number }[]>(
    `SELECT round(avg(pg_column_size(c.*)))::int AS row, round(avg(pg_column_size(c.fold_state)))::int AS fold_state,
            round(avg(pg_column_size(c.steps)))::int AS steps
       FROM changes c`,
  );
  if (sizes === undefined) return 'row sizes: n/a';
  return `average bytes per row ${sizes.row}, of which fold_state ${sizes.fold_state}, steps ${sizes.steps}`;
}

async function countChanges(dataSource: DataSource): Promise<number> {
  const rows = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM changes`);
  return rows[0]?.n ?? 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

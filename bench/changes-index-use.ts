// Which indexes of the change timeline (`changes`) the queries on it use, and what they use instead when one
// is gone. On the suspects benchmark's store (bench/support/suspects-store.ts: BENCH_EVENTS, default
// 1,000,000 change events of a 500-service estate in three environments, cached between runs), the
// project's own query code runs once with a recording DataSource; every SQL statement it sent on `changes`
// is then EXPLAIN ANALYZEd (warm: the second of two runs) with all indexes, and once per index in
// BENCH_WITHOUT (comma-separated) inside a transaction that drops it and rolls back. Prints, per query and
// index set, the indexes of the plan, execution time and buffers. Nothing is asserted.
import { DataSource } from 'typeorm';
import { ChangeTimelineQueries } from '../src/changes/change-timeline-queries';
import { GetChangeHandler } from '../src/changes/queries/get-change/get-change.handler';
import { GetChangeQuery } from '../src/changes/queries/get-change/get-change.query';
import { ListChangesHandler } from '../src/changes/queries/list-changes/list-changes.handler';
import { ListChangesQuery } from '../src/changes/queries/list-changes/list-changes.query';
import { dataSourceOptions } from '../src/database/data-source-options';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { openSuspectsStore } from './support/suspects-store';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 1_000_000);
const WITHOUT = (process.env['BENCH_WITHOUT'] ?? 'changes_environment_timeline')
  .split(',')
  .filter((v) => v !== '');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Recorded {
  readonly label: string;
  readonly sql: string;
  readonly params: unknown[] | undefined;
  /** Run first in the query's transaction (rolled back with it). */
  readonly setup: string | undefined;
}

/** An environment with 1% of the changes, spread over the whole span (the data set's smallest has 25%). */
const RARE_ENVIRONMENT = `UPDATE changes SET environment = 'qa' WHERE hashtext(change_id) % 100 = 0`;

async function main(): Promise<void> {
  const store = await openSuspectsStore({
    events: EVENTS,
    seed: 1,
    chain: 'placeholder',
    port: 55441,
    log: (line) => {
      console.log(line);
    },
  });
  // Slow statements are what this script looks at: no warning for each.
  const dataSource = new DataSource({
    ...dataSourceOptions(store.url),
    logging: false,
    maxQueryExecutionTime: 0,
  });
  await dataSource.initialize();
  try {
    const recorded: Recorded[] = [];
    let label = '';
    const query = dataSource.query.bind(dataSource);
    dataSource.query = (async (sql: string, params?: unknown[]) => {
      if (/\bFROM changes\b/.test(sql)) recorded.push({ label, sql, params, setup });
      return query(sql, params);
    }) as DataSource['query'];
    let setup: string | undefined;
    const as = async (name: string, run: () => Promise<unknown>, before?: string) => {
      label = name;
      setup = before;
      await run();
    };

    const end = store.manifest.span.end;
    const sample = store.manifest.samples[Math.floor(store.manifest.samples.length / 2)];
    if (sample === undefined) throw new Error('the store has no sampled change');
    const service = sample.service;
    const list = new ListChangesHandler(dataSource);
    const timeline = new ChangeTimelineQueries(dataSource);
    const page = (filter: ListChangesQuery['filter']) =>
      list.execute(new ListChangesQuery(filter, 100, undefined));
    await as('list: service, last 2 h (the target query)', () =>
      page({ services: [service], from: new Date(end - 2 * HOUR) }),
    );
    await as('list: no filter', () => page({}));
    await as('list: environment production', () => page({ environment: 'production' }));
    await as('list: environment dev', () => page({ environment: 'dev' }));
    await as('list: environment production, last 2 h', () =>
      page({ environment: 'production', from: new Date(end - 2 * HOUR) }),
    );
    await as('list: environment staging, a day a week ago', () =>
      page({
        environment: 'staging',
        from: new Date(end - 8 * DAY),
        to: new Date(end - 7 * DAY),
      }),
    );
    await as('list: environment production, service', () =>
      page({ environment: 'production', services: [service] }),
    );
    await as('list: q=rolled back', () => page({ text: 'rolled back' }));
    await as('list: q=Terraform, environment production', () =>
      page({ text: 'Terraform', environment: 'production' }),
    );
    await as('list: active in the last hour, environment production', () =>
      page({ activeFrom: new Date(end - HOUR), activeTo: new Date(end), environment: 'production' }),
    );
    await as('list: active a week ago for an hour, a service', () =>
      page({
        activeFrom: new Date(end - 7 * DAY - HOUR),
        activeTo: new Date(end - 7 * DAY),
        services: [service],
      }),
    );
    await as('list: active a week ago for an hour, region ap-southeast-2', () =>
      page({
        activeFrom: new Date(end - 7 * DAY - HOUR),
        activeTo: new Date(end - 7 * DAY),
        region: 'ap-southeast-2',
      }),
    );
    await as('list: active a week ago for an hour, environment production', () =>
      page({
        activeFrom: new Date(end - 7 * DAY - HOUR),
        activeTo: new Date(end - 7 * DAY),
        environment: 'production',
      }),
    );
    await as('list: environment dev, last 2 h', () =>
      page({ environment: 'dev', from: new Date(end - 2 * HOUR) }),
    );
    await as('freeze preview: production, 7 days, started', () =>
      timeline.startedBetween(
        new Date(end - 7 * DAY),
        new Date(end),
        { environments: ['production'] },
        undefined,
        2_000,
      ),
    );
    await as('freeze preview: production, 7 days, unfinished', () =>
      timeline.unfinishedSince(new Date(end - 7 * DAY), { environments: ['production'] }, undefined, 2_000),
    );
    await as('freeze preview: staging+dev, 7 days, started', () =>
      timeline.startedBetween(
        new Date(end - 7 * DAY),
        new Date(end),
        { environments: ['staging', 'dev'] },
        undefined,
        2_000,
      ),
    );
    const alertAt = sample.startedAt + 10 * 60_000;
    const range = {
      environment: 'production',
      startedFrom: alertAt - 28 * HOUR,
      startedTo: alertAt + 4 * HOUR,
      services: [service],
      candidatesStartedTo: alertAt + 5 * 60_000,
      activeFrom: alertAt - 4 * HOUR,
    };
    await as('suspects: candidates', () => timeline.candidates(range));
    await as('suspects: not rollbacks', () => timeline.notRollbacks(range, [service], ['deploy', 'config']));
    const get = new GetChangeHandler(dataSource, new PostgresEventStore(dataSource));
    await as('change by id', () => get.execute(new GetChangeQuery(sample.changeId, undefined)));
    await as(
      'list: environment qa (1% of changes, moved there in the transaction)',
      () => page({ environment: 'qa' }),
      RARE_ENVIRONMENT,
    );
    await as(
      'list: environment qa (1% of changes), last 7 days',
      () => page({ environment: 'qa', from: new Date(end - 7 * DAY) }),
      RARE_ENVIRONMENT,
    );

    // The rare environment's rolled-back updates leave dead rows and index entries behind: cleaned before
    // and after, so that every run (and the next benchmark on this cached store) reads the same tables.
    await dataSource.query(`VACUUM ANALYZE changes`);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      for (const q of recorded) {
        console.log(`\n## ${q.label}\n${q.sql.replace(/\s+/g, ' ').trim()}`);
        for (const without of [undefined, ...WITHOUT]) {
          await runner.startTransaction();
          try {
            if (q.setup !== undefined) {
              await runner.query(q.setup);
              await runner.query(`ANALYZE changes`);
            }
            if (without !== undefined) await runner.query(`DROP INDEX ${without}`);
            await runner.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
            const rows = (await runner.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params)) as {
              'QUERY PLAN': string;
            }[];
            const plan = rows.map((r) => r['QUERY PLAN']);
            const indexes = [
              ...new Set(plan.flatMap((l) => /(?:using|Bitmap Index Scan on) (\w+)/.exec(l)?.[1] ?? [])),
            ];
            const seq = plan.some((l) => l.includes('Seq Scan')) ? ' + Seq Scan' : '';
            const time = plan.find((l) => l.startsWith('Execution Time'));
            const buffers = plan.find((l) => l.trim().startsWith('Buffers'))?.trim();
            console.log(
              `- ${without === undefined ? 'all indexes' : `without ${without}`}: ${indexes.join(', ') || 'no index'}${seq}; ${time}; ${buffers ?? ''}`,
            );
            if (process.env['BENCH_PLANS'] === '1') console.log(plan.map((l) => `    ${l}`).join('\n'));
          } finally {
            await runner.rollbackTransaction();
          }
        }
      }
    } finally {
      await runner.release();
    }
    await dataSource.query(`VACUUM ANALYZE changes`);
  } finally {
    await dataSource.destroy();
    await store.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

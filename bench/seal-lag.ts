// `node -r @swc-node/register bench/seal-lag.ts` (TEST_DATABASE_URL: a PostgreSQL server's maintenance
// URL): the checkpoint sealer under full concurrent HTTP ingest. The app runs in this process on a fresh
// database; SEAL_LAG_CONCURRENCY (4) batches of 1,000 are posted continuously for SEAL_LAG_SECONDS (20);
// the oldest unsealed event's age is sampled every 250 ms, and each sealing slice is logged: how long its
// readable position took, how far it got, how many events it sealed.
import { DataSource } from 'typeorm';
import { CheckpointSealer } from '../src/event-store/checkpoints/checkpoint-sealer';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';
import { asServiceRole, createTestDatabase } from '../test/support/database';
import { KEYS, startTestApp } from '../test/support/app';
import { generateChangeEvents } from './generators/change-events';

const CONCURRENCY = Number(process.env['SEAL_LAG_CONCURRENCY'] ?? 4);
const SECONDS = Number(process.env['SEAL_LAG_SECONDS'] ?? 20);
const BATCH = 1_000;

async function main(): Promise<void> {
  const db = await createTestDatabase('seal_lag');
  const app = await startTestApp({ DATABASE_URL: asServiceRole(db.url), DATABASE_MIGRATIONS_URL: db.url });
  try {
    const store = app.app.get(PostgresEventStore);
    const sealer = app.app.get(CheckpointSealer);
    const dataSource = app.app.get(DataSource);
    // Instrument: the readable position's wait and result as the sealer's slice sees it.
    let lastReadable = { ms: 0, position: 0n };
    const readLeafHashes = store.readLeafHashes.bind(store);
    const readablePosition = store.readablePosition.bind(store);
    let inSealer = false;
    store.readablePosition = async (after?: bigint, waitMs?: number) => {
      const started = performance.now();
      const position = await readablePosition(after, waitMs);
      if (inSealer) lastReadable = { ms: performance.now() - started, position };
      return position;
    };
    store.readLeafHashes = async (after: bigint, limit: number, ...rest: unknown[]) => {
      inSealer = true;
      try {
        return await (readLeafHashes as (...a: unknown[]) => Promise<{ position: bigint; hash: string }[]>)(
          after,
          limit,
          ...rest,
        );
      } finally {
        inSealer = false;
      }
    };
    const t0 = performance.now();
    const at = (): string => ((performance.now() - t0) / 1000).toFixed(2);
    const sealSlice = sealer.sealSlice.bind(sealer);
    const slices: { ms: number; waitMs: number; sealed: number }[] = [];
    sealer.sealSlice = async () => {
      const started = performance.now();
      const sealed = await sealSlice();
      const ms = performance.now() - started;
      slices.push({ ms, waitMs: lastReadable.ms, sealed });
      const seq = (
        await dataSource.query<{ s: string }[]>(
          `SELECT last_value::text AS s FROM events_global_position_seq`,
        )
      )[0]?.s;
      console.log(
        `${at()}s slice: readable waited ${lastReadable.ms.toFixed(0)} ms, got to ${lastReadable.position}` +
          ` (sequence now ${seq}), sealed ${sealed} in ${ms.toFixed(0)} ms`,
      );
      return sealed;
    };

    const bodies = generateChangeEvents(400_000, 11, 'seal-lag').map((e) => JSON.stringify(e));
    let next = 0;
    let stop = false;
    let posted = 0;
    const senders = Array.from({ length: CONCURRENCY }, async () => {
      while (!stop) {
        const body = `[${bodies.slice(next, next + BATCH).join(',')}]`;
        next += BATCH;
        const res = await fetch(`${app.baseUrl}/v1/change-events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
          body,
        });
        await res.arrayBuffer();
        if (res.status >= 300) throw new Error(`POST answered ${res.status}`);
        posted += BATCH;
      }
    });
    const ages: number[] = [];
    const sampler = setInterval(() => {
      void sealer
        .unsealedSeconds()
        .then((age) => {
          ages.push(age);
          console.log(`${at()}s oldest unsealed ${age.toFixed(2)} s`);
        })
        .catch((error: unknown) => {
          console.error(error);
        });
    }, 250);
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    stop = true;
    await Promise.all(senders);
    clearInterval(sampler);
    const sorted = [...ages].sort((a, b) => a - b);
    const waits = slices.map((s) => s.waitMs).sort((a, b) => a - b);
    console.log(
      `posted ${posted} events in ${SECONDS} s, ${CONCURRENCY} concurrent; oldest unsealed: max ` +
        `${(sorted[sorted.length - 1] ?? 0).toFixed(2)} s, p50 ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} s; ` +
        `slices ${slices.length}, readable wait p50 ${(waits[Math.floor(waits.length / 2)] ?? 0).toFixed(0)} ms max ` +
        `${(waits[waits.length - 1] ?? 0).toFixed(0)} ms`,
    );
  } finally {
    await app.close();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

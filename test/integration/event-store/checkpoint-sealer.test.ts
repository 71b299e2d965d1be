import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/app-config';
import { CheckpointRepository } from '../../../src/event-store/checkpoints/checkpoint-repository';
import { CheckpointSealer } from '../../../src/event-store/checkpoints/checkpoint-sealer';
import { eventHash, LEGACY_GENESIS_HASH, legacyChainHash } from '../../../src/event-store/domain/event-hash';
import { MerkleFrontier } from '../../../src/event-store/domain/merkle-tree';
import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { Metrics } from '../../../src/telemetry/metrics/metrics';
import { openTestDataSource, superuserClient, type TestDataSource } from '../../support/database';
import { newAuditKeys, sealableEvent } from '../../support/sealing';

/** The sealer against a real PostgreSQL: incremental sealing, one checkpoint per round, a target down. */
describe('CheckpointSealer', () => {
  let db: TestDataSource;
  let url: string;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let repository: CheckpointRepository;
  let dir: string;
  const keys = newAuditKeys();
  const sealer = (checkpointDir: string): CheckpointSealer =>
    new CheckpointSealer(
      dataSource,
      store,
      repository,
      keys,
      loadConfig({ DATABASE_URL: 'postgres://x/y', AUDIT_CHECKPOINT_DIR: checkpointDir }),
      new Metrics(dataSource),
    );
  const append = (ids: string[]) => dataSource.transaction((tx) => store.append(tx, ids.map(sealableEvent)));

  beforeEach(async () => {
    db = await openTestDataSource();
    ({ url, dataSource } = db);
    store = new PostgresEventStore(dataSource);
    repository = new CheckpointRepository(dataSource);
    dir = mkdtempSync(path.join(tmpdir(), 'sealer-'));
  });

  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('seals incrementally: each round one checkpoint over everything committed, roots as a full rebuild', async () => {
    const s = sealer(dir);
    const all: string[] = [];
    for (const size of [1, 2, 5, 8, 3]) {
      const ids = Array.from({ length: size }, (_, i) => `e${all.length + i}`);
      all.push(...ids);
      await append(ids);
      await s.round();
      const latest = await repository.latest();
      expect(latest?.treeSize).toBe(all.length);
      const events = await store.readAll(0n, 1000);
      const rebuilt = MerkleFrontier.empty();
      for (const e of events) rebuilt.append(Buffer.from(e.hash, 'hex'));
      expect(latest?.rootHash).toBe(rebuilt.root().toString('hex'));
    }
    expect(readdirSync(dir)).toHaveLength(5);
    expect(s.status()).toEqual({ targets: [{ name: 'directory', lagSeconds: 0 }] });
    expect(await s.unsealedSeconds()).toBe(0);
    // Between rounds the wait is measured in the database, not remembered by the last round.
    await append(['late']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await s.unsealedSeconds()).toBeGreaterThanOrEqual(0.04);
    expect(await sealer(dir).unsealedSeconds()).toBeGreaterThanOrEqual(0.04);
    await s.round();
    expect(await s.unsealedSeconds()).toBe(0);
  });

  it('seals what committed since the last readable position another reader found, never past a late commit', async () => {
    const s = sealer(dir);
    await append(['a']);
    // Another reader (a projection) finds position 1 final; then two more commit.
    expect(await store.readablePosition()).toBeGreaterThan(0n);
    await append(['b', 'c']);
    // The round probes afresh rather than stopping at the position that reader found.
    expect(await s.sealSlice()).toBe(3);
    // A transaction that drew a position and has not committed: nothing after it is sealed until it does.
    const late = await superuserClient(url);
    try {
      await late.query('BEGIN');
      await late.query(`SELECT events_allocate_positions(1)`);
      await append(['d']);
      const started = Date.now();
      expect(await s.sealSlice()).toBe(0);
      // It waited for the late transaction, within its bound (the round interval), and then gave up.
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(5_000);
      await late.query('ROLLBACK');
    } finally {
      await late.end();
    }
    expect(await s.sealSlice()).toBe(1);
    expect((await repository.latest())?.treeSize).toBe(4);
  });

  it("the loop's round seals only once the oldest unsealed event has waited a fifth of the max delay", async () => {
    // AUDIT_MAX_SEAL_DELAY_SECONDS 5 (the default): due after 1 s.
    const s = sealer(dir);
    await append(['a']);
    await s.sealIfDue();
    expect(await repository.latest()).toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await s.sealIfDue();
    expect((await repository.latest())?.treeSize).toBe(1);
  });

  it('seals a row of the legacy chain rule by its content (its stored hash is a chain link, not a leaf)', async () => {
    await append(['old', 'new']);
    const [old] = await store.readAll(0n, 1);
    if (old === undefined) throw new Error('no event');
    const chained = legacyChainHash(LEGACY_GENESIS_HASH, old);
    // As an upgraded installation holds it: written by the chain rule before leaf hashes existed.
    await dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE events SET prev_hash = $1, hash = $2 WHERE global_position = $3`, [
        LEGACY_GENESIS_HASH,
        chained,
        old.position.toString(),
      ]);
    });
    await sealer(dir).round();
    const events = await store.readAll(0n, 10);
    expect(events.map((e) => e.hash === eventHash(e))).toEqual([false, true]);
    const rebuilt = MerkleFrontier.empty();
    for (const e of events) rebuilt.append(Buffer.from(eventHash(e), 'hex'));
    expect((await repository.latest())?.rootHash).toBe(rebuilt.root().toString('hex'));
  });

  it('keeps sealing while a target is down; the lag shows, and the target catches up', async () => {
    // A file where the directory should be: every publish fails, as with an unmounted bucket.
    const target = path.join(dir, 'checkpoints');
    writeFileSync(target, 'in the way');
    const s = sealer(target);
    await append(['a', 'b']);
    await s.round();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await append(['c']);
    await s.round();
    expect((await repository.latest())?.treeSize).toBe(3);
    const down = s.status();
    expect(down.targets[0]?.error).toMatch(/ENOTDIR|EEXIST/);
    expect(down.targets[0]?.lagSeconds).toBeGreaterThan(0);

    rmSync(target);
    await s.round();
    expect(readdirSync(target).sort()).toEqual(['00000000000000000002.json', '00000000000000000003.json']);
    expect(s.status().targets).toEqual([{ name: 'directory', lagSeconds: 0 }]);
  });
});

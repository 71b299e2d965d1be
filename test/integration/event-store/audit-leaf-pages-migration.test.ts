import type { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../../src/config/app-config';
import { dataSourceOptions, MIGRATIONS } from '../../../src/database/data-source-options';
import { migrate } from '../../../src/database/provision';
import { CheckpointRepository } from '../../../src/event-store/checkpoints/checkpoint-repository';
import { CheckpointSealer } from '../../../src/event-store/checkpoints/checkpoint-sealer';
import { CHECKPOINT_ORIGIN, signCheckpoint } from '../../../src/event-store/domain/checkpoint';
import {
  consistencyProof,
  inclusionProof,
  MerkleFrontier,
  nodesRead,
  rootHash,
  verifyConsistency,
  verifyInclusion,
  type NodeHashes,
} from '../../../src/event-store/domain/merkle-tree';
import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { Metrics } from '../../../src/telemetry/metrics/metrics';
import { createTestDatabase, superuserClient } from '../../support/database';
import { newAuditKeys, sealableEvent } from '../../support/sealing';

/** The migrations before leaf pages: a row per leaf, and every node from level 1. */
const PREVIOUS = MIGRATIONS.slice(
  0,
  MIGRATIONS.findIndex((m) => new m().name === 'AuditLeafPages1795737600050'),
);

/**
 * A store sealed with a row per leaf and per node migrates to leaf pages in SQL: the same roots, proofs
 * that verify, sealing that goes on from where it was; and back (the nodes below the page level rehashed).
 */
describe('migration to leaf pages', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let sql: Client;
  let store: PostgresEventStore;
  let repository: CheckpointRepository;
  const keys = newAuditKeys();
  const roots = new Map<number, string>();
  let count = 0;
  const append = (n: number) =>
    dataSource.transaction((tx) =>
      store.append(
        tx,
        Array.from({ length: n }, () => sealableEvent(`e${(count += 1)}`)),
      ),
    );
  /** Every leaf so far, from the events' stored hashes (rows of the leaf rule). */
  const allLeaves = async (): Promise<{ position: bigint; hash: Buffer }[]> =>
    (await store.readLeafHashes(0n, 100_000)).map((e) => ({
      position: e.position,
      hash: Buffer.from(e.hash, 'hex'),
    }));
  const compute = async <T>(run: (nodes: NodeHashes) => T): Promise<T> =>
    run(await repository.nodeHashes(nodesRead(run)));

  beforeAll(async () => {
    database = await createTestDatabase('cas_leaf_pages', false);
    dataSource = new DataSource({ ...dataSourceOptions(database.url), migrations: PREVIOUS });
    await dataSource.initialize();
    await dataSource.runMigrations();
    sql = await superuserClient(database.url);
    store = new PostgresEventStore(dataSource);
    repository = new CheckpointRepository(dataSource);

    // Sealed as the previous sealer did: checkpoints at 300 and 1000, a row per leaf and per node.
    await append(1000);
    const leaves = await allLeaves();
    const frontier = MerkleFrontier.empty();
    for (const [i, leaf] of leaves.entries()) {
      const nodes = frontier.append(leaf.hash).filter((n) => n.level > 0);
      await sql.query(`INSERT INTO audit_leaves (leaf_index, global_position, hash) VALUES ($1, $2, $3)`, [
        i,
        leaf.position.toString(),
        leaf.hash,
      ]);
      for (const n of nodes) {
        await sql.query(`INSERT INTO audit_tree_nodes (level, node_index, hash) VALUES ($1, $2, $3)`, [
          n.level,
          n.index,
          n.hash,
        ]);
      }
      if (frontier.size === 300 || frontier.size === 1000) {
        const checkpoint = signCheckpoint(
          {
            origin: CHECKPOINT_ORIGIN,
            treeSize: frontier.size,
            rootHash: frontier.root().toString('hex'),
            lastPosition: leaf.position.toString(),
            timestamp: new Date().toISOString(),
          },
          keys.signing,
        );
        roots.set(frontier.size, checkpoint.rootHash);
        await dataSource.transaction((tx) => repository.saveCheckpoint(tx, checkpoint));
      }
    }
    expect(
      (await sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM audit_tree_nodes`)).rows[0]?.n,
    ).toBe('994');
    await migrate(database.url);
  });

  afterAll(async () => {
    await sql.end();
    await dataSource.destroy();
    await database.drop();
  });

  /** The roots, inclusion and consistency proofs the migrated tree serves all verify. */
  async function expectProofsVerify(size: number): Promise<void> {
    const leaves = await allLeaves();
    const root = await compute((nodes) => rootHash(size, nodes));
    for (const index of [0, 1, 255, 256, 299, 767, 768, size - 1]) {
      const leaf = await repository.leafAt((leaves[index] as { position: bigint }).position);
      expect(leaf).toMatchObject({ index, position: leaves[index]?.position, hash: leaves[index]?.hash });
      // The page comes along (a proof does not read it again): the leaf's own, in leaf order.
      expect(leaf?.page.index).toBe(Math.floor(index / 256));
      expect(leaf?.page.leaves[index % 256]).toEqual(leaves[index]?.hash);
      expect(leaf?.page.leaves[0]).toEqual(leaves[index - (index % 256)]?.hash);
      const proof = await compute((nodes) => inclusionProof(index, size, nodes));
      expect(verifyInclusion(index, size, leaf?.hash ?? Buffer.alloc(0), proof, root)).toBe(true);
    }
    for (const first of [1, 255, 256, 257, 300]) {
      const proof = await compute((nodes) => consistencyProof(first, size, nodes));
      const firstRoot = await compute((nodes) => rootHash(first, nodes));
      expect(verifyConsistency(first, size, firstRoot, root, proof)).toBe(true);
    }
  }

  it('keeps the roots: pages of 256 leaves, nodes from level 8 only, no leaf rows', async () => {
    for (const [size, root] of roots) {
      expect((await compute((nodes) => rootHash(size, nodes))).toString('hex')).toBe(root);
    }
    const pages = await sql.query<{ page_index: string; leaves: number }>(
      `SELECT page_index::text, cardinality(positions) AS leaves FROM audit_leaf_pages ORDER BY page_index`,
    );
    expect(pages.rows).toEqual([
      { page_index: '0', leaves: 256 },
      { page_index: '1', leaves: 256 },
      { page_index: '2', leaves: 256 },
      { page_index: '3', leaves: 232 },
    ]);
    const nodes = await sql.query(`SELECT level, node_index::int FROM audit_tree_nodes ORDER BY 1, 2`);
    expect(nodes.rows).toEqual([
      { level: 8, node_index: 0 },
      { level: 8, node_index: 1 },
      { level: 8, node_index: 2 },
      { level: 9, node_index: 0 },
    ]);
    expect((await sql.query(`SELECT to_regclass('audit_leaves') AS t`)).rows[0]).toEqual({ t: null });
    await expectProofsVerify(1000);
  });

  it('seals on from the migrated tree (the partial page grows), and the down migration rebuilds the rows', async () => {
    await append(300);
    const sealer = new CheckpointSealer(
      dataSource,
      store,
      repository,
      keys,
      loadConfig({ DATABASE_URL: 'postgres://x/y' }),
      new Metrics(dataSource),
    );
    await sealer.round();
    const latest = await repository.latest();
    const rebuilt = MerkleFrontier.empty();
    for (const leaf of await allLeaves()) rebuilt.append(leaf.hash);
    expect(latest).toMatchObject({ treeSize: 1300, rootHash: rebuilt.root().toString('hex') });
    await expectProofsVerify(1300);

    const all = new DataSource({ ...dataSourceOptions(database.url), migrations: MIGRATIONS });
    await all.initialize();
    try {
      await all.undoLastMigration();
    } finally {
      await all.destroy();
    }
    const full = MerkleFrontier.empty();
    const expected: string[] = [];
    for (const leaf of await allLeaves()) {
      for (const n of full.append(leaf.hash))
        if (n.level > 0) expected.push(`${n.level}/${n.index}/${n.hash.toString('hex')}`);
    }
    const restored = await sql.query<{ node: string }>(
      `SELECT level || '/' || node_index || '/' || encode(hash, 'hex') AS node FROM audit_tree_nodes`,
    );
    expect(restored.rows.map((r) => r.node).sort()).toEqual(expected.sort());
    const leafRows = await sql.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM audit_leaves l JOIN events e ON e.global_position = l.global_position
        WHERE l.hash = decode(e.hash, 'hex')`,
    );
    expect(leafRows.rows[0]?.n).toBe('1300');
    await migrate(database.url);
    expect((await compute((nodes) => rootHash(1300, nodes))).toString('hex')).toBe(latest?.rootHash);
  });
});

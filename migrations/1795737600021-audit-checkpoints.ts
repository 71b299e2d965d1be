import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sealed Merkle tree over the events (position order) and its signed checkpoints. Owned by the
 * event store. The leaves map tree indices to positions; the nodes are the complete subtrees (level ≥ 1),
 * so a root or a proof reads O(log n) rows and sealing never rereads old events. The database holds no
 * private key: a checkpoint here is only as good as a copy held elsewhere (docs/security.md).
 */
export class AuditCheckpoints1795737600021 implements MigrationInterface {
  name = 'AuditCheckpoints1795737600021';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_leaves (
        leaf_index bigint PRIMARY KEY,
        global_position bigint NOT NULL UNIQUE,
        hash bytea NOT NULL
      )`);
    await q.query(`
      CREATE TABLE audit_tree_nodes (
        level smallint NOT NULL CHECK (level > 0),
        node_index bigint NOT NULL,
        hash bytea NOT NULL,
        PRIMARY KEY (level, node_index)
      )`);
    await q.query(`
      CREATE TABLE audit_checkpoints (
        tree_size bigint PRIMARY KEY,
        origin text NOT NULL,
        root_hash char(64) NOT NULL,
        last_position bigint NOT NULL,
        issued_at text NOT NULL,
        key_id text NOT NULL,
        signature text NOT NULL,
        note text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_checkpoints`);
    await q.query(`DROP TABLE audit_tree_nodes`);
    await q.query(`DROP TABLE audit_leaves`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sealed tree's leaves in pages of 256 (2^8), one row each, instead of a row per leaf; nodes are kept
 * from level 8 up only, the lower ones are hashed from a page when read (src/event-store/domain/
 * leaf-pages.ts). Converted in SQL, without resealing. The constants are this migration's own: a later
 * change of the page size needs a migration of its own.
 */
const PAGE_LEVEL = 8;
const PAGE_SIZE = 2 ** PAGE_LEVEL;
const HASH_BYTES = 32;

export class AuditLeafPages1795737600050 implements MigrationInterface {
  name = 'AuditLeafPages1795737600050';

  async up(q: QueryRunner): Promise<void> {
    // The last page is partial and grows as leaves are sealed (first_position finds a position's page).
    await q.query(`
      CREATE TABLE audit_leaf_pages (
        page_index bigint PRIMARY KEY,
        first_position bigint NOT NULL,
        positions bigint[] NOT NULL,
        hashes bytea NOT NULL,
        CHECK (cardinality(positions) BETWEEN 1 AND ${PAGE_SIZE}
               AND octet_length(hashes) = ${HASH_BYTES} * cardinality(positions))
      )`);
    // Hashes do not compress: spare PostgreSQL the attempt.
    await q.query(`ALTER TABLE audit_leaf_pages ALTER COLUMN hashes SET STORAGE EXTERNAL`);
    await q.query(`
      INSERT INTO audit_leaf_pages (page_index, first_position, positions, hashes)
      SELECT leaf_index / ${PAGE_SIZE}, min(global_position),
             array_agg(global_position ORDER BY leaf_index), string_agg(hash, ''::bytea ORDER BY leaf_index)
        FROM audit_leaves
       GROUP BY leaf_index / ${PAGE_SIZE}`);
    await q.query(`CREATE INDEX audit_leaf_pages_first_position ON audit_leaf_pages (first_position)`);
    // Copying the nodes kept is quicker than deleting the ~255 of 256 that go (and leaves no dead rows).
    await q.query(`ALTER TABLE audit_tree_nodes RENAME TO audit_tree_nodes_unpaged`);
    await q.query(
      `ALTER TABLE audit_tree_nodes_unpaged RENAME CONSTRAINT audit_tree_nodes_pkey TO audit_tree_nodes_unpaged_pkey`,
    );
    await q.query(`
      CREATE TABLE audit_tree_nodes (
        level smallint NOT NULL,
        node_index bigint NOT NULL,
        hash bytea NOT NULL,
        CONSTRAINT audit_tree_nodes_level_check CHECK (level >= ${PAGE_LEVEL}),
        PRIMARY KEY (level, node_index)
      )`);
    await q.query(`
      INSERT INTO audit_tree_nodes (level, node_index, hash)
      SELECT level, node_index, hash FROM audit_tree_nodes_unpaged WHERE level >= ${PAGE_LEVEL}`);
    await q.query(`DROP TABLE audit_tree_nodes_unpaged`);
    await q.query(`DROP TABLE audit_leaves`);
  }

  /** Rebuilds a row per leaf and the nodes below level 8 (SHA-256(0x01 ‖ left ‖ right), in SQL). */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_leaves (
        leaf_index bigint PRIMARY KEY,
        global_position bigint NOT NULL UNIQUE,
        hash bytea NOT NULL
      )`);
    await q.query(`
      INSERT INTO audit_leaves (leaf_index, global_position, hash)
      SELECT p.page_index * ${PAGE_SIZE} + o.at - 1, o.position,
             substring(p.hashes FROM (o.at::int - 1) * ${HASH_BYTES} + 1 FOR ${HASH_BYTES})
        FROM audit_leaf_pages p, unnest(p.positions) WITH ORDINALITY AS o(position, at)`);
    await q.query(`ALTER TABLE audit_tree_nodes DROP CONSTRAINT audit_tree_nodes_level_check`);
    await q.query(
      `ALTER TABLE audit_tree_nodes ADD CONSTRAINT audit_tree_nodes_level_check CHECK (level > 0)`,
    );
    for (let level = 1; level < PAGE_LEVEL; level += 1) {
      const below =
        level === 1
          ? `SELECT leaf_index AS node_index, hash FROM audit_leaves`
          : `SELECT node_index, hash FROM audit_tree_nodes WHERE level = ${level - 1}`;
      await q.query(`
        INSERT INTO audit_tree_nodes (level, node_index, hash)
        SELECT ${level}, l.node_index / 2, sha256('\\x01'::bytea || l.hash || r.hash)
          FROM (${below}) l JOIN (${below}) r ON r.node_index = l.node_index + 1
         WHERE l.node_index % 2 = 0`);
    }
    await q.query(`DROP TABLE audit_leaf_pages`);
  }
}

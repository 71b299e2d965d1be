import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Checkpoint } from '../domain/checkpoint';
import { isStoredNode, LEAF_PAGE_SIZE, pagedNodeHashes, pageOfLeaf, pageOfNode } from '../domain/leaf-pages';
import type { NewNode, NodeHashes, NodeId } from '../domain/merkle-tree';

interface CheckpointRow {
  tree_size: string;
  origin: string;
  root_hash: string;
  last_position: string;
  issued_at: string;
  key_id: string;
  signature: string;
  note: string;
}

const CHECKPOINT_COLUMNS =
  'tree_size::text, origin, root_hash, last_position::text, issued_at, key_id, signature, note';

function toCheckpoint(row: CheckpointRow): Checkpoint {
  return {
    origin: row.origin,
    treeSize: Number(row.tree_size),
    rootHash: row.root_hash,
    lastPosition: row.last_position,
    timestamp: row.issued_at,
    keyId: row.key_id,
    signature: row.signature,
    note: row.note,
  };
}

const nodeKey = (node: NodeId): string => `${node.level}/${node.index}`;

/** A leaf hash is a SHA-256; a page holds its leaves' hashes concatenated, in leaf order. */
const HASH_BYTES = 32;

function splitHashes(bytes: Buffer): Buffer[] {
  const hashes: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += HASH_BYTES) hashes.push(bytes.subarray(at, at + HASH_BYTES));
  return hashes;
}

/** A leaf of the sealed tree: where its event is, and the event's hash. */
export interface SealedLeaf {
  readonly index: number;
  readonly position: bigint;
  readonly hash: Buffer;
}

/** A page of the sealed tree: its index and its leaves' hashes, in leaf order. */
export interface LeafPage {
  readonly index: number;
  readonly leaves: readonly Buffer[];
}

/** A sealed leaf with the page it is in. */
export type SealedLeafInPage = SealedLeaf & { readonly page: LeafPage };

/** The sealed tree and its checkpoints (tables audit_leaf_pages, audit_tree_nodes, audit_checkpoints). */
@Injectable()
export class CheckpointRepository {
  constructor(private readonly dataSource: DataSource) {}

  async latest(tx?: EntityManager): Promise<Checkpoint | undefined> {
    const rows = await (tx ?? this.dataSource.manager).query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints c ORDER BY c.tree_size DESC LIMIT 1`,
    );
    return rows[0] === undefined ? undefined : toCheckpoint(rows[0]);
  }

  /**
   * When the oldest committed event that no checkpoint covers yet was recorded (undefined: all are
   * covered). Asked of the database, not of a sealer's memory, so every instance tells the same truth,
   * between sealing rounds too.
   */
  async oldestUnsealedRecordedAt(): Promise<Date | undefined> {
    const rows = await this.dataSource.query<{ recorded_at: Date }[]>(
      `SELECT e.recorded_at FROM events e
        WHERE e.global_position > coalesce(
                (SELECT c.last_position FROM audit_checkpoints c ORDER BY c.tree_size DESC LIMIT 1), 0)
        ORDER BY e.global_position LIMIT 1`,
    );
    return rows[0]?.recorded_at;
  }

  async byTreeSize(treeSize: number): Promise<Checkpoint | undefined> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints WHERE tree_size = $1`,
      [treeSize],
    );
    return rows[0] === undefined ? undefined : toCheckpoint(rows[0]);
  }

  /** Checkpoints after the given tree size, oldest first. */
  async after(treeSize: number, limit: number): Promise<Checkpoint[]> {
    const rows = await this.dataSource.query<CheckpointRow[]>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM audit_checkpoints c WHERE c.tree_size > $1 ORDER BY c.tree_size LIMIT $2`,
      [treeSize, limit],
    );
    return rows.map(toCheckpoint);
  }

  /**
   * The leaf of the event at `position`, if sealed: found in the last page starting at or before it. The
   * page's leaves come along, so that a proof of this leaf does not read the page again (nodeHashes).
   */
  async leafAt(position: bigint): Promise<SealedLeafInPage | undefined> {
    const rows = await this.dataSource.query<{ page_index: string; at: number; hashes: Buffer }[]>(
      `SELECT p.page_index::text, i.at, p.hashes
         FROM (SELECT page_index, positions, hashes FROM audit_leaf_pages
                WHERE first_position <= $1 ORDER BY first_position DESC LIMIT 1) p,
              LATERAL array_position(p.positions, $1::bigint) AS i(at)
        WHERE i.at IS NOT NULL`,
      [position.toString()],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const page = { index: Number(row.page_index), leaves: splitHashes(row.hashes) };
    const hash = page.leaves[row.at - 1];
    if (hash === undefined) throw new Error(`leaf page ${page.index} holds fewer hashes than positions`);
    return { index: page.index * LEAF_PAGE_SIZE + row.at - 1, position, hash, page };
  }

  /**
   * Serves the given nodes to a tree computation, reading them at once: nodes at or above the page level
   * as stored, the others hashed from the leaf pages they fall in (leaf-pages.ts); the pages `held` by the
   * caller are not read again.
   */
  async nodeHashes(
    nodes: readonly NodeId[],
    tx?: EntityManager,
    held: readonly LeafPage[] = [],
  ): Promise<NodeHashes> {
    const stored = nodes.filter(isStoredNode);
    const pages = new Map<number, readonly Buffer[]>(held.map((page) => [page.index, page.leaves]));
    const pageIndices = [...new Set(nodes.filter((n) => !isStoredNode(n)).map(pageOfNode))].filter(
      (page) => !pages.has(page),
    );
    const runner = tx ?? this.dataSource.manager;
    if (pageIndices.length > 0) {
      const rows = await runner.query<{ page_index: string; hashes: Buffer }[]>(
        `SELECT page_index::text, hashes FROM audit_leaf_pages WHERE page_index = ANY($1::bigint[])`,
        [pageIndices],
      );
      for (const row of rows) pages.set(Number(row.page_index), splitHashes(row.hashes));
    }
    const found = new Map<string, Buffer>();
    if (stored.length > 0) {
      const rows = await runner.query<{ level: number; node_index: string; hash: Buffer }[]>(
        `SELECT n.level, n.node_index::text, n.hash
           FROM unnest($1::smallint[], $2::bigint[]) AS k(level, node_index)
           JOIN audit_tree_nodes n ON n.level = k.level AND n.node_index = k.node_index`,
        [stored.map((n) => n.level), stored.map((n) => n.index)],
      );
      for (const row of rows) found.set(`${row.level}/${row.node_index}`, row.hash);
    }
    return pagedNodeHashes(pages, (node) => {
      const hash = found.get(nodeKey(node));
      if (hash === undefined) throw new Error(`tree node ${nodeKey(node)} is missing from the sealed tree`);
      return hash;
    });
  }

  /**
   * Stores a sealing round: its leaves (appended to their pages: the last page of the previous round grows,
   * the others are new), the nodes they completed at or above the page level, and the checkpoint over them.
   */
  async saveSeal(
    tx: EntityManager,
    leaves: readonly SealedLeaf[],
    nodes: readonly NewNode[],
    checkpoint: Checkpoint,
  ): Promise<void> {
    const pages = new Map<number, SealedLeaf[]>();
    for (const leaf of leaves) {
      const page = pageOfLeaf(leaf.index);
      const held = pages.get(page);
      if (held === undefined) pages.set(page, [leaf]);
      else held.push(leaf);
    }
    const pageLeaves = [...pages.values()];
    // Positions go as one array literal per page: a bigint[][] parameter would have to be rectangular.
    await tx.query(
      `INSERT INTO audit_leaf_pages AS p (page_index, first_position, positions, hashes)
       SELECT k.page_index, k.first_position, k.positions::bigint[], k.hashes
         FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bytea[])
              AS k(page_index, first_position, positions, hashes)
       ON CONFLICT (page_index) DO UPDATE
          SET positions = p.positions || EXCLUDED.positions, hashes = p.hashes || EXCLUDED.hashes`,
      [
        [...pages.keys()],
        pageLeaves.map((page) => (page[0] as SealedLeaf).position.toString()),
        pageLeaves.map((page) => `{${page.map((l) => l.position.toString()).join(',')}}`),
        pageLeaves.map((page) => Buffer.concat(page.map((l) => l.hash))),
      ],
    );
    const stored = nodes.filter(isStoredNode);
    if (stored.length > 0) {
      await tx.query(
        `INSERT INTO audit_tree_nodes (level, node_index, hash)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
        [stored.map((n) => n.level), stored.map((n) => n.index), stored.map((n) => n.hash)],
      );
    }
    await this.saveCheckpoint(tx, checkpoint);
  }

  /** Stores a signed checkpoint: the last step of a sealing round. */
  async saveCheckpoint(tx: EntityManager, checkpoint: Checkpoint): Promise<void> {
    await tx.query(
      `INSERT INTO audit_checkpoints (tree_size, origin, root_hash, last_position, issued_at, key_id, signature, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        checkpoint.treeSize,
        checkpoint.origin,
        checkpoint.rootHash,
        checkpoint.lastPosition,
        checkpoint.timestamp,
        checkpoint.keyId,
        checkpoint.signature,
        checkpoint.note,
      ],
    );
  }
}

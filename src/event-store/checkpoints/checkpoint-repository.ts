import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Checkpoint } from '../domain/checkpoint';
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

/** A leaf of the sealed tree: where its event is, and the event's hash. */
export interface SealedLeaf {
  readonly index: number;
  readonly position: bigint;
  readonly hash: Buffer;
}

/** The sealed tree and its checkpoints (tables audit_leaves, audit_tree_nodes, audit_checkpoints). */
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

  /** The leaf of the event at `position`, if sealed. */
  async leafAt(position: bigint): Promise<SealedLeaf | undefined> {
    const rows = await this.dataSource.query<{ leaf_index: string; hash: Buffer }[]>(
      `SELECT leaf_index::text, hash FROM audit_leaves WHERE global_position = $1`,
      [position.toString()],
    );
    const row = rows[0];
    return row === undefined ? undefined : { index: Number(row.leaf_index), position, hash: row.hash };
  }

  /** Reads the given stored nodes at once and serves them to a tree computation. */
  async nodeHashes(nodes: readonly NodeId[], tx?: EntityManager): Promise<NodeHashes> {
    const leaves = nodes.filter((n) => n.level === 0).map((n) => n.index);
    const inner = nodes.filter((n) => n.level > 0);
    const runner = tx ?? this.dataSource.manager;
    const found = new Map<string, Buffer>();
    if (leaves.length > 0) {
      const rows = await runner.query<{ leaf_index: string; hash: Buffer }[]>(
        `SELECT leaf_index::text, hash FROM audit_leaves WHERE leaf_index = ANY($1::bigint[])`,
        [leaves],
      );
      for (const row of rows) found.set(`0/${row.leaf_index}`, row.hash);
    }
    if (inner.length > 0) {
      const rows = await runner.query<{ level: number; node_index: string; hash: Buffer }[]>(
        `SELECT n.level, n.node_index::text, n.hash
           FROM unnest($1::smallint[], $2::bigint[]) AS k(level, node_index)
           JOIN audit_tree_nodes n ON n.level = k.level AND n.node_index = k.node_index`,
        [inner.map((n) => n.level), inner.map((n) => n.index)],
      );
      for (const row of rows) found.set(`${row.level}/${row.node_index}`, row.hash);
    }
    return (node) => {
      const hash = found.get(nodeKey(node));
      if (hash === undefined) throw new Error(`tree node ${nodeKey(node)} is missing from the sealed tree`);
      return hash;
    };
  }

  /** Stores a sealing round: its leaves, the nodes they completed, and the checkpoint over them. */
  async saveSeal(
    tx: EntityManager,
    leaves: readonly SealedLeaf[],
    nodes: readonly NewNode[],
    checkpoint: Checkpoint,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO audit_leaves (leaf_index, global_position, hash)
       SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[])`,
      [leaves.map((l) => l.index), leaves.map((l) => l.position.toString()), leaves.map((l) => l.hash)],
    );
    const inner = nodes.filter((n) => n.level > 0);
    if (inner.length > 0) {
      await tx.query(
        `INSERT INTO audit_tree_nodes (level, node_index, hash)
         SELECT * FROM unnest($1::smallint[], $2::bigint[], $3::bytea[])`,
        [inner.map((n) => n.level), inner.map((n) => n.index), inner.map((n) => n.hash)],
      );
    }
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

import type { EntityManager } from 'typeorm';
import type { DataSource } from 'typeorm';
import type { FieldError, RejectionReason } from '../../contracts/contract-validator';
import type { AppendOutcome } from '../../event-store/event-store';

export interface RejectedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly reason: RejectionReason;
  readonly errors: readonly FieldError[];
  readonly value: Buffer | null;
}

const PREVIEW_BYTES = 2_048;

/** What became of a consumed event: the append's outcome, or refused before the store. */
export type Outcome = AppendOutcome | 'rejected';

/**
 * The outcomes of one chunk (messages of one topic partition), kept as the columns they are filed in:
 * thousands of events per chunk, so no object per event and no topic or partition repeated per row.
 */
export class ChunkOutcomes {
  readonly namespaces: string[] = [];
  readonly eventIds: string[] = [];
  readonly outcomes: Outcome[] = [];
  readonly reasons: (string | null)[] = [];
  readonly offsets: string[] = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** One consumed event's outcome, filed under its source's namespace and eventId. */
  add(namespace: string, eventId: string, outcome: Outcome, reason: string | null, offset: string): void {
    this.namespaces.push(namespace);
    this.eventIds.push(eventId);
    this.outcomes.push(outcome);
    this.reasons.push(reason);
    this.offsets.push(offset);
  }

  get size(): number {
    return this.offsets.length;
  }
}

/**
 * The consumer's progress, kept in PostgreSQL beside the events: the row is authoritative, the Kafka
 * commit only saves re-reading. A message below `next_offset` has been applied and is skipped.
 */
export class ConsumerBookkeeping {
  constructor(private readonly dataSource: DataSource) {}

  async nextOffset(groupId: string, topic: string, partition: number): Promise<bigint> {
    const rows = await this.dataSource.query<{ next_offset: string }[]>(
      `SELECT next_offset FROM kafka_consumer_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3`,
      [groupId, topic, partition],
    );
    return BigInt(rows[0]?.next_offset ?? '0');
  }

  /** Every partition's next offset for the group, by topic then partition. */
  async storedOffsets(groupId: string): Promise<Map<string, Map<number, bigint>>> {
    const rows = await this.dataSource.query<{ topic: string; partition: number; next_offset: string }[]>(
      `SELECT topic, partition, next_offset FROM kafka_consumer_offsets WHERE group_id = $1`,
      [groupId],
    );
    const offsets = new Map<string, Map<number, bigint>>();
    for (const row of rows) {
      const partitions = offsets.get(row.topic) ?? new Map<number, bigint>();
      partitions.set(row.partition, BigInt(row.next_offset));
      offsets.set(row.topic, partitions);
    }
    return offsets;
  }

  async saveOffset(
    tx: EntityManager,
    groupId: string,
    topic: string,
    partition: number,
    next: bigint,
  ): Promise<void> {
    // GREATEST: after a rebalance two members may briefly work the same partition; progress never goes back.
    await tx.query(
      `INSERT INTO kafka_consumer_offsets (group_id, topic, partition, next_offset) VALUES ($1, $2, $3, $4)
       ON CONFLICT (group_id, topic, partition) DO UPDATE
         SET next_offset = GREATEST(kafka_consumer_offsets.next_offset, EXCLUDED.next_offset), updated_at = now()`,
      [groupId, topic, partition, next.toString()],
    );
  }

  /** Files outcomes in the ingest transaction; a replayed message's outcome is already there. */
  async recordOutcomes(tx: EntityManager, chunk: ChunkOutcomes): Promise<void> {
    if (chunk.size === 0) return;
    await tx.query(
      `INSERT INTO ingest_outcomes (namespace, event_id, outcome, reason, topic, partition, "offset")
       SELECT k.namespace, k.event_id, k.outcome, k.reason, $6::text, $7::int, k.message_offset
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
           AS k(namespace, event_id, outcome, reason, message_offset)
       ON CONFLICT DO NOTHING`,
      [
        chunk.namespaces,
        chunk.eventIds,
        chunk.outcomes,
        chunk.reasons,
        chunk.offsets,
        chunk.topic,
        chunk.partition,
      ],
    );
  }

  /** Drops outcomes older than the retention (rows of `ingest_outcomes` are for publishers to look up). */
  async pruneOutcomes(retentionDays: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ingest_outcomes WHERE recorded_at < now() - make_interval(days => $1)`,
      [retentionDays],
    );
  }

  async recordRejected(tx: EntityManager, rejected: readonly RejectedMessage[]): Promise<void> {
    if (rejected.length === 0) return;
    await tx.query(
      `INSERT INTO rejected_messages (topic, partition, "offset", message_key, reason, errors, payload_preview, payload_bytes)
       SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::int[])
       ON CONFLICT (topic, partition, "offset") DO NOTHING`,
      [
        rejected.map((r) => r.topic),
        rejected.map((r) => r.partition),
        rejected.map((r) => r.offset),
        rejected.map((r) => r.key),
        rejected.map((r) => r.reason),
        rejected.map((r) => JSON.stringify(r.errors)),
        // A preview for the operator; NULs are stripped because text columns cannot hold them.
        rejected.map(
          (r) => r.value?.subarray(0, PREVIEW_BYTES).toString('utf8').replaceAll('\u0000', '') ?? null,
        ),
        rejected.map((r) => r.value?.length ?? 0),
      ],
    );
  }
}

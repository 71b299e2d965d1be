import { Client } from 'pg';

/**
 * How many messages a consumer group has applied to the store, from the consumer's own bookkeeping
 * (`kafka_consumer_offsets`, written in the transaction that stores a chunk; a fresh topic's offsets
 * start at 0 and an idempotent producer leaves no gaps), over one connection held open. The benchmarks
 * polled `count(*) FROM events` on a new connection every 20 ms instead: a backend forked and a scan of
 * the growing table each time, load the measured service and PostgreSQL had to share the two cores with.
 */
export class AppliedMessages {
  private constructor(
    private readonly db: Client,
    private readonly groupId: string,
  ) {}

  static async open(databaseUrl: string, groupId: string): Promise<AppliedMessages> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    return new AppliedMessages(db, groupId);
  }

  async count(): Promise<number> {
    const r = await this.db.query<{ n: string }>(
      `SELECT coalesce(sum(next_offset), 0)::text AS n FROM kafka_consumer_offsets WHERE group_id = $1`,
      [this.groupId],
    );
    return Number(r.rows[0]?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.db.end();
  }
}

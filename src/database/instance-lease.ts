import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

/**
 * Work that one instance at a time should do, where every instance would otherwise do it in full and all
 * but one throw theirs away (an async projection whose page is claimed only at the end). A session-level
 * advisory lock on a connection of its own, outside the pool: the instance that takes it keeps it round
 * after round and the others skip their rounds, until it releases it at shutdown or its connection drops
 * (PostgreSQL then frees the lock, and the next instance to ask takes it). A lease only saves work: what
 * it guards must stay correct if two instances believe they hold it (a dropped connection is noticed at
 * the next round, not at once).
 */
export class InstanceLease {
  private client: Client | undefined;
  private holding = false;

  constructor(
    private readonly dataSource: DataSource,
    /** The advisory lock key; every instance must agree on it. */
    private readonly key: number,
    private readonly name: string,
  ) {}

  /** Whether this instance holds the lease now, taking it when it is free. */
  async held(): Promise<boolean> {
    try {
      const client = await this.connected();
      if (this.holding) {
        // The connection still being there is what keeps the lock.
        await client.query('SELECT 1');
        return true;
      }
      const rows = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
        this.key,
      ]);
      this.holding = rows.rows[0]?.locked === true;
      return this.holding;
    } catch (error) {
      await this.drop();
      throw error;
    }
  }

  /** Gives the lease up (at shutdown): another instance takes it at its next round. */
  async release(): Promise<void> {
    await this.drop();
  }

  private async connected(): Promise<Client> {
    if (this.client !== undefined) return this.client;
    const options = this.dataSource.options as PostgresConnectionOptions;
    const client = new Client({
      connectionString: options.url,
      application_name: `change-audit:lease:${this.name}`,
    });
    // A connection that breaks while idle must not crash the process; the next round finds it gone.
    client.on('error', () => {
      this.holding = false;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  /** Ends the connection, which frees the lock if it was held. */
  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.holding = false;
    await client?.end().catch(() => undefined);
  }
}

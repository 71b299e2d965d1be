/** COPY plumbing of the bulk loader (bulk-load.ts), shared by its main thread and its timeline worker. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** Bytes buffered before a write to a COPY stream. */
const WRITE_BYTES = 1 << 20;

/** COPY ... FROM STDIN in statements of at most `rowsPerStatement` rows, with backpressure. */
export class CopyFeed {
  private stream: Writable | undefined;
  private rowsInStatement = 0;
  private buffer = '';
  rows = 0;

  constructor(
    private readonly client: Client,
    private readonly sql: string,
    private readonly rowsPerStatement = Number.POSITIVE_INFINITY,
  ) {}

  /** Buffers a line; returns a promise only when the buffer went out (await it: backpressure). */
  push(line: string): Promise<void> | undefined {
    this.buffer += line;
    this.rows += 1;
    this.rowsInStatement += 1;
    if (this.rowsInStatement >= this.rowsPerStatement) return this.endStatement();
    if (this.buffer.length >= WRITE_BYTES) return this.flush();
    return undefined;
  }

  async end(): Promise<void> {
    await this.endStatement();
  }

  private async flush(): Promise<void> {
    if (this.buffer === '') return;
    this.stream ??= this.client.query(copyFrom(this.sql));
    const text = this.buffer;
    this.buffer = '';
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  private async endStatement(): Promise<void> {
    await this.flush();
    const stream = this.stream;
    this.stream = undefined;
    this.rowsInStatement = 0;
    if (stream === undefined) return;
    stream.end();
    await finished(stream);
  }
}

/**
 * Drops the table's unique constraints and indexes and returns the statements that recreate them from
 * their own catalog definitions (constraints first), so the schema ends up as the migrations made it.
 */
export async function dropIndexes(client: Client, table: string): Promise<string[]> {
  const constraints = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = $1::regclass AND contype IN ('p', 'u') ORDER BY contype, conname`,
    [table],
  );
  const names = constraints.rows.map((c) => c.name);
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = $1 AND NOT (indexname = ANY($2::text[]))
      ORDER BY indexname`,
    [table, names],
  );
  for (const c of constraints.rows) await client.query(`ALTER TABLE ${table} DROP CONSTRAINT ${c.name}`);
  for (const i of indexes.rows) await client.query(`DROP INDEX ${i.name}`);
  return [
    ...constraints.rows.map((c) => `ALTER TABLE ${table} ADD CONSTRAINT ${c.name} ${c.def}`),
    ...indexes.rows.map((i) => i.def),
  ];
}

/** Index definitions of a table, to check that a load left the schema as it found it. */
export async function indexDefinitions(client: Client, table: string): Promise<string[]> {
  const rows = await client.query<{ def: string }>(
    `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 ORDER BY 1`,
    [table],
  );
  return rows.rows.map((r) => r.def);
}

/** Settings of a loading transaction: index builds sort in memory. */
export async function loadingSession(client: Client): Promise<void> {
  await client.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  await client.query(`SET LOCAL work_mem = '64MB'`);
}

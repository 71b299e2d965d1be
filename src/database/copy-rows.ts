import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** A value in COPY text format: NULL, or text with backslash, tab, newline and CR escaped. */
export type CopyValue = string | number | boolean | null;

const NEEDS_ESCAPE = /[\\\t\n\r]/;

function encode(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value !== 'string') return String(value);
  // Most values (ids, JSON text) contain none of these; skip the replace for them.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/**
 * COPY rows into a table on the transaction's own connection. For the ingest hot path COPY is several
 * times faster than a multi-row INSERT: no array literals to build, no per-row planning.
 */
export async function copyRows(
  tx: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const runner = tx.queryRunner;
  if (runner === undefined || !runner.isTransactionActive)
    throw new Error(`COPY into ${table} needs a transaction`);
  const client = (await runner.connect()) as PoolClient;
  // One buffer, not a chunk per row: each chunk becomes its own CopyData message and socket write.
  const payload = rows.map((row) => `${row.map(encode).join('\t')}\n`).join('');
  await pipeline(
    Readable.from([Buffer.from(payload)]),
    client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)),
  );
}

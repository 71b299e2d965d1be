import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setImmediate as setImmediatePromise } from 'node:timers/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';
import { tracedCopy } from '../telemetry/db-tracing';

/** A value in COPY text format: NULL, or text with backslash, tab, newline and CR escaped. */
export type CopyValue = string | number | boolean | null;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPED = /[\\\t\n\r]/g;

function escapeChar(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/** Text as one COPY text-format field (never NULL). */
export function copyText(value: string): string {
  // Most values (ids, JSON text) contain none of these; skip the replace for them.
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPED, escapeChar) : value;
}

/** One COPY text-format field. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  return typeof value === 'string' ? copyText(value) : String(value);
}

/** Bytes a COPY may hold unsent before the producer waits for the socket: bounds a long COPY's memory. */
const MAX_UNSENT_BYTES = 8 << 20;

/** Sends complete COPY text lines (each ending in \n). */
export type CopyLineWriter = (lines: string) => Promise<void>;

/**
 * COPY ... FROM STDIN on the transaction's own connection, fed by `produce`. Each write goes out at once,
 * so PostgreSQL parses and inserts those rows while the producer prepares the next ones. If the producer
 * throws, the COPY is cancelled (CopyFail) so the connection is free for the rollback.
 */
export async function copyInto(
  tx: EntityManager,
  table: string,
  columns: readonly string[],
  produce: (write: CopyLineWriter) => Promise<void>,
): Promise<void> {
  const runner = tx.queryRunner;
  if (runner === undefined || !runner.isTransactionActive)
    throw new Error(`COPY into ${table} needs a transaction`);
  const client = (await runner.connect()) as PoolClient;
  const statement = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  await tracedCopy(table, statement, async () => {
    const stream: Writable = client.query(copyFrom(statement));
    let failure: { readonly error: unknown } | undefined;
    stream.on('error', (error: unknown) => {
      failure ??= { error };
    });
    const write: CopyLineWriter = async (lines) => {
      if (failure !== undefined) throw failure.error;
      stream.write(lines);
      // Not a wait for 'drain' (that would hold the producer until PostgreSQL has read the slice, and
      // serialise the two): one turn of the event loop, so the socket takes what it can, then the
      // producer goes on. What waits is at most the caller's batch, already in memory — unless a long
      // COPY (a rebuild) produces faster than PostgreSQL inserts: then it waits for the socket.
      if (stream.writableLength > MAX_UNSENT_BYTES) await once(stream, 'drain');
      else await setImmediatePromise();
    };
    try {
      await produce(write);
    } catch (error) {
      if (failure === undefined) {
        stream.destroy(error instanceof Error ? error : new Error(String(error)));
        await finished(stream).catch(() => undefined);
      }
      throw error;
    }
    if (failure !== undefined) throw failure.error;
    stream.end();
    // Rejects with PostgreSQL's error if it refused any row.
    await finished(stream);
  });
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
  // One write, not one per row: each write becomes its own CopyData message and socket write.
  let payload = '';
  for (const row of rows) payload += `${row.map(copyField).join('\t')}\n`;
  await copyInto(tx, table, columns, (write) => write(payload));
}

/**
 * A COPY text-format field as its text: null for \N, else with COPY's backslash escapes undone (COPY TO
 * writes \\, \n, \r, \t, \b, \f and \v, never octal or hex).
 */
export function copyFieldText(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(.)/g, (_, c: string) => COPY_UNESCAPES[c] ?? c);
}

const COPY_UNESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
};

/**
 * COPY (query) TO STDOUT on `client`: each chunk the server sends, as the complete lines in it (without
 * their \n, fields still in COPY text format). Reading is paced by the caller: the socket is read as the
 * caller asks for more, so PostgreSQL produces while the caller works on the previous chunk.
 */
export async function* copyOutLines(client: PoolClient, statement: string): AsyncGenerator<string[]> {
  const stream: Readable = client.query(copyTo(statement));
  // A line can span chunks (and a character too: split bytes, decode whole lines).
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of stream) {
    const bytes = rest.length === 0 ? (chunk as Buffer) : Buffer.concat([rest, chunk as Buffer]);
    const end = bytes.lastIndexOf(0x0a);
    if (end < 0) {
      rest = bytes;
      continue;
    }
    rest = bytes.subarray(end + 1);
    yield bytes.toString('utf8', 0, end).split('\n');
  }
  if (rest.length > 0) throw new Error('COPY output ended within a line');
}

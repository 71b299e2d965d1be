import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { ChangeEventV1 } from '../../src/contracts/generated/change-event.v1';

export interface RawCopyThroughput {
  readonly seconds: number;
  readonly eventsPerSecond: number;
}

/**
 * The ceiling of the store benchmarks: COPY of the same events into a bare table (id, change, time and
 * the event as jsonb; no indexes, no constraints), in one statement.
 */
export async function measureRawCopy(
  url: string,
  events: readonly ChangeEventV1[],
  values: readonly string[],
): Promise<RawCopyThroughput> {
  const client = new Client({ connectionString: url });
  await client.connect();
  // Again in the same database for each round of an interleaved run.
  await client.query(`DROP TABLE IF EXISTS bench_raw_events`);
  await client.query(
    `CREATE TABLE bench_raw_events (event_id text, stream_id text, occurred_at timestamptz, data jsonb)`,
  );
  const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
  const started = performance.now();
  const lines = events.map(
    (e, i) => `${e.eventId}\t${e.changeId}\t${e.occurredAt}\t${escape(values[i] ?? '')}\n`,
  );
  await pipeline(Readable.from(lines), client.query(copyFrom('COPY bench_raw_events FROM STDIN')));
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return { seconds, eventsPerSecond: events.length / seconds };
}

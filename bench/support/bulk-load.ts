/**
 * Fills an empty, migrated database with millions of change events in minutes, for benchmarks that need a
 * big store (ingest through Kafka or HTTP runs at a few thousand events per second).
 *
 * What it writes is what ingest writes, by the project's own code where it matters:
 * - `events`: one row per change event, as PostgresEventStore.append lays it out (stream `change`, type
 *   ChangeEventRecorded, per-change stream versions, Kafka metadata), in COPY statements while the table
 *   is held against appends (LOCK TABLE ... SHARE); the sequence is moved past the load. Each event's hash is the real one (the project's event-hash.ts)
 *   when asked for; by default the column holds placeholders of the same width, to save the hashing
 *   (see `ChainMode`).
 * - `changes`: the change timeline read model, folded with the project's applyChangeEvent and toChangeView
 *   and laid out as ChangeTimelineProjection does, by a worker thread (timeline-load.worker.ts) on its own
 *   connection while this thread writes the events. verifyTimelineRows re-projects a sample with the real
 *   projection and compares the rows column by column.
 * Indexes and unique constraints of both tables are dropped for the load and recreated from their own
 * catalog definitions afterwards, in the same transactions; then both tables are vacuumed and analysed, as
 * autovacuum would have done on a store that grew over months. A freshly COPYed table is denser and
 * better ordered than one that grew by upserts, which favours reads a little.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { CHANGE_EVENT_RECORDED, CHANGE_STREAM } from '../../src/changes/domain/change-stream';
import { ChangeTimelineProjection } from '../../src/changes/infrastructure/change-timeline.projection';
import { SUSPECTS_CHECKPOINT } from '../../src/correlation/infrastructure/suspects-projector';
import { copyText } from '../../src/database/copy-rows';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { canonicalEventTemplate, eventHashOfTemplate } from '../../src/event-store/domain/event-hash';
import type { JsonObject, NewEvent, StoredEvent } from '../../src/event-store/domain/stored-event';
import { EVENT_COLUMN_LIST, PostgresEventStore } from '../../src/event-store/postgres-event-store';
import { CopyFeed, dropIndexes, indexDefinitions, loadingSession } from './bulk-copy';
import type { TimedChangeEvent } from './suspects-dataset';
import type { TimelineLoadMessage, TimelineLoadReply } from './timeline-load.worker';

/**
 * `valid`: each row's hash is its leaf hash by event-hash.ts, so GET /v1/audit/verify passes.
 * `placeholder`: 64 hex characters derived from the position (same row width, no SHA-256): the store
 * does not verify, which no query of the benchmark reads.
 */
export type ChainMode = 'valid' | 'placeholder';

export interface BulkLoadReport {
  readonly events: number;
  readonly changes: number;
  readonly seconds: number;
  /** Seconds per phase: generate+copy, indexes, vacuum/analyze (the two tables' overlap). */
  readonly phases: Readonly<Record<string, number>>;
  /** CPU seconds of this process (both threads) over the load. */
  readonly nodeCpuSeconds: number;
}

/** Events per COPY statement. */
const ROWS_PER_STATEMENT = 250_000;
/** Events per message to the timeline worker, and how many messages may wait for it. */
const WORKER_BATCH = 10_000;
const WORKER_IN_FLIGHT = 3;
const KAFKA_TOPIC = 'change-events.v1';
const KAFKA_PARTITIONS = 6;

function partitionOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i += 1) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(h) % KAFKA_PARTITIONS;
}

/** The timeline worker, driven with bounded backpressure. */
class TimelineWorker {
  private readonly worker: Worker;
  private inFlight = 0;
  private waiting: (() => void) | undefined;
  private failure: Error | undefined;
  private readonly ready: Promise<void>;
  readonly done: Promise<Extract<TimelineLoadReply, { type: 'done' }>>;

  constructor(url: string) {
    const file = path.join(__dirname, `timeline-load.worker${path.extname(__filename)}`);
    this.worker = new Worker(file, { workerData: { url } });
    let ready!: () => void;
    let done!: (reply: Extract<TimelineLoadReply, { type: 'done' }>) => void;
    let failed!: (error: Error) => void;
    this.ready = new Promise((resolve) => (ready = resolve));
    this.done = new Promise((resolve, reject) => {
      done = resolve;
      failed = reject;
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      failed(error);
      this.waiting?.();
      ready();
    };
    this.worker.on('message', (reply: TimelineLoadReply) => {
      switch (reply.type) {
        case 'ready':
          ready();
          break;
        case 'ack':
          this.inFlight -= 1;
          this.waiting?.();
          break;
        case 'done':
          done(reply);
          break;
        case 'failed':
          fail(new Error(`timeline worker: ${reply.message}`));
          break;
      }
    });
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`timeline worker exited with ${code}`));
    });
    // Unobserved until the end; a failure also surfaces through send().
    this.done.catch(() => undefined);
  }

  async send(message: TimelineLoadMessage): Promise<void> {
    await this.ready;
    while (this.inFlight >= WORKER_IN_FLIGHT && this.failure === undefined) {
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
    if (this.failure !== undefined) throw this.failure;
    this.inFlight += 1;
    this.worker.postMessage(message);
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Appends `batches` (change events in arrival order) to the empty store at `url`, and builds the change
 * timeline from them in a worker thread. Server settings for loading (fsync off...) are the caller's.
 */
export async function bulkLoadChangeEvents(
  url: string,
  batches: Iterable<readonly TimedChangeEvent[]>,
  options: {
    readonly chain: ChainMode;
    readonly log: (line: string) => void;
    /** Events appended before the change events (each the first of its stream), recorded when they occurred. */
    readonly prelude?: readonly NewEvent[];
  },
): Promise<BulkLoadReport> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const store = new Client({ connectionString: url, application_name: 'bench-bulk-load:events' });
  await store.connect();
  const timeline = new TimelineWorker(url);
  try {
    const schemaBefore = [await indexDefinitions(store, 'events'), await indexDefinitions(store, 'changes')];
    await store.query('BEGIN');
    await store.query(`LOCK TABLE events IN SHARE MODE`);
    const existing = await store.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM events) AS any`);
    if (existing.rows[0]?.any !== false) throw new Error('bulk load needs an empty event store');
    await loadingSession(store);
    const recreate = await dropIndexes(store, 'events');
    const events = new CopyFeed(
      store,
      `COPY events (${EVENT_COLUMN_LIST.join(', ')}) FROM STDIN`,
      ROWS_PER_STATEMENT,
    );
    const versions = new Map<string, number>();
    const offsets = new Array<number>(KAFKA_PARTITIONS).fill(0);
    let position = 0;
    let nextReport = 1_000_000;
    let texts: string[] = [];
    let closes = new Uint8Array(WORKER_BATCH);
    const sendTexts = async () => {
      if (texts.length === 0) return;
      const message: TimelineLoadMessage = {
        type: 'batch',
        firstPosition: position - texts.length + 1,
        events: texts,
        closes: closes.slice(0, texts.length),
      };
      texts = [];
      closes = new Uint8Array(WORKER_BATCH);
      await timeline.send(message);
    };
    /** Appends one event at the next position; returns its data as stored (JSON text). */
    const append = async (
      event: Omit<NewEvent, 'occurredAt'> & { readonly occurredAt: string },
      streamVersion: number,
      recordedAt: Date,
    ): Promise<string> => {
      position += 1;
      let hash: string;
      if (options.chain === 'valid') {
        const template = canonicalEventTemplate({
          ...event,
          occurredAt: new Date(event.occurredAt),
          recordedAt,
        });
        hash = eventHashOfTemplate(template, BigInt(position), streamVersion);
      } else {
        hash = position.toString(16).padStart(64, '0');
      }
      const text = JSON.stringify(event.data);
      const sent = events.push(
        `${position}\t${copyText(event.eventId)}\t${copyText(event.streamType)}\t${copyText(event.streamId)}\t` +
          `${streamVersion}\t${copyText(event.type)}\t${copyText(text)}\t` +
          // occurredAt is what the store writes (Date#toISOString): the callers make it so.
          `${copyText(JSON.stringify(event.metadata))}\t${event.occurredAt}\t` +
          `${recordedAt.toISOString()}\t\\N\t${hash}\t${copyText(event.namespace)}\n`,
      );
      if (sent !== undefined) await sent;
      return text;
    };
    for (const event of options.prelude ?? []) {
      await append({ ...event, occurredAt: event.occurredAt.toISOString() }, 1, event.occurredAt);
    }
    for (const batch of batches) {
      for (const { event, arrivesAt, closesChange } of batch) {
        // Stream versions count a change's events in store order, as appends number them.
        const streamVersion = (versions.get(event.changeId) ?? 0) + 1;
        if (closesChange) versions.delete(event.changeId);
        else versions.set(event.changeId, streamVersion);
        const partition = partitionOf(event.changeId);
        const offset = offsets[partition] ?? 0;
        offsets[partition] = offset + 1;
        const text = await append(
          {
            namespace: event.source,
            eventId: event.eventId,
            streamType: CHANGE_STREAM,
            streamId: event.changeId,
            type: CHANGE_EVENT_RECORDED,
            data: event as unknown as JsonObject,
            metadata: {
              receivedVia: 'kafka',
              kafka: { topic: KAFKA_TOPIC, partition, offset: String(offset) },
            },
            occurredAt: event.occurredAt,
          },
          streamVersion,
          new Date(Math.round(arrivesAt)),
        );
        if (closesChange) closes[texts.length] = 1;
        texts.push(text);
        if (texts.length === WORKER_BATCH) await sendTexts();
      }
      if (position >= nextReport) {
        options.log(
          `  ${position.toLocaleString('en-US')} events (${Math.round((performance.now() - started) / 1000)} s)`,
        );
        nextReport += 1_000_000;
      }
    }
    await sendTexts();
    await timeline.send({ type: 'end' });
    await events.end();
    const copied = performance.now();
    options.log(`  copied ${position} events; recreating indexes...`);
    for (const statement of recreate) await store.query(statement);
    // Appenders draw positions from the sequence: continue past the load.
    await store.query(`SELECT setval('events_global_position_seq', $1)`, [position]);
    // The suspects projector has nothing to do for these events (no alert existed): start it at the head.
    await store.query(
      `INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [SUSPECTS_CHECKPOINT, position],
    );
    await store.query('COMMIT');
    const indexed = performance.now();
    options.log('  vacuum analyze...');
    await store.query('VACUUM (ANALYZE) events');
    const vacuumed = performance.now();
    const changes = await timeline.done;
    // The timeline's VACUUM ran while this load's transaction was still open, so it could not mark pages
    // all-visible (index-only scans need that); on a store that grew over months autovacuum has.
    await store.query('VACUUM changes');
    const changesVisible = performance.now();
    const schemaAfter = [await indexDefinitions(store, 'events'), await indexDefinitions(store, 'changes')];
    if (JSON.stringify(schemaAfter) !== JSON.stringify(schemaBefore))
      throw new Error(`indexes differ after the load: ${JSON.stringify({ schemaBefore, schemaAfter })}`);
    const cpu = process.cpuUsage(cpuBefore);
    return {
      events: position,
      changes: changes.changes,
      seconds: (performance.now() - started) / 1000,
      phases: {
        generateAndCopy: (copied - started) / 1000,
        eventIndexes: (indexed - copied) / 1000,
        eventVacuumAnalyze: (vacuumed - indexed) / 1000,
        changeIndexes: changes.indexSeconds,
        changeVacuumAnalyze: changes.vacuumSeconds,
        changeVacuumAfterLoad: (changesVisible - vacuumed) / 1000,
      },
      nodeCpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } catch (error) {
    await store.query('ROLLBACK').catch(() => undefined);
    await timeline.stop();
    throw error;
  } finally {
    await store.end();
  }
}

/**
 * Re-projects `sample` changes with the project's ChangeTimelineProjection (from their events in the
 * store, in position order, as ingest and the rebuild do) inside a transaction that is rolled back, and
 * compares every column with the bulk-loaded row. Returns the change ids whose rows differ.
 */
export async function verifyTimelineRows(
  url: string,
  sample: number,
): Promise<{ checked: number; differing: string[] }> {
  const dataSource = new DataSource({ ...dataSourceOptions(url), logging: false });
  await dataSource.initialize();
  try {
    const sampled = await dataSource.query<{ source: string; change_id: string }[]>(
      `SELECT source, change_id FROM changes TABLESAMPLE SYSTEM (1) REPEATABLE (42) LIMIT $1`,
      [sample],
    );
    const ids = sampled.map((r) => r.change_id);
    const store = new PostgresEventStore(dataSource);
    const projection = new ChangeTimelineProjection();
    const rowsOf = async (runner: { query: DataSource['query'] }) =>
      new Map(
        (
          await runner.query<{ change_id: string; row: string }[]>(
            `SELECT change_id, c::text AS row FROM changes c WHERE change_id = ANY($1::text[])`,
            [ids],
          )
        ).map((r) => [r.change_id, r.row]),
      );
    const loaded = await rowsOf(dataSource);
    const differing: string[] = [];
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const tx = runner.manager;
      const stored: StoredEvent[] = [];
      for (const { source, change_id } of sampled) {
        stored.push(...(await store.readStream(CHANGE_STREAM, source, change_id, tx)));
      }
      stored.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
      await tx.query(`DELETE FROM changes WHERE change_id = ANY($1::text[])`, [ids]);
      await projection.apply(tx, stored);
      const projected = await rowsOf(tx);
      for (const id of ids) if (loaded.get(id) !== projected.get(id)) differing.push(id);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    return { checked: ids.length, differing };
  } finally {
    await dataSource.destroy();
  }
}

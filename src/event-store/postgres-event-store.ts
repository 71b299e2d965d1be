import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { PoolClient } from 'pg';
import { escapeLiteral } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { copyFieldText, copyInto, copyOutLines, copyText } from '../database/copy-rows';
import { classifyAppend, distinctIds, idKey } from './domain/append-outcomes';
import { recordedWithTexts } from './domain/recorded-event';
import { StoreVerifier, type StoreBreak } from './domain/store-verifier';
import { eventHash } from './domain/event-hash';
import type { EventPayload, JsonObject, NewEvent, StoredEvent } from './domain/stored-event';
import {
  EventStore,
  singleStreamOf,
  streamKey,
  StreamVersionConflictError,
  type AppendOptions,
  type AppendResult,
  type EventFields,
  type EventFilter,
  type StreamName,
  type BulkStreamReader,
  type StreamedEvent,
  type StoredEventLocation,
} from './event-store';

export type { AppendOptions, AppendOutcome, AppendResult } from './event-store';

export interface StoreHead {
  readonly position: bigint;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { position: string; hash: string };
  readonly firstBreak?: Omit<StoreBreak, 'position'> & { position: string };
}

interface EventRow {
  global_position: string;
  namespace: string;
  event_id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  data: JsonObject;
  metadata: JsonObject;
  occurred_at: Date;
  recorded_at: Date;
  prev_hash: string | null;
  hash: string;
}

/** The advisory lock appenders share (the bytes "appl"; migration 1795737600030 takes it in SQL). */
const APPENDERS_LOCK_KEY = 1634758764;

/** The columns of `events`, in the order the store writes them (the benchmarks' bulk loader too). */
export const EVENT_COLUMN_LIST = [
  'global_position',
  'event_id',
  'stream_type',
  'stream_id',
  'stream_version',
  'event_type',
  'data',
  'metadata',
  'occurred_at',
  'recorded_at',
  'prev_hash',
  'hash',
  'namespace',
] as const;
const EVENT_COLUMNS = EVENT_COLUMN_LIST.join(', ');

/** Attempts of a transaction that keeps losing races with concurrent appenders. */
const TRANSACTION_ATTEMPTS = 8;

/** PostgreSQL's unique_violation, serialization_failure, deadlock_detected. */
const RACE_CODES = new Set(['23505', '40001', '40P01']);

function lostARace(error: unknown): boolean {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.code;
  const driverCode = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
  return RACE_CODES.has(String(code ?? driverCode));
}

/** How long a reader waits for the appenders in flight before it returns the last final position. */
const READABLE_WAIT_MS = 250;
/** How long a verification waits for the appenders in flight when it starts (see verify). */
const VERIFY_READABLE_WAIT_MS = 10_000;
/**
 * A reader waiting for appenders checks again after 2 ms, then twice as long each time, at most every 20 ms:
 * a short wait ends as soon as before, and one that lasts (an ingest chunk's transaction) costs a dozen
 * checks of pg_stat_activity rather than a hundred.
 */
const SETTLE_CHECK_FIRST_MS = 2;
const SETTLE_CHECK_MAX_MS = 20;
/** Unsettled probes kept (older ones are superseded by newer ones anyway). */
const MAX_PENDING_PROBES = 16;

/** Rows per COPY write while hashing: big enough to amortise a write, small enough to overlap. */
const COPY_SLICE = 500;

/**
 * One row of `events` in COPY text format, in EVENT_COLUMN_LIST order; `dataJson` and `metadataJson` are
 * JSON text of the data and metadata when the caller has it (the canonical text the hash encoded).
 */
function eventCopyLine(
  e: StoredEvent,
  recordedAtText: string,
  dataJson = JSON.stringify(e.data),
  metadataJson = JSON.stringify(e.metadata),
): string {
  return (
    `${e.position}\t${copyText(e.eventId)}\t${copyText(e.streamType)}\t${copyText(e.streamId)}\t` +
    `${e.streamVersion}\t${copyText(e.type)}\t${copyText(dataJson)}\t` +
    `${copyText(metadataJson)}\t${e.occurredAt.toISOString()}\t${recordedAtText}\t` +
    `${e.prevHash ?? '\\N'}\t${e.hash}\t${copyText(e.namespace)}\n`
  );
}

/** The columns readPayloadsOfTypes reads, in EventRow's names. */
const PAYLOAD_COLUMNS = 'global_position, event_type, data';

function toEventPayload(row: Pick<EventRow, 'global_position' | 'event_type' | 'data'>): EventPayload {
  return { position: BigInt(row.global_position), type: row.event_type, data: row.data };
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    position: BigInt(row.global_position),
    namespace: row.namespace,
    eventId: row.event_id,
    streamType: row.stream_type,
    streamId: row.stream_id,
    streamVersion: row.stream_version,
    type: row.event_type,
    data: row.data,
    metadata: row.metadata,
    occurredAt: row.occurred_at,
    recordedAt: row.recorded_at,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/**
 * The append-only event store on PostgreSQL, every event carrying its own hash.
 *
 * Appends take no store-wide lock: positions come from the sequence, so concurrent appenders (Kafka
 * consumers, HTTP batches) run in parallel, and a lower position may commit after a higher one. Readers
 * by position stop at the readable position, below which nothing can commit any more. The database keeps
 * the trust rules (one event per id and namespace, one event per stream version); two appenders that race
 * on the same id or stream version meet a unique violation, and `transaction` runs the loser again.
 * An event's hash depends on the event alone (see domain/event-hash.ts); the Merkle checkpoints link them.
 */
@Injectable()
export class PostgresEventStore extends EventStore<EntityManager> {
  /** The last position found final, and the probes not settled yet (see readablePosition). */
  private readable = 0n;
  private pendingProbes: { position: bigint; settledAt: bigint }[] = [];

  constructor(private readonly dataSource: DataSource) {
    super();
  }

  /**
   * Runs `work` in a transaction, and again (up to TRANSACTION_ATTEMPTS) when it lost a race with a
   * concurrent appender: a unique violation (the same event id or stream version committed first), a
   * serialization failure or a deadlock. The next attempt sees the winner's events as stored.
   */
  async transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !lostARace(error)) throw error;
        // A random pause, growing with the attempts, so two losers do not meet again at once.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  /**
   * Appends within the caller's transaction. An event whose id is already stored in its namespace (or
   * repeated in the batch) is skipped: a duplicate, or with `detectConflicts` and different data, a
   * conflict. Either way nothing already stored is touched.
   */
  async append(
    tx: EntityManager,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    if (events.length === 0) return { appended: [], duplicates: [], outcomes: [] };
    if (!tx.queryRunner?.isTransactionActive) throw new Error('append needs a transaction');

    const firsts = distinctIds(events);
    // LATERAL … LIMIT 1: one index probe per id. As a plain join, the planner (which knows the array's
    // length) read the whole table into a hash once a chunk held a few thousand ids: a cost per chunk
    // that grew with the store.
    const existing = await tx.query<{ namespace: string; event_id: string; data: JsonObject | null }[]>(
      `SELECT e.namespace, e.event_id, e.data
         FROM unnest($1::text[], $2::text[]) AS k(namespace, event_id)
         CROSS JOIN LATERAL (
           SELECT e.namespace, e.event_id, CASE WHEN $3 THEN e.data END AS data FROM events e
            WHERE e.namespace = k.namespace AND e.event_id = k.event_id LIMIT 1) e`,
      [firsts.map((e) => e.namespace), firsts.map((e) => e.eventId), options.detectConflicts === true],
    );
    const stored = new Map<string, JsonObject | null>();
    for (const row of existing)
      stored.set(idKey({ namespace: row.namespace, eventId: row.event_id }), row.data);
    const { outcomes, fresh, duplicates } = classifyAppend(events, stored, options.detectConflicts === true);
    if (options.expectedStreamVersion !== undefined) {
      const stream = singleStreamOf(events);
      const actual = await this.streamVersion(stream, tx);
      if (actual !== options.expectedStreamVersion)
        throw new StreamVersionConflictError(stream, options.expectedStreamVersion, actual);
    }
    if (fresh.length === 0) return { appended: [], duplicates, outcomes };

    const versions = await this.currentVersions(tx, fresh);
    // Positions from the sequence, no lock: events_allocate_positions gives the transaction its id
    // before it draws them, which is what readablePosition relies on. Concurrent appenders interleave.
    // As one text '{1,2,…}' split here: the driver's array parser walks it a character at a time.
    const allocated = await tx.query<{ positions: string }[]>(
      `SELECT events_allocate_positions($1)::text AS positions`,
      [fresh.length],
    );
    const positions = allocated[0]?.positions.slice(1, -1).split(',');
    if (positions?.length !== fresh.length) throw new Error('position allocation returned too few');

    const recordedAt = new Date();
    const recordedAtText = recordedAt.toISOString();
    const appended: StoredEvent[] = [];
    await copyInto(tx, 'events', EVENT_COLUMN_LIST, async (write) => {
      // Rows go out in slices, so PostgreSQL inserts one slice while the next one is hashed. Each event
      // is encoded, hashed and turned into its row at once: its intermediate strings die young, which
      // keeps the garbage collector's copying (the largest cost at 5,000 events per chunk) down.
      for (let start = 0; start < fresh.length; start += COPY_SLICE) {
        let lines = '';
        for (let i = start; i < fresh.length && i < start + COPY_SLICE; i++) {
          const event = fresh[i];
          if (event === undefined) throw new Error('unreachable: index within fresh');
          const position = BigInt(positions[i] ?? '0');
          const key = streamKey(event);
          const streamVersion = (versions.get(key) ?? 0) + 1;
          versions.set(key, streamVersion);
          const { stored, dataJson, metadataJson } = recordedWithTexts(
            event,
            position,
            streamVersion,
            recordedAt,
          );
          lines += eventCopyLine(stored, recordedAtText, dataJson, metadataJson);
          appended.push(stored);
        }
        await write(lines);
      }
    });
    return { appended, duplicates, outcomes };
  }

  /**
   * Every append holds the appenders' advisory lock shared until it commits (events_allocate_positions
   * takes it); taking it exclusively waits for the appenders in flight, then keeps new ones out until the
   * caller's transaction ends. Readers are not blocked. An advisory lock rather than LOCK TABLE … SHARE:
   * the service role may not lock `events` in that mode (it needs UPDATE, DELETE or TRUNCATE there).
   */
  async holdAppends(tx: EntityManager): Promise<void> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('holding appends needs a transaction');
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [APPENDERS_LOCK_KEY]);
  }

  /**
   * A pooled connection of its own, read by COPY, so the caller's transaction can COPY into its read
   * model while this one reads: with appends held, this connection's snapshot holds exactly the events
   * the caller's does. Only the columns a fold needs; `data` is parsed here (JSON text, as stored).
   */
  async openBulkReader(): Promise<BulkStreamReader<EntityManager>> {
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      PoolClient,
      (error?: Error | boolean) => void,
    ];
    // A connection left in the middle of a COPY (the reader stopped early, or it failed) is closed.
    let clean = true;
    let closed = false;
    async function* readStreams(
      tx: EntityManager,
      filter: { readonly streamType: string; readonly type: string },
    ): AsyncGenerator<StreamedEvent[]> {
      if (!tx.queryRunner?.isTransactionActive) throw new Error('a bulk read of streams needs a transaction');
      if (closed) throw new Error('the bulk reader is closed');
      clean = false;
      // Stream order is what the index on (stream_type, namespace, stream_id, stream_version) gives.
      const lines = copyOutLines(
        client,
        `COPY (SELECT namespace, stream_id, global_position, data FROM events
                WHERE stream_type = ${escapeLiteral(filter.streamType)}
                  AND event_type = ${escapeLiteral(filter.type)}
                ORDER BY namespace, stream_id, global_position) TO STDOUT`,
      );
      for await (const chunk of lines) {
        const events: StreamedEvent[] = [];
        for (const line of chunk) {
          const [namespace = '', streamId = '', position = '', data = ''] = line.split('\t');
          events.push({
            namespace: copyFieldText(namespace) ?? '',
            streamId: copyFieldText(streamId) ?? '',
            position: BigInt(position),
            data: JSON.parse(copyFieldText(data) ?? 'null') as JsonObject,
          });
        }
        yield events;
      }
      clean = true;
    }
    return {
      readStreams,
      close: () => {
        if (closed) return;
        closed = true;
        release(clean ? undefined : true);
      },
    };
  }

  async readInTransaction(
    tx: EntityManager,
    filter: EventFilter,
    afterPosition: bigint,
    limit: number,
  ): Promise<StoredEvent[]> {
    const [condition, value] =
      filter.streamType !== undefined
        ? ['stream_type = $1', filter.streamType]
        : ['event_type = ANY($1::text[])', filter.types];
    const rows = await tx.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE ${condition} AND global_position > $2
        ORDER BY global_position LIMIT $3`,
      [value, afterPosition.toString(), limit],
    );
    return rows.map(toStoredEvent);
  }

  private async currentVersions(
    tx: EntityManager,
    events: readonly NewEvent[],
  ): Promise<Map<string, number>> {
    const streams = new Map<string, NewEvent>();
    for (const event of events) streams.set(streamKey(event), event);
    const unique = [...streams.values()];
    const rows = await tx.query<
      { stream_type: string; namespace: string; stream_id: string; version: number | null }[]
    >(
      `SELECT s.stream_type, s.namespace, s.stream_id,
              (SELECT max(e.stream_version) FROM events e
                WHERE e.stream_type = s.stream_type AND e.namespace = s.namespace
                  AND e.stream_id = s.stream_id) AS version
         FROM unnest($1::text[], $2::text[], $3::text[]) AS s(stream_type, namespace, stream_id)`,
      [unique.map((e) => e.streamType), unique.map((e) => e.namespace), unique.map((e) => e.streamId)],
    );
    const versions = new Map<string, number>();
    for (const row of rows) {
      versions.set(
        streamKey({ streamType: row.stream_type, namespace: row.namespace, streamId: row.stream_id }),
        row.version ?? 0,
      );
    }
    return versions;
  }

  /**
   * Reads the whole store in position order, for subscribers (async projections, relays, sealing), up to
   * the readable position: nothing at or below it can commit later (see readablePosition).
   */
  async readAll(afterPosition: bigint, limit: number): Promise<StoredEvent[]> {
    const readable = await this.readablePosition(afterPosition);
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position > $1 AND global_position <= $2
        ORDER BY global_position LIMIT $3`,
      [afterPosition.toString(), readable.toString(), limit],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * The Merkle leaf of each committed event after `afterPosition`, in position order, as readAll reads
   * them: for a row of the leaf rule its stored hash, which the appender computed from its content (read
   * without the content: sealing must keep up with the fastest ingest); for a row of the legacy chain
   * rule, whose stored hash is a chain link, the leaf hash of its content. With `fresh`, it probes the
   * readable position now and waits up to `waitMs` for it even when behind the last final position: the
   * sealer's lag is the age of that position, and under concurrent ingest the last one found final (by
   * whichever reader probed last) is seconds old.
   */
  async readLeafHashes(
    afterPosition: bigint,
    limit: number,
    fresh?: { waitMs: number },
  ): Promise<{ position: bigint; hash: string }[]> {
    // A reader with a full page of positions already final (a backlog) does not wait for anybody.
    const probeNow = fresh !== undefined && this.readable - afterPosition < BigInt(limit);
    const readable = probeNow
      ? await this.readablePosition(undefined, fresh.waitMs)
      : await this.readablePosition(afterPosition);
    const rows = await this.dataSource.query<{ position: string; hash: string; legacy: boolean }[]>(
      `SELECT global_position::text AS position, hash, prev_hash IS NOT NULL AS legacy FROM events
        WHERE global_position > $1 AND global_position <= $2 ORDER BY global_position LIMIT $3`,
      [afterPosition.toString(), readable.toString(), limit],
    );
    const legacy = rows.filter((row) => row.legacy).map((row) => row.position);
    const legacyLeaves = new Map<string, string>();
    if (legacy.length > 0) {
      const full = await this.dataSource.query<EventRow[]>(
        `SELECT ${EVENT_COLUMNS} FROM events WHERE global_position = ANY($1::bigint[])`,
        [legacy],
      );
      for (const row of full) legacyLeaves.set(row.global_position, eventHash(toStoredEvent(row)));
    }
    return rows.map((row) => ({
      position: BigInt(row.position),
      hash: legacyLeaves.get(row.position) ?? row.hash,
    }));
  }

  /**
   * Like readAll, but only events of the given types, filtered in the database (a relay that publishes a
   * few event types must not ship every change event to Node). `readUpTo` is how far the read covered:
   * the last event's position when the page is full, else the readable position, so the caller's
   * checkpoint can move past positions that hold no event it wants.
   */
  async readAllOfTypes(
    afterPosition: bigint,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: StoredEvent[]; readUpTo: bigint }> {
    return this.readOfTypes(EVENT_COLUMNS, toStoredEvent, afterPosition, types, limit);
  }

  async readPayloadsOfTypes(
    afterPosition: bigint,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: EventPayload[]; readUpTo: bigint }> {
    return this.readOfTypes(PAYLOAD_COLUMNS, toEventPayload, afterPosition, types, limit);
  }

  /** `toEvent` reads only the `columns` selected. */
  private async readOfTypes<E extends { readonly position: bigint }>(
    columns: string,
    toEvent: (row: EventRow) => E,
    afterPosition: bigint,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: E[]; readUpTo: bigint }> {
    const readable = await this.readablePosition(afterPosition);
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${columns} FROM events
        WHERE global_position > $1 AND global_position <= $2 AND event_type = ANY($3::text[])
        ORDER BY global_position LIMIT $4`,
      [afterPosition.toString(), readable.toString(), types, limit],
    );
    const events = rows.map(toEvent);
    const last = events[events.length - 1];
    const readUpTo = events.length === limit && last !== undefined ? last.position : readable;
    return { events, readUpTo: readUpTo > afterPosition ? readUpTo : afterPosition };
  }

  /**
   * The highest position no transaction can still commit an event at or below: what readers by position
   * may pass. Appenders draw positions only after their transaction has an id (events_allocate_positions).
   * A probe reads the sequence's last value S, then takes a transaction id X of its own: every position up
   * to S was drawn by a transaction whose id is below X. Once no session of this database runs a
   * transaction with an id at or below X (pg_stat_activity.backend_xid), all of those have ended, and S is
   * final. On a quiet database that holds at the next statement; with appenders in flight, readers wait
   * for them, at most READABLE_WAIT_MS (then they stay at the last final position, and the probe is kept
   * for the next call). A long transaction that wrote in this database holds readers back. A reader still
   * behind the last final position reads up to it without probing.
   */
  async readablePosition(after?: bigint, waitMs = READABLE_WAIT_MS): Promise<bigint> {
    if (after !== undefined && after < this.readable) return this.readable;
    const sequence = await this.dataSource.query<{ s: string }[]>(
      `SELECT (CASE WHEN is_called THEN last_value ELSE 0 END)::text AS s FROM events_global_position_seq`,
    );
    // A transaction id taken after the sequence was read (in a statement, and so a transaction, of its own).
    const xid = await this.dataSource.query<{ x: string }[]>(`SELECT pg_current_xact_id()::text AS x`);
    this.pendingProbes.push({ position: BigInt(sequence[0]?.s ?? '0'), settledAt: BigInt(xid[0]?.x ?? '0') });
    this.pendingProbes = this.pendingProbes.slice(-MAX_PENDING_PROBES);
    const deadline = Date.now() + waitMs;
    for (let pause = SETTLE_CHECK_FIRST_MS; ; pause = Math.min(2 * pause, SETTLE_CHECK_MAX_MS)) {
      // Settled: no session of this database still runs a transaction whose id is at or below the probe's.
      // Only this database's sessions can append here, so transactions elsewhere in the cluster do not
      // count (pg_snapshot_xmin would make every database wait for the oldest transaction of all).
      const settled = await this.dataSource.query<{ x: string }[]>(
        `SELECT p::text AS x FROM unnest($1::xid8[]) p
          WHERE NOT EXISTS (
            SELECT 1 FROM pg_stat_activity a
             WHERE a.datname = current_database() AND a.backend_xid IS NOT NULL
               AND age(a.backend_xid) >= age(xid(p)))`,
        [this.pendingProbes.map((probe) => probe.settledAt.toString())],
      );
      const done = new Set(settled.map((row) => row.x));
      const waiting: typeof this.pendingProbes = [];
      for (const probe of this.pendingProbes) {
        if (done.has(probe.settledAt.toString())) {
          if (probe.position > this.readable) this.readable = probe.position;
        } else waiting.push(probe);
      }
      this.pendingProbes = waiting;
      if (waiting.length === 0 || Date.now() >= deadline) return this.readable;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** One stream (of its owner's namespace) in version order; pass `tx` to see uncommitted appends. */
  async readStream(
    streamType: string,
    namespace: string,
    streamId: string,
    tx?: EntityManager,
  ): Promise<StoredEvent[]> {
    const rows = await (tx ?? this.dataSource.manager).query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_type = $1 AND namespace = $2 AND stream_id = $3
        ORDER BY stream_version`,
      [streamType, namespace, streamId],
    );
    return rows.map(toStoredEvent);
  }

  async readStreams(
    streamType: string,
    streams: readonly { readonly namespace: string; readonly streamId: string }[],
    types?: readonly string[],
  ): Promise<StoredEvent[]> {
    if (streams.length === 0) return [];
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream_type = $1 AND (namespace, stream_id) IN (SELECT * FROM unnest($2::text[], $3::text[]))
          AND ($4::text[] IS NULL OR event_type = ANY($4::text[]))
        ORDER BY namespace, stream_id, stream_version`,
      [streamType, streams.map((s) => s.namespace), streams.map((s) => s.streamId), types ?? null],
    );
    return rows.map(toStoredEvent);
  }

  async lastVersionOf(
    stream: StreamName,
    filter: { readonly type: string; readonly recordedAtOrBefore?: Date },
  ): Promise<number | undefined> {
    const rows = await this.dataSource.query<{ stream_version: number }[]>(
      `SELECT stream_version FROM events
        WHERE stream_type = $1 AND namespace = $2 AND stream_id = $3 AND event_type = $4
          AND ($5::timestamptz IS NULL OR recorded_at <= $5::timestamptz)
        ORDER BY stream_version DESC LIMIT 1`,
      [
        stream.streamType,
        stream.namespace,
        stream.streamId,
        filter.type,
        filter.recordedAtOrBefore?.toISOString() ?? null,
      ],
    );
    return rows[0]?.stream_version;
  }

  async readFields(
    stream: StreamName,
    filter: { readonly type: string; readonly afterVersion?: number },
    fields: readonly string[],
  ): Promise<EventFields[]> {
    // Only the fields leave the database: a chooser among large events never ships their data.
    const rows = await this.dataSource.query<
      { stream_version: number; recorded_at: Date; fields: (string | null)[] }[]
    >(
      `SELECT stream_version, recorded_at,
              array(SELECT data->>f.name FROM unnest($6::text[]) WITH ORDINALITY AS f(name, i) ORDER BY f.i)
                AS fields
         FROM events
        WHERE stream_type = $1 AND namespace = $2 AND stream_id = $3 AND stream_version > $4 AND event_type = $5
        ORDER BY stream_version`,
      [stream.streamType, stream.namespace, stream.streamId, filter.afterVersion ?? 0, filter.type, fields],
    );
    return rows.map((row) => ({
      version: row.stream_version,
      recordedAt: row.recorded_at,
      fields: Object.fromEntries(fields.map((name, i) => [name, row.fields[i] ?? undefined])),
    }));
  }

  async eventAt(stream: StreamName, version: number): Promise<StoredEvent | undefined> {
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE stream_type = $1 AND namespace = $2 AND stream_id = $3 AND stream_version = $4`,
      [stream.streamType, stream.namespace, stream.streamId, version],
    );
    const row = rows[0];
    return row === undefined ? undefined : toStoredEvent(row);
  }

  async streamVersion(stream: StreamName, tx?: EntityManager): Promise<number> {
    const rows = await (tx ?? this.dataSource.manager).query<{ v: number | null }[]>(
      `SELECT max(stream_version) AS v FROM events WHERE stream_type = $1 AND namespace = $2 AND stream_id = $3`,
      [stream.streamType, stream.namespace, stream.streamId],
    );
    return rows[0]?.v ?? 0;
  }

  async locate(namespace: string, eventId: string): Promise<StoredEventLocation | undefined> {
    const rows = await this.dataSource.query<
      Pick<EventRow, 'global_position' | 'recorded_at' | 'metadata'>[]
    >(`SELECT global_position, recorded_at, metadata FROM events WHERE namespace = $1 AND event_id = $2`, [
      namespace,
      eventId,
    ]);
    const row = rows[0];
    return row === undefined
      ? undefined
      : { position: BigInt(row.global_position), recordedAt: row.recorded_at, metadata: row.metadata };
  }

  /**
   * The event with this id in this namespace, read by the unique (namespace, event_id) key in one round
   * trip. Not bounded by the readable position: callers that need that (proofs: a sealed event is
   * readable) check it themselves.
   */
  async byEventId(namespace: string, eventId: string): Promise<StoredEvent | undefined> {
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE namespace = $1 AND event_id = $2`,
      [namespace, eventId],
    );
    return rows[0] === undefined ? undefined : toStoredEvent(rows[0]);
  }

  /** The readable position (see readablePosition): every event at or below it is committed. */
  async head(): Promise<StoreHead> {
    return { position: await this.readablePosition() };
  }

  /**
   * Walks the whole store in position order, in pages, recomputes every row's hash by its rule (the
   * legacy chain, then leaf hashes) and reports the first break. The walk ends at the last event at or
   * below the readable position, taken first: events appended during the walk are left for the next run.
   */
  async verify(pageSize = 5_000): Promise<VerifyReport> {
    // A verification is asked about what is committed when it is asked, so it waits (longer than a
    // projection's poll would) for appenders in flight then to end, rather than stopping short of them.
    const readable = await this.readablePosition(undefined, VERIFY_READABLE_WAIT_MS);
    const heads = await this.dataSource.query<
      { last_event: string | null; legacy_chain_end: string; legacy_chain_hash: string }[]
    >(
      `SELECT h.legacy_chain_end, h.legacy_chain_hash,
              (SELECT max(global_position) FROM events WHERE global_position <= $1)::text AS last_event
         FROM event_store_head h WHERE h.id = 1`,
      [readable.toString()],
    );
    const headRow = heads[0];
    if (headRow === undefined) throw new Error('event_store_head is missing: run the migrations');
    const head: StoreHead = { position: headRow.last_event === null ? 0n : BigInt(headRow.last_event) };
    const verifier = new StoreVerifier({
      position: BigInt(headRow.legacy_chain_end),
      hash: headRow.legacy_chain_hash,
    });
    let after = 0n;
    for (;;) {
      const rows = await this.dataSource.query<EventRow[]>(
        `SELECT ${EVENT_COLUMNS} FROM events
          WHERE global_position > $1 AND global_position <= $2
          ORDER BY global_position LIMIT $3`,
        [after.toString(), head.position.toString(), pageSize],
      );
      if (rows.length === 0) break;
      let intact = true;
      for (const row of rows) {
        const event = toStoredEvent(row);
        after = event.position;
        if (!verifier.next(event)) {
          intact = false;
          break;
        }
      }
      if (!intact) break;
    }
    const broken = verifier.finish(head);
    return {
      ok: broken === undefined,
      checked: verifier.checked,
      head: { position: head.position.toString(), hash: verifier.lastEventHash },
      ...(broken ? { firstBreak: { ...broken, position: broken.position.toString() } } : {}),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { copyInto, copyText } from '../database/copy-rows';
import { classifyAppend, distinctIds, idKey } from './domain/append-outcomes';
import { recorded } from './domain/recorded-event';
import { StoreVerifier, type StoreBreak } from './domain/store-verifier';
import type { JsonObject, NewEvent, StoredEvent } from './domain/stored-event';
import {
  EventStore,
  singleStreamOf,
  streamKey,
  StreamVersionConflictError,
  type AppendOptions,
  type AppendResult,
  type EventFilter,
  type StreamName,
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

interface HeadRow {
  last_position: string;
}

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

/** Rows per COPY write while hashing: big enough to amortise a write, small enough to overlap. */
const COPY_SLICE = 500;

/** One row of `events` in COPY text format, in EVENT_COLUMN_LIST order. */
function eventCopyLine(e: StoredEvent, recordedAtText: string): string {
  return (
    `${e.position}\t${copyText(e.eventId)}\t${copyText(e.streamType)}\t${copyText(e.streamId)}\t` +
    `${e.streamVersion}\t${copyText(e.type)}\t${copyText(JSON.stringify(e.data))}\t` +
    `${copyText(JSON.stringify(e.metadata))}\t${e.occurredAt.toISOString()}\t${recordedAtText}\t` +
    `${e.prevHash ?? '\\N'}\t${e.hash}\t${copyText(e.namespace)}\n`
  );
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
 * Appends take a row lock on the single head row before they allocate positions, so positions are handed
 * out in commit order. An event's hash depends on the event alone (see domain/event-hash.ts); the Merkle
 * checkpoints link them. The database enforces the same
 * rule for any writer (see the events_advance_head trigger), which is what readAll relies on.
 */
@Injectable()
export class PostgresEventStore extends EventStore<EntityManager> {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
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
    await this.lockForAppend(tx);

    const firsts = distinctIds(events);
    const existing = await tx.query<{ namespace: string; event_id: string; data: JsonObject | null }[]>(
      `SELECT e.namespace, e.event_id, CASE WHEN $3 THEN e.data END AS data
         FROM unnest($1::text[], $2::text[]) AS k(namespace, event_id)
         JOIN events e ON e.namespace = k.namespace AND e.event_id = k.event_id`,
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
    // One block of the sequence for the whole batch, in one round trip. The append lock makes this safe:
    // every appender allocates under it, and the database refuses a row that does not land past the head.
    const allocated = await tx.query<{ last: string }[]>(
      `SELECT setval('events_global_position_seq', nextval('events_global_position_seq') + $1 - 1)::text AS last`,
      [fresh.length],
    );
    const lastAllocated = allocated[0]?.last;
    if (lastAllocated === undefined) throw new Error('position allocation returned nothing');
    let position = BigInt(lastAllocated) - BigInt(fresh.length);

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
          position += 1n;
          const key = streamKey(event);
          const streamVersion = (versions.get(key) ?? 0) + 1;
          versions.set(key, streamVersion);
          const stored = recorded(event, position, streamVersion, recordedAt);
          lines += eventCopyLine(stored, recordedAtText);
          appended.push(stored);
        }
        await write(lines);
      }
    });
    // The events_advance_head trigger has moved the head past the new rows.
    return { appended, duplicates, outcomes };
  }

  /**
   * Takes the append lock (the head row) for the rest of the caller's transaction. Appenders hold it
   * while they chain; a projection rebuild holds it to replay a store that cannot move under it.
   */
  async lockForAppend(tx: EntityManager): Promise<StoreHead> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('the append lock needs a transaction');
    const rows = await tx.query<HeadRow[]>(
      `SELECT last_position FROM event_store_head WHERE id = 1 FOR UPDATE`,
    );
    const row = rows[0];
    if (row === undefined) throw new Error('event_store_head is missing: run the migrations');
    return { position: BigInt(row.last_position) };
  }

  async holdAppends(tx: EntityManager): Promise<void> {
    await this.lockForAppend(tx);
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
   * Reads the whole store in position order, for subscribers (async projections, relays).
   *
   * A sequence hands out positions at insert time, not at commit time, so a plain
   * `position > checkpoint` reader can pass a lower position that commits later and skip it for ever.
   * Here the head is the high-water mark: the database makes every INSERT land past the head under the
   * head's lock (trigger events_advance_head), so every position at or below a committed head is
   * committed. Read in one statement, the head and the rows agree; nothing below it can appear later.
   * Unlike a pg_snapshot_xmin horizon, an unrelated long transaction does not hold readers back.
   */
  async readAll(afterPosition: bigint, limit: number): Promise<StoredEvent[]> {
    const rows = await this.dataSource.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events
        WHERE global_position > $1
          AND global_position <= (SELECT last_position FROM event_store_head WHERE id = 1)
        ORDER BY global_position
        LIMIT $2`,
      [afterPosition.toString(), limit],
    );
    return rows.map(toStoredEvent);
  }

  /**
   * Like readAll, but only events of the given types, filtered in the database (a relay that publishes a
   * few event types must not ship every change event to Node). `readUpTo` is how far the read covered:
   * the last event's position when the page is full, else the head, so the caller's checkpoint can move
   * past positions that hold no event it wants.
   */
  async readAllOfTypes(
    afterPosition: bigint,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: StoredEvent[]; readUpTo: bigint }> {
    // The LEFT JOIN yields one row of nulls when no event qualifies, so the head always comes back.
    type Row = { head_position: string } & (EventRow | { [K in keyof EventRow]: null });
    const rows = await this.dataSource.query<Row[]>(
      `SELECT h.last_position::text AS head_position, e.*
         FROM event_store_head h
         LEFT JOIN LATERAL (
           SELECT ${EVENT_COLUMNS} FROM events
            WHERE global_position > $1 AND global_position <= h.last_position AND event_type = ANY($2::text[])
            ORDER BY global_position
            LIMIT $3) e ON true
        WHERE h.id = 1`,
      [afterPosition.toString(), types, limit],
    );
    const head = rows[0]?.head_position;
    if (head === undefined) throw new Error('event_store_head is missing: run the migrations');
    const events = rows.filter((r): r is Row & EventRow => r.global_position !== null).map(toStoredEvent);
    const last = events[events.length - 1];
    return { events, readUpTo: events.length === limit && last !== undefined ? last.position : BigInt(head) };
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

  /** Where the event with this id in this namespace is stored, if it is. */
  async positionOf(namespace: string, eventId: string): Promise<bigint | undefined> {
    const rows = await this.dataSource.query<{ global_position: string }[]>(
      `SELECT global_position FROM events WHERE namespace = $1 AND event_id = $2`,
      [namespace, eventId],
    );
    const row = rows[0];
    return row === undefined ? undefined : BigInt(row.global_position);
  }

  async head(): Promise<StoreHead> {
    const rows = await this.dataSource.query<HeadRow[]>(
      `SELECT last_position FROM event_store_head WHERE id = 1`,
    );
    const row = rows[0];
    if (row === undefined) throw new Error('event_store_head is missing: run the migrations');
    return { position: BigInt(row.last_position) };
  }

  /**
   * Walks the whole store in position order, in pages, recomputes every row's hash by its rule (the
   * legacy chain, then leaf hashes) and reports the first break. The head is read first: appends move it
   * in the same transaction as their rows, so every event up to it has committed, and events appended
   * during the walk are left for the next run.
   */
  async verify(pageSize = 5_000): Promise<VerifyReport> {
    // One statement, one snapshot: the head and the highest position agree unless a row was written
    // outside the append path (which would otherwise sit past the head, unchecked).
    const heads = await this.dataSource.query<
      (HeadRow & { max_position: string | null; legacy_chain_end: string; legacy_chain_hash: string })[]
    >(
      `SELECT h.last_position, h.legacy_chain_end, h.legacy_chain_hash,
              (SELECT max(global_position) FROM events)::text AS max_position
         FROM event_store_head h WHERE h.id = 1`,
    );
    const headRow = heads[0];
    if (headRow === undefined) throw new Error('event_store_head is missing: run the migrations');
    const head: StoreHead = { position: BigInt(headRow.last_position) };
    const beyond = headRow.max_position === null ? 0n : BigInt(headRow.max_position);
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
    const broken =
      verifier.finish(head) ??
      (beyond > head.position
        ? {
            kind: 'head_mismatch' as const,
            position: beyond,
            detail:
              `an event at position ${beyond} lies past the recorded head (position ${head.position}): ` +
              'it was written outside the append path',
          }
        : undefined);
    return {
      ok: broken === undefined,
      checked: verifier.checked,
      head: { position: head.position.toString(), hash: verifier.lastEventHash },
      ...(broken ? { firstBreak: { ...broken, position: broken.position.toString() } } : {}),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { copyRows } from '../database/copy-rows';
import { ChainVerifier, chainHash, type ChainBreak } from './domain/hash-chain';
import type { JsonObject, NewEvent, StoredEvent } from './domain/stored-event';

export interface AppendResult {
  readonly appended: readonly StoredEvent[];
  /** eventIds that were already stored, or repeated within the batch: no-ops. */
  readonly duplicates: readonly string[];
}

export interface StoreHead {
  readonly position: bigint;
  readonly hash: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { position: string; hash: string };
  readonly firstBreak?: Omit<ChainBreak, 'position'> & { position: string };
}

interface EventRow {
  global_position: string;
  event_id: string;
  stream_type: string;
  stream_id: string;
  stream_version: number;
  event_type: string;
  data: JsonObject;
  metadata: JsonObject;
  occurred_at: Date;
  recorded_at: Date;
  prev_hash: string;
  hash: string;
}

interface HeadRow {
  last_position: string;
  last_hash: string;
}

const EVENT_COLUMN_LIST = [
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
] as const;
const EVENT_COLUMNS = EVENT_COLUMN_LIST.join(', ');

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    position: BigInt(row.global_position),
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
 * The append-only, hash-chained event store on PostgreSQL.
 *
 * Appends take a row lock on the single head row before they allocate positions: the chain needs its
 * previous hash, and positions are then handed out in commit order. The database enforces the same
 * rule for any writer (see the events_advance_head trigger), which is what readAll relies on.
 */
@Injectable()
export class PostgresEventStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Appends within the caller's transaction; duplicates by eventId are skipped, not errors. */
  async append(tx: EntityManager, events: readonly NewEvent[]): Promise<AppendResult> {
    if (events.length === 0) return { appended: [], duplicates: [] };
    const head = await this.lockForAppend(tx);

    const duplicates: string[] = [];
    const unique = new Map<string, NewEvent>();
    for (const event of events) {
      if (unique.has(event.eventId)) duplicates.push(event.eventId);
      else unique.set(event.eventId, event);
    }
    const existing = await tx.query<{ event_id: string }[]>(
      `SELECT event_id FROM events WHERE event_id = ANY($1::text[])`,
      [[...unique.keys()]],
    );
    for (const { event_id } of existing) {
      unique.delete(event_id);
      duplicates.push(event_id);
    }
    const fresh = [...unique.values()];
    if (fresh.length === 0) return { appended: [], duplicates };

    const versions = await this.currentVersions(tx, fresh);
    const positionRows = await tx.query<{ p: string }[]>(
      `SELECT nextval('events_global_position_seq')::text AS p FROM generate_series(1, $1)`,
      [fresh.length],
    );
    const positions = positionRows.map((r) => BigInt(r.p)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const recordedAt = new Date();
    let prevHash = head.hash;
    const appended = fresh.map((event, i): StoredEvent => {
      const key = `${event.streamType}\u0000${event.streamId}`;
      const streamVersion = (versions.get(key) ?? 0) + 1;
      versions.set(key, streamVersion);
      const position = positions[i];
      if (position === undefined) throw new Error('position allocation returned too few values');
      const unhashed = { ...event, position, streamVersion, recordedAt };
      const hash = chainHash(prevHash, unhashed);
      const stored: StoredEvent = { ...unhashed, prevHash, hash };
      prevHash = hash;
      return stored;
    });

    await copyRows(
      tx,
      'events',
      EVENT_COLUMN_LIST,
      appended.map((e) => [
        e.position.toString(),
        e.eventId,
        e.streamType,
        e.streamId,
        e.streamVersion,
        e.type,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
        e.occurredAt.toISOString(),
        e.recordedAt.toISOString(),
        e.prevHash,
        e.hash,
      ]),
    );
    const last = appended[appended.length - 1];
    if (last === undefined) throw new Error('unreachable: appended is not empty');
    await tx.query(`UPDATE event_store_head SET last_position = $1, last_hash = $2 WHERE id = 1`, [
      last.position.toString(),
      last.hash,
    ]);
    return { appended, duplicates };
  }

  /**
   * Takes the append lock (the head row) for the rest of the caller's transaction. Appenders hold it
   * while they chain; a projection rebuild holds it to replay a store that cannot move under it.
   */
  async lockForAppend(tx: EntityManager): Promise<StoreHead> {
    if (!tx.queryRunner?.isTransactionActive) throw new Error('the append lock needs a transaction');
    const rows = await tx.query<HeadRow[]>(
      `SELECT last_position, last_hash FROM event_store_head WHERE id = 1 FOR UPDATE`,
    );
    const row = rows[0];
    if (row === undefined) throw new Error('event_store_head is missing: run the migrations');
    return { position: BigInt(row.last_position), hash: row.last_hash };
  }

  /** Pages through one stream type by position inside a transaction that holds the append lock. */
  async readStreamTypeInTransaction(
    tx: EntityManager,
    streamType: string,
    afterPosition: bigint,
    limit: number,
  ): Promise<StoredEvent[]> {
    const rows = await tx.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_type = $1 AND global_position > $2
        ORDER BY global_position LIMIT $3`,
      [streamType, afterPosition.toString(), limit],
    );
    return rows.map(toStoredEvent);
  }

  /** Events of the given types in position order, seen from the caller's transaction (for rebuilds). */
  async readTypesInTransaction(
    tx: EntityManager,
    types: readonly string[],
    afterPosition: bigint,
    limit: number,
  ): Promise<StoredEvent[]> {
    const rows = await tx.query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE event_type = ANY($1::text[]) AND global_position > $2
        ORDER BY global_position LIMIT $3`,
      [types, afterPosition.toString(), limit],
    );
    return rows.map(toStoredEvent);
  }

  private async currentVersions(
    tx: EntityManager,
    events: readonly NewEvent[],
  ): Promise<Map<string, number>> {
    const streams = new Map<string, NewEvent>();
    for (const event of events) streams.set(`${event.streamType}\u0000${event.streamId}`, event);
    const unique = [...streams.values()];
    const rows = await tx.query<{ stream_type: string; stream_id: string; version: number | null }[]>(
      `SELECT s.stream_type, s.stream_id,
              (SELECT max(e.stream_version) FROM events e
                WHERE e.stream_type = s.stream_type AND e.stream_id = s.stream_id) AS version
         FROM unnest($1::text[], $2::text[]) AS s(stream_type, stream_id)`,
      [unique.map((e) => e.streamType), unique.map((e) => e.streamId)],
    );
    const versions = new Map<string, number>();
    for (const row of rows) versions.set(`${row.stream_type}\u0000${row.stream_id}`, row.version ?? 0);
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

  /** One stream in version order; pass `tx` to see the caller's own uncommitted appends. */
  async readStream(streamType: string, streamId: string, tx?: EntityManager): Promise<StoredEvent[]> {
    const rows = await (tx ?? this.dataSource.manager).query<EventRow[]>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_type = $1 AND stream_id = $2 ORDER BY stream_version`,
      [streamType, streamId],
    );
    return rows.map(toStoredEvent);
  }

  async head(): Promise<StoreHead> {
    const rows = await this.dataSource.query<HeadRow[]>(
      `SELECT last_position, last_hash FROM event_store_head WHERE id = 1`,
    );
    const row = rows[0];
    if (row === undefined) throw new Error('event_store_head is missing: run the migrations');
    return { position: BigInt(row.last_position), hash: row.last_hash };
  }

  /**
   * Walks the whole chain in position order, in pages, and reports the first broken link.
   * The head is read first: appends update it in the same transaction as their rows, so every
   * event up to it has committed, and events appended during the walk are left for the next run.
   */
  async verify(pageSize = 5_000): Promise<VerifyReport> {
    // One statement, one snapshot: the head and the highest position agree unless a row was written
    // outside the append path (which would otherwise sit past the head, unchecked).
    const heads = await this.dataSource.query<(HeadRow & { max_position: string | null })[]>(
      `SELECT h.last_position, h.last_hash, (SELECT max(global_position) FROM events)::text AS max_position
         FROM event_store_head h WHERE h.id = 1`,
    );
    const headRow = heads[0];
    if (headRow === undefined) throw new Error('event_store_head is missing: run the migrations');
    const head: StoreHead = { position: BigInt(headRow.last_position), hash: headRow.last_hash };
    const beyond = headRow.max_position === null ? 0n : BigInt(headRow.max_position);
    const verifier = new ChainVerifier();
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
      head: { position: head.position.toString(), hash: head.hash },
      ...(broken ? { firstBreak: { ...broken, position: broken.position.toString() } } : {}),
    };
  }
}

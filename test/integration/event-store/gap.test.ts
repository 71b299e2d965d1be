import type { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { eventHash } from '../../../src/event-store/domain/event-hash';
import type { NewEvent, StoredEvent } from '../../../src/event-store/domain/stored-event';
import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { openTestDataSource, superuserClient, type TestDataSource } from '../../support/database';

/**
 * invariant 5 of docs/design.md: a reader that follows the store by global position never skips an event whose
 * transaction commits after a later position was already committed (the "gap" problem). The database
 * makes such a late lower commit impossible (trigger events_advance_head), and readers stop at the head. Also the
 * store's append contract: idempotent by eventId, stream versions 1..n, a store that verifies under
 * concurrent appenders. Nest-free: the store is built directly on a TypeORM DataSource.
 */

type Reader = (after: bigint) => Promise<bigint[]>;

/** A subscriber that, like a projection, moves its checkpoint to the last position it was given. */
class Subscriber {
  checkpoint = 0n;
  readonly seen: bigint[] = [];
  constructor(private readonly read: Reader) {}

  async poll(): Promise<bigint[]> {
    const positions = await this.read(this.checkpoint);
    this.seen.push(...positions);
    const last = positions[positions.length - 1];
    if (last !== undefined) this.checkpoint = last;
    return positions;
  }
}

async function nextPosition(client: Client): Promise<bigint> {
  const result = await client.query<{ p: string }>(`SELECT nextval('events_global_position_seq')::text AS p`);
  return BigInt(result.rows[0]?.p ?? '0');
}

/**
 * Inserts a row as a writer that skipped the store would (dummy hash fields), at the next sequence
 * value or at a position it allocated earlier.
 */
async function insertRaw(
  client: Client,
  eventId: string,
  position?: bigint,
  eventType = 'GapTested',
): Promise<bigint> {
  const result = await client.query<{ p: string }>(
    `INSERT INTO events (global_position, event_id, stream_type, stream_id, stream_version, event_type,
                         data, metadata, occurred_at, recorded_at, prev_hash, hash, namespace)
     VALUES (coalesce($2::bigint, (events_allocate_positions(1))[1]), $1, 'gap-test', $1, 1, $3,
             '{}', '{}', now(), now(), NULL, repeat('1', 64), 'gap-test')
     RETURNING global_position::text AS p`,
    [eventId, position === undefined ? null : position.toString(), eventType],
  );
  const row = result.rows[0];
  if (row === undefined) throw new Error('insert returned no row');
  return BigInt(row.p);
}

function newEvent(eventId: string, streamId: string): NewEvent {
  return {
    namespace: 'test',
    eventId,
    streamType: 'test',
    streamId,
    type: 'Tested',
    data: { eventId, streamId, nested: { list: [1, 'two', null, true] } },
    metadata: { by: 'gap.test' },
    occurredAt: new Date('2026-11-03T12:00:00.123Z'),
  };
}

const positionsOf = (events: readonly StoredEvent[]): bigint[] => events.map((e) => e.position);

/**
 * xmin is cluster-wide: a transaction open in another suite's database can hold readAll back for a
 * moment. Poll until the expectation holds or time runs out (then the last value is asserted).
 */
async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await probe();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await probe();
  }
  return value;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('PostgresEventStore: the gap problem and appends (invariant 5)', () => {
  let db: TestDataSource;
  let url: string;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const clients: Client[] = [];

  const client = async (): Promise<Client> => {
    const c = await superuserClient(url);
    clients.push(c);
    return c;
  };
  const storeReader: Reader = async (after) => positionsOf(await store.readAll(after, 100));

  beforeEach(async () => {
    db = await openTestDataSource();
    ({ url, dataSource } = db);
    store = new PostgresEventStore(dataSource);
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end();
    await db.close();
  });

  describe('readers by global position', () => {
    it('two transactions committing out of order: the reader waits below the late one, so nothing is skipped', async () => {
      const a = await client();
      const b = await client();
      const subscriber = new Subscriber(storeReader);

      // A draws the lower position first but is slow to write it; B draws a higher one and commits.
      await a.query('BEGIN');
      const p1 = await nextPosition(a);
      const p2 = await insertRaw(b, 'early-commit');
      expect(p2).toBeGreaterThan(p1);
      // p2 is committed, but A could still commit p1 below it: the reader does not pass p1 yet.
      await subscriber.poll();
      expect(subscriber.seen).toEqual([]);

      await insertRaw(a, 'late-commit', p1);
      await a.query('COMMIT');
      await eventually(
        () => subscriber.poll(),
        () => subscriber.seen.length === 2,
      );
      expect(subscriber.seen).toEqual([p1, p2]);
      const all = await store.readAll(0n, 100);
      expect(all.map((e) => e.eventId)).toEqual(['late-commit', 'early-commit']);
    });

    it('a reader waiting for an open appender checks pg_stat_activity a dozen times, not every 2 ms', async () => {
      const a = await client();
      await insertRaw(a, 'before');
      // An appender in flight: its transaction has an id, so readers wait for it (at most READABLE_WAIT_MS).
      await a.query('BEGIN');
      await a.query('SELECT pg_current_xact_id()');
      const query = jest.spyOn(dataSource, 'query');
      try {
        const started = Date.now();
        await store.readAll(0n, 100);
        const waited = Date.now() - started;
        const checks = query.mock.calls.filter(([sql]) => sql.includes('pg_stat_activity')).length;
        expect(waited).toBeGreaterThanOrEqual(200);
        expect(checks).toBeGreaterThan(1);
        // Pauses of 2, 4, 8, 16, then 20 ms fit at most 15 times into the 250 ms wait: 16 checks at most
        // (every 2 ms, ~100 on an idle machine; fewer where each check itself takes a while).
        expect(checks).toBeLessThanOrEqual(16);
      } finally {
        query.mockRestore();
        await a.query('ROLLBACK');
      }
    });

    describe('readAllOfTypes (the outbox relay and the suspects projector follow the store with it)', () => {
      /** Like those two: takes the events of its types and moves its checkpoint to readUpTo. */
      const typedSubscriber = () => {
        const state = { checkpoint: 0n, seen: [] as bigint[] };
        const poll = async () => {
          const { events, readUpTo } = await store.readAllOfTypes(state.checkpoint, ['GapTested'], 100);
          state.seen.push(...positionsOf(events));
          expect(readUpTo).toBeGreaterThanOrEqual(state.checkpoint);
          state.checkpoint = readUpTo;
        };
        return { state, poll };
      };

      it('two transactions committing out of order: nothing is skipped, and readUpTo never passes an open appender', async () => {
        const a = await client();
        const b = await client();
        const subscriber = typedSubscriber();

        await a.query('BEGIN');
        const p1 = await nextPosition(a);
        const p2 = await insertRaw(b, 'early-commit');
        const other = await insertRaw(b, 'other-type', undefined, 'SomethingElse');
        await subscriber.poll();
        expect(subscriber.state.seen).toEqual([]);
        expect(subscriber.state.checkpoint).toBeLessThan(p1);

        await insertRaw(a, 'late-commit', p1);
        await a.query('COMMIT');
        // Events of other types move readUpTo along without being delivered.
        await eventually(
          () => subscriber.poll(),
          () => subscriber.state.checkpoint === other,
        );
        expect(subscriber.state.seen).toEqual([p1, p2]);
        expect(subscriber.state.checkpoint).toBe(other);
      });

      it('pages: a full page stops at its last event, so the next poll continues from there', async () => {
        const a = await client();
        const positions: bigint[] = [];
        for (let i = 0; i < 5; i += 1) positions.push(await insertRaw(a, `paged-${i}`));
        const first = await store.readAllOfTypes(0n, ['GapTested'], 3);
        expect(positionsOf(first.events)).toEqual(positions.slice(0, 3));
        expect(first.readUpTo).toBe(positions[2]);
        const rest = await store.readAllOfTypes(first.readUpTo, ['GapTested'], 3);
        expect(positionsOf(rest.events)).toEqual(positions.slice(3));
        expect(rest.readUpTo).toBe(positions[4]);
      });
    });

    it('control: a reader that reads up to the highest committed position does skip a late lower commit', async () => {
      const a = await client();
      const b = await client();
      const naive = await client();
      // Deliberately broken: it takes the highest committed position as safe, as if positions committed in order.
      const naiveReader: Reader = async (after) => {
        const rows = await naive.query<{ p: string }>(
          `SELECT global_position::text AS p FROM events WHERE global_position > $1 ORDER BY global_position LIMIT 100`,
          [after.toString()],
        );
        return rows.rows.map((r) => BigInt(r.p));
      };
      const naiveSubscriber = new Subscriber(naiveReader);
      const storeSubscriber = new Subscriber(storeReader);
      await a.query('BEGIN');
      const p1 = await insertRaw(a, 'late-commit');
      const p2 = await insertRaw(b, 'early-commit');
      await naiveSubscriber.poll();
      await storeSubscriber.poll();
      await a.query('COMMIT');
      await naiveSubscriber.poll();
      await eventually(
        () => storeSubscriber.poll(),
        () => storeSubscriber.seen.length === 2,
      );
      // p1 committed after the naive reader moved past it: lost for that reader for ever.
      expect(naiveSubscriber.seen).toEqual([p2]);
      expect(await naiveReader(0n)).toEqual([p1, p2]);
      expect(storeSubscriber.seen).toEqual([p1, p2]);
    });

    it('appenders do not wait for each other; readers wait for the open one, then get both in position order', async () => {
      const a = await client();
      const b = await client();
      const subscriber = new Subscriber(storeReader);
      await a.query('BEGIN');
      const p1 = await insertRaw(a, 'first');
      // B appends and commits while A is still open: no store-wide lock between them.
      const p2 = await insertRaw(b, 'second');
      expect(p2).toBeGreaterThan(p1);
      await subscriber.poll();
      expect(subscriber.seen).toEqual([]);
      await a.query('COMMIT');
      await eventually(
        () => subscriber.poll(),
        () => subscriber.seen.length === 2,
      );
      expect(subscriber.seen).toEqual([p1, p2]);
    });

    it('pass a hole left by a rolled-back transaction', async () => {
      const a = await client();
      const b = await client();
      const subscriber = new Subscriber(storeReader);
      await a.query('BEGIN');
      const p1 = await insertRaw(a, 'rolled-back');
      await a.query('ROLLBACK');
      const p2 = await insertRaw(b, 'committed');
      expect(p2).toBeGreaterThan(p1);
      await subscriber.poll();
      expect(subscriber.seen).toEqual([p2]);
    });

    it('page through by checkpoint: limit is honoured and every event is seen once, in order', async () => {
      await dataSource.transaction(async (tx) => {
        await store.append(
          tx,
          Array.from({ length: 25 }, (_, i) => newEvent(`page-${i}`, `s${i % 3}`)),
        );
      });
      const seen: bigint[] = [];
      let after = 0n;
      for (;;) {
        const page = await eventually(
          () => store.readAll(after, 10),
          (events) => events.length > 0 || seen.length === 25,
        );
        if (page.length === 0) break;
        expect(page.length).toBeLessThanOrEqual(10);
        seen.push(...positionsOf(page));
        after = page[page.length - 1]?.position ?? after;
      }
      expect(seen).toHaveLength(25);
      expect(seen).toEqual([...seen].sort((x, y) => (x < y ? -1 : 1)));
      expect(new Set(seen).size).toBe(25);
    });

    it('through store.append: an appender holding its transaction open delays readers, not other appenders', async () => {
      const release = deferred();
      const bHasXid = deferred();
      const aAppended = deferred();
      // B takes a transaction id first (an earlier write), so xid order and position order disagree.
      const b = store.transaction(async (tx) => {
        await tx.query('SELECT pg_current_xact_id()');
        bHasXid.resolve();
        await aAppended.promise;
        return store.append(tx, [newEvent('b-1', 'other'), newEvent('b-2', 'other')]);
      });
      await bHasXid.promise;
      const a = store.transaction(async (tx) => {
        const result = await store.append(tx, [newEvent('a-1', 'shared'), newEvent('a-2', 'shared')]);
        aAppended.resolve();
        await release.promise;
        return result;
      });
      // B commits while A holds its transaction open.
      const bResult = await b;
      const subscriber = new Subscriber(storeReader);
      await subscriber.poll();
      expect(subscriber.seen).toEqual([]);

      release.resolve();
      const aResult = await a;
      const aPositions = positionsOf(aResult.appended);
      const bPositions = positionsOf(bResult.appended);
      expect(Math.max(...aPositions.map(Number))).toBeLessThan(Math.min(...bPositions.map(Number)));
      await eventually(
        () => subscriber.poll(),
        () => subscriber.seen.length >= 4,
      );
      expect(subscriber.seen).toEqual([...aPositions, ...bPositions]);
      expect(await store.verify()).toMatchObject({ ok: true, checked: 4 });
    });

    it('two appenders on one stream at once: the second runs again and continues the versions', async () => {
      const release = deferred();
      const aAppended = deferred();
      const a = store.transaction(async (tx) => {
        const result = await store.append(tx, [newEvent('a-1', 'shared'), newEvent('a-2', 'shared')]);
        aAppended.resolve();
        await release.promise;
        return result;
      });
      await aAppended.promise;
      let attempts = 0;
      const b = store.transaction((tx) => {
        attempts += 1;
        return store.append(tx, [newEvent('b-1', 'shared'), newEvent('b-2', 'shared')]);
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      release.resolve();
      const [aResult, bResult] = await Promise.all([a, b]);
      expect(aResult.appended.map((e) => e.streamVersion)).toEqual([1, 2]);
      expect(bResult.appended.map((e) => e.streamVersion)).toEqual([3, 4]);
      expect(attempts).toBe(2);
    });
  });

  describe('append', () => {
    it('dedupes by eventId (in the batch and against the store) and numbers each stream 1..n', async () => {
      const first = await dataSource.transaction((tx) =>
        store.append(tx, [
          newEvent('s1-e1', 's1'),
          newEvent('s1-e2', 's1'),
          newEvent('s2-e1', 's2'),
          newEvent('s1-e3', 's1'),
          newEvent('s1-e1', 's1'),
        ]),
      );
      expect(first.duplicates).toEqual(['s1-e1']);
      expect(first.appended.map((e) => [e.eventId, e.streamVersion])).toEqual([
        ['s1-e1', 1],
        ['s1-e2', 2],
        ['s2-e1', 1],
        ['s1-e3', 3],
      ]);
      // Each event's hash is its own leaf hash: no link to the event before it.
      first.appended.forEach((event, i) => {
        expect(event.prevHash).toBeNull();
        expect(event.hash).toBe(eventHash(event));
        if (i > 0) expect(event.position).toBeGreaterThan(first.appended[i - 1]?.position ?? 0n);
      });

      const second = await dataSource.transaction((tx) =>
        store.append(tx, [newEvent('s1-e2', 's1'), newEvent('s1-e4', 's1'), newEvent('s2-e2', 's2')]),
      );
      expect(second.duplicates).toEqual(['s1-e2']);
      expect(second.appended.map((e) => [e.eventId, e.streamVersion])).toEqual([
        ['s1-e4', 4],
        ['s2-e2', 2],
      ]);
      expect(second.appended[0]?.prevHash).toBeNull();

      const headBefore = await store.head();
      const onlyDuplicates = await dataSource.transaction((tx) =>
        store.append(tx, [newEvent('s2-e1', 's2'), newEvent('s1-e4', 's1')]),
      );
      expect(onlyDuplicates).toEqual({
        appended: [],
        duplicates: ['s2-e1', 's1-e4'],
        outcomes: ['duplicate', 'duplicate'],
      });
      expect(await store.head()).toEqual(headBefore);

      const s1 = await store.readStream('test', 'test', 's1');
      expect(s1.map((e) => [e.eventId, e.streamVersion])).toEqual([
        ['s1-e1', 1],
        ['s1-e2', 2],
        ['s1-e3', 3],
        ['s1-e4', 4],
      ]);
      expect(s1[0]?.data).toEqual(newEvent('s1-e1', 's1').data);
      expect(s1[0]?.occurredAt.toISOString()).toBe('2026-11-03T12:00:00.123Z');
      const last = second.appended[1];
      expect(headBefore).toEqual({ position: last?.position });
      expect(await store.verify()).toEqual({
        ok: true,
        checked: 6,
        head: { position: String(last?.position), hash: last?.hash },
      });
    });

    it('leaves nothing behind when the transaction rolls back, and the store verifies across the hole', async () => {
      await dataSource.transaction((tx) => store.append(tx, [newEvent('kept-1', 'r')]));
      await expect(
        dataSource.transaction(async (tx) => {
          await store.append(tx, [newEvent('lost-1', 'r'), newEvent('lost-2', 'r')]);
          throw new Error('crash after append');
        }),
      ).rejects.toThrow('crash after append');
      const next = await dataSource.transaction((tx) => store.append(tx, [newEvent('lost-1', 'r')]));
      expect(next.duplicates).toEqual([]);
      expect(next.appended[0]?.streamVersion).toBe(2);
      expect((await store.readStream('test', 'test', 'r')).map((e) => e.eventId)).toEqual([
        'kept-1',
        'lost-1',
      ]);
      expect(await store.verify()).toMatchObject({ ok: true, checked: 2 });
    });

    it('refuses to append outside a transaction', async () => {
      await expect(store.append(dataSource.manager, [newEvent('x', 'x')])).rejects.toThrow(/transaction/);
    });

    it('concurrent appenders all succeed, each stream stays 1..n, and the store verifies', async () => {
      const WRITERS = 6;
      const PER_WRITER = 40;
      const results = await Promise.all(
        Array.from({ length: WRITERS }, (_, w) =>
          store.transaction(async (tx) => {
            const appended: StoredEvent[] = [];
            // Several appends per transaction, interleaving with the other writers between them.
            for (let part = 0; part < 4; part += 1) {
              const batch = Array.from({ length: PER_WRITER / 4 }, (_, i) =>
                newEvent(`w${w}-${part}-${i}`, `stream-${(w + i) % 5}`),
              );
              appended.push(...(await store.append(tx, batch)).appended);
              await new Promise((resolve) => setTimeout(resolve, 5));
            }
            return appended;
          }),
        ),
      );
      const total = WRITERS * PER_WRITER;
      expect(results.flat()).toHaveLength(total);
      const versions = await dataSource.query<{ stream_id: string; versions: number[] }[]>(
        `SELECT stream_id, array_agg(stream_version ORDER BY stream_version) AS versions
           FROM events GROUP BY stream_id ORDER BY stream_id`,
      );
      expect(versions.reduce((n, row) => n + row.versions.length, 0)).toBe(total);
      for (const row of versions) {
        expect(row.versions).toEqual(Array.from({ length: row.versions.length }, (_, i) => i + 1));
      }
      const report = await store.verify();
      expect(report).toMatchObject({ ok: true, checked: total });
      const all = await eventually(
        () => store.readAll(0n, 1000),
        (events) => events.length === total,
      );
      expect(all).toHaveLength(total);
    });

    it('two transactions appending the same eventId at once store it once; both succeed', async () => {
      const both = await Promise.all(
        [0, 1].map((i) =>
          store.transaction(async (tx) => {
            const result = await store.append(tx, [newEvent('same', 'dup'), newEvent(`own-${i}`, 'dup')]);
            await new Promise((resolve) => setTimeout(resolve, 50));
            return result;
          }),
        ),
      );
      expect(both.map((r) => r.duplicates).flat()).toEqual(['same']);
      const stored = await store.readStream('test', 'test', 'dup');
      expect(stored.map((e) => e.eventId).filter((id) => id === 'same')).toHaveLength(1);
      expect(stored.map((e) => e.streamVersion)).toEqual([1, 2, 3]);
      expect(await store.verify()).toMatchObject({ ok: true, checked: 3 });
    });
  });
});

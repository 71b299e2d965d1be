import type { NewEvent, StoredEvent } from '../../src/event-store/domain/stored-event';
import { StreamVersionConflictError, type EventStore } from '../../src/event-store/event-store';

/** What the contract needs of an implementation under test: a store over an empty log. */
export interface ContractSubject {
  readonly store: EventStore;
  /** Something that is not a transaction of the store (append must refuse it). */
  readonly notATransaction: unknown;
}

export function contractEvent(
  eventId: string,
  streamId: string,
  extra: Partial<Pick<NewEvent, 'namespace' | 'type' | 'streamType' | 'data'>> = {},
): NewEvent {
  return {
    namespace: extra.namespace ?? 'test',
    eventId,
    streamType: extra.streamType ?? 'test',
    streamId,
    type: extra.type ?? 'Tested',
    data: extra.data ?? { eventId, streamId, nested: { list: [1, 'two', null, true] } },
    metadata: { by: 'event-store-contract' },
    occurredAt: new Date('2026-11-03T12:00:00.123Z'),
  };
}

const idsAndVersions = (events: readonly StoredEvent[]): [string, number][] =>
  events.map((e) => [e.eventId, e.streamVersion]);

/**
 * One behaviour, two implementations: the same cases run against the in-memory store (unit tier) and
 * the PostgreSQL store (integration tier), so a handler tested on one behaves the same on the other.
 */
export function describeEventStoreContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`${name}: the event store contract`, () => {
    let store: EventStore;
    let notATransaction: unknown;
    const append = (events: readonly NewEvent[], options?: Parameters<EventStore['append']>[2]) =>
      store.transaction((tx) => store.append(tx, events, options));

    beforeEach(async () => {
      ({ store, notATransaction } = await setup());
    });

    it('numbers each stream 1..n and dedupes by eventId, in the batch and against the store', async () => {
      const first = await append([
        contractEvent('s1-e1', 's1'),
        contractEvent('s1-e2', 's1'),
        contractEvent('s2-e1', 's2'),
        contractEvent('s1-e1', 's1'),
      ]);
      expect(first.outcomes).toEqual(['stored', 'stored', 'stored', 'duplicate']);
      expect(first.duplicates).toEqual(['s1-e1']);
      expect(idsAndVersions(first.appended)).toEqual([
        ['s1-e1', 1],
        ['s1-e2', 2],
        ['s2-e1', 1],
      ]);
      const positions = first.appended.map((e) => e.position);
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));

      const second = await append([contractEvent('s1-e2', 's1'), contractEvent('s1-e3', 's1')]);
      expect(second.outcomes).toEqual(['duplicate', 'stored']);
      expect(idsAndVersions(second.appended)).toEqual([['s1-e3', 3]]);
      const s1 = await store.readStream('test', 'test', 's1');
      expect(idsAndVersions(s1)).toEqual([
        ['s1-e1', 1],
        ['s1-e2', 2],
        ['s1-e3', 3],
      ]);
      expect(s1[0]?.data).toEqual(contractEvent('s1-e1', 's1').data);
      expect(s1[0]?.occurredAt.toISOString()).toBe('2026-11-03T12:00:00.123Z');
    });

    it('event ids and streams are per namespace', async () => {
      const result = await append([
        contractEvent('same', 'shared', { namespace: 'a' }),
        contractEvent('same', 'shared', { namespace: 'b' }),
      ]);
      expect(result.outcomes).toEqual(['stored', 'stored']);
      expect(result.appended.map((e) => e.streamVersion)).toEqual([1, 1]);
      const stored = result.appended[0];
      expect(await store.locate('a', 'same')).toEqual({
        position: stored?.position,
        recordedAt: stored?.recordedAt,
        metadata: stored?.metadata,
      });
      expect(await store.locate('c', 'same')).toBeUndefined();
    });

    it('detectConflicts: the same id with other data is a conflict, the same data a duplicate', async () => {
      await append([contractEvent('e', 's', { data: { n: 1, m: { a: 1, b: 2 } } })]);
      const result = await append(
        [
          contractEvent('e', 's', { data: { m: { b: 2, a: 1 }, n: 1 } }),
          contractEvent('e', 's', { data: { n: 2 } }),
          contractEvent('f', 's', { data: { n: 1 } }),
          contractEvent('f', 's', { data: { n: 9 } }),
        ],
        { detectConflicts: true },
      );
      expect(result.outcomes).toEqual(['duplicate', 'conflict', 'stored', 'conflict']);
      expect(result.duplicates).toEqual(['e']);
      // Without the comparison every repeated id is a duplicate.
      const blind = await append([contractEvent('e', 's', { data: { n: 3 } })]);
      expect(blind.outcomes).toEqual(['duplicate']);
    });

    it('a rolled-back transaction leaves nothing behind; reads outside it never saw its events', async () => {
      await append([contractEvent('kept', 'r')]);
      let seenInside: string[] = [];
      let seenOutside: string[] = [];
      await expect(
        store.transaction(async (tx) => {
          await store.append(tx, [contractEvent('lost', 'r')]);
          seenInside = (await store.readStream('test', 'test', 'r', tx)).map((e) => e.eventId);
          seenOutside = (await store.readStream('test', 'test', 'r')).map((e) => e.eventId);
          throw new Error('crash after append');
        }),
      ).rejects.toThrow('crash after append');
      expect(seenInside).toEqual(['kept', 'lost']);
      expect(seenOutside).toEqual(['kept']);
      const next = await append([contractEvent('lost', 'r')]);
      expect(next.outcomes).toEqual(['stored']);
      expect(next.appended[0]?.streamVersion).toBe(2);
      expect(await store.streamVersion({ streamType: 'test', namespace: 'test', streamId: 'r' })).toBe(2);
    });

    it('refuses to append outside a transaction', async () => {
      await expect(store.append(notATransaction, [contractEvent('x', 'x')])).rejects.toThrow(/transaction/);
    });

    it('expectedStreamVersion: appends when the stream is where the caller saw it, else stores nothing', async () => {
      await append([contractEvent('v1', 'occ')]);
      const ok = await append([contractEvent('v2', 'occ')], { expectedStreamVersion: 1 });
      expect(ok.appended.map((e) => e.streamVersion)).toEqual([2]);
      const stale = append([contractEvent('v3', 'occ')], { expectedStreamVersion: 1 });
      await expect(stale).rejects.toBeInstanceOf(StreamVersionConflictError);
      await expect(stale).rejects.toMatchObject({ expected: 1, actual: 2 });
      const fresh = append([contractEvent('n1', 'new')], { expectedStreamVersion: 0 });
      await expect(fresh).resolves.toMatchObject({ outcomes: ['stored'] });
      expect(await store.locate('test', 'v3')).toBeUndefined();
      await expect(
        append([contractEvent('a', 'one'), contractEvent('b', 'two')], { expectedStreamVersion: 0 }),
      ).rejects.toThrow(/one stream/);
    });

    it('readAll and readAllOfTypes page in position order; readUpTo covers events of other types', async () => {
      const result = await append(
        Array.from({ length: 7 }, (_, i) =>
          contractEvent(`p-${i}`, `s${i % 2}`, { type: i % 3 === 0 ? 'Wanted' : 'Other' }),
        ),
      );
      const positions = result.appended.map((e) => e.position);
      const firstPage = await store.readAll(0n, 4);
      expect(firstPage.map((e) => e.position)).toEqual(positions.slice(0, 4));
      const rest = await store.readAll(positions[3] ?? 0n, 10);
      expect(rest.map((e) => e.position)).toEqual(positions.slice(4));

      const wanted = positions.filter((_, i) => i % 3 === 0);
      const full = await store.readAllOfTypes(0n, ['Wanted'], 2);
      expect(full.events.map((e) => e.position)).toEqual(wanted.slice(0, 2));
      expect(full.readUpTo).toBe(wanted[1]);
      const tail = await store.readAllOfTypes(full.readUpTo, ['Wanted'], 2);
      expect(tail.events.map((e) => e.position)).toEqual(wanted.slice(2));
      expect(tail.readUpTo).toBe(positions[6]);
      const none = await store.readAllOfTypes(tail.readUpTo, ['Wanted'], 2);
      expect(none).toEqual({ events: [], readUpTo: positions[6] });
    });

    it('readPayloadsOfTypes reads what readAllOfTypes reads, position, type and data only', async () => {
      await append(
        Array.from({ length: 5 }, (_, i) =>
          contractEvent(`q-${i}`, `s${i % 2}`, { type: i % 2 === 0 ? 'Wanted' : 'Other' }),
        ),
      );
      for (const [after, limit] of [
        [0n, 2],
        [0n, 10],
      ] as const) {
        const full = await store.readAllOfTypes(after, ['Wanted'], limit);
        const payloads = await store.readPayloadsOfTypes(after, ['Wanted'], limit);
        expect(payloads.events.length).toBeGreaterThan(0);
        expect(payloads).toEqual({
          events: full.events.map((e) => ({ position: e.position, type: e.type, data: e.data })),
          readUpTo: full.readUpTo,
        });
      }
    });

    it('readStreams, lastVersionOf, eventAt and readInTransaction find what they are asked for', async () => {
      await append([
        contractEvent('a1', 'a', { type: 'T1' }),
        contractEvent('b1', 'b', { type: 'T1' }),
        contractEvent('a2', 'a', { type: 'T2' }),
        contractEvent('c1', 'c', { type: 'T1' }),
        contractEvent('x1', 'a', { type: 'T1', streamType: 'other' }),
      ]);
      const streams = await store.readStreams('test', [
        { namespace: 'test', streamId: 'a' },
        { namespace: 'test', streamId: 'b' },
      ]);
      expect(idsAndVersions(streams)).toEqual([
        ['a1', 1],
        ['a2', 2],
        ['b1', 1],
      ]);
      const typed = await store.readStreams('test', [{ namespace: 'test', streamId: 'a' }], ['T2']);
      expect(typed.map((e) => e.eventId)).toEqual(['a2']);
      expect(await store.readStreams('test', [])).toEqual([]);

      const stream = { streamType: 'test', namespace: 'test', streamId: 'a' };
      expect(await store.lastVersionOf(stream, { type: 'T1' })).toBe(1);
      expect(await store.lastVersionOf(stream, { type: 'T2' })).toBe(2);
      const before = new Date(Date.now() - 3_600_000);
      expect(await store.lastVersionOf(stream, { type: 'T1', recordedAtOrBefore: before })).toBeUndefined();
      expect((await store.eventAt(stream, 2))?.eventId).toBe('a2');
      expect(await store.eventAt(stream, 3)).toBeUndefined();

      const inTx = await store.transaction(async (tx) => {
        await store.holdAppends(tx);
        return {
          byStream: await store.readInTransaction(tx, { streamType: 'other' }, 0n, 10),
          byType: await store.readInTransaction(tx, { types: ['T2'] }, 0n, 10),
        };
      });
      expect(inTx.byStream.map((e) => e.eventId)).toEqual(['x1']);
      expect(inTx.byType.map((e) => e.eventId)).toEqual(['a2']);
    });

    it('a bulk reader gives each stream of a type whole, in position order, its events of one type', async () => {
      const awkward = { text: 'tab\there, newline\nthere, back\\slash "quoted" ünïcödé ✓', n: 1.5 };
      await append([
        contractEvent('b1', 'b', { type: 'T1' }),
        contractEvent('a1', 'a', { type: 'T1', data: awkward }),
        contractEvent('x1', 'a', { type: 'T1', streamType: 'other' }),
      ]);
      await append([
        contractEvent('a2', 'a', { type: 'T2' }),
        contractEvent('b2', 'b', { type: 'T1' }),
        contractEvent('a3', 'a', { type: 'T1' }),
        contractEvent('n1', 'a', { type: 'T1', namespace: 'other-ns' }),
      ]);
      const reader = await store.openBulkReader();
      const read = await store
        .transaction(async (tx) => {
          await store.holdAppends(tx);
          const events = [];
          for await (const chunk of reader.readStreams(tx, { streamType: 'test', type: 'T1' })) {
            events.push(...chunk);
          }
          return events;
        })
        .finally(() => {
          reader.close();
        });
      const stored = new Map((await store.readAll(0n, 100)).map((e) => [e.position, e]));
      const key = (e: { namespace: string; streamId: string }) => `${e.namespace}/${e.streamId}`;
      // Each event as stored, with only its stream, position and data.
      for (const e of read) {
        const original = stored.get(e.position);
        expect(e).toEqual({
          namespace: original?.namespace,
          streamId: original?.streamId,
          position: e.position,
          data: original?.data,
        });
      }
      expect(read.find((e) => stored.get(e.position)?.eventId === 'a1')?.data).toEqual(awkward);
      // Streams in any order, each whole (one run) and in position order.
      const runs = read.map(key).filter((k, i, all) => k !== all[i - 1]);
      expect([...runs].sort()).toEqual(['other-ns/a', 'test/a', 'test/b']);
      const idsOf = (stream: string) =>
        read.filter((e) => key(e) === stream).map((e) => stored.get(e.position)?.eventId);
      expect(idsOf('test/a')).toEqual(['a1', 'a3']);
      expect(idsOf('test/b')).toEqual(['b1', 'b2']);
      expect(idsOf('other-ns/a')).toEqual(['n1']);
    });

    it('readFields gives the events of one type after a version, with only the fields asked for', async () => {
      await append([
        contractEvent('v1', 'fields', {
          type: 'Declared',
          data: { env: 'prod', at: '2026-11-01T00:00:00Z', n: 3 },
        }),
        contractEvent('v2', 'fields', { type: 'Other', data: { env: 'prod' } }),
        contractEvent('v3', 'fields', { type: 'Declared', data: { env: null, big: { many: [1, 2] } } }),
        contractEvent('v4', 'fields', { type: 'Declared', data: { env: 'dev', flag: true } }),
        contractEvent('w1', 'elsewhere', { type: 'Declared', data: { env: 'prod' } }),
      ]);
      const stream = { streamType: 'test', namespace: 'test', streamId: 'fields' };
      const all = await store.readFields(stream, { type: 'Declared' }, ['env', 'at', 'n', 'flag']);
      expect(all.map((e) => [e.version, e.fields])).toEqual([
        [1, { env: 'prod', at: '2026-11-01T00:00:00Z', n: '3', flag: undefined }],
        [3, { env: undefined, at: undefined, n: undefined, flag: undefined }],
        [4, { env: 'dev', at: undefined, n: undefined, flag: 'true' }],
      ]);
      expect(all.every((e) => e.recordedAt instanceof Date)).toBe(true);
      const after = await store.readFields(stream, { type: 'Declared', afterVersion: 3 }, ['env']);
      expect(after.map((e) => [e.version, e.fields])).toEqual([[4, { env: 'dev' }]]);
      expect(await store.readFields(stream, { type: 'Declared', afterVersion: 4 }, ['env'])).toEqual([]);
      const uncommitted = await store.transaction(async (tx) => {
        await store.append(tx, [contractEvent('v5', 'fields', { type: 'Declared', data: { env: 'qa' } })]);
        return store.readFields(stream, { type: 'Declared', afterVersion: 4 }, ['env']);
      });
      expect(uncommitted).toEqual([]);
    });
  });
}

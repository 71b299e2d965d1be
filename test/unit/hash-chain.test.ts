import canonicalize from 'canonicalize';
import fc from 'fast-check';
import {
  ChainVerifier,
  GENESIS_HASH,
  canonicalEventBytes,
  chainHash,
  type ChainBreak,
} from '../../src/event-store/domain/hash-chain';
import type { JsonObject, StoredEvent } from '../../src/event-store/domain/stored-event';
import { at } from './support/change-events';

type Unhashed = Omit<StoredEvent, 'prevHash' | 'hash'>;

function unhashed(position: number, overrides: Partial<Unhashed> = {}): Unhashed {
  return {
    position: BigInt(position),
    namespace: 'argo-cd',
    eventId: `evt-${position}`,
    streamType: 'change',
    streamId: `chg-${position % 3}`,
    streamVersion: Math.floor(position / 3) + 1,
    type: 'ChangeEventRecorded',
    data: { phase: 'started', summary: `event ${position}`, rollout: { batch: position, percent: 12.5 } },
    metadata: { transport: 'http', principal: 'ci' },
    occurredAt: new Date(Date.UTC(2026, 10, 20, 10, position)),
    recordedAt: new Date(Date.UTC(2026, 10, 20, 11, position, 30)),
    ...overrides,
  };
}

/** A correctly linked chain of `n` events at positions 1..n. */
function buildChain(n: number): StoredEvent[] {
  const chain: StoredEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let p = 1; p <= n; p++) {
    const event = unhashed(p);
    const hash = chainHash(prevHash, event);
    chain.push({ ...event, prevHash, hash });
    prevHash = hash;
  }
  return chain;
}

const headOf = (chain: readonly StoredEvent[]): { position: bigint; hash: string } => {
  const last = at(chain, chain.length - 1);
  return { position: last.position, hash: last.hash };
};

/** Feeds events until the first break, then finishes against `head`. */
function verify(
  events: readonly StoredEvent[],
  head: { position: bigint; hash: string },
): ChainBreak | undefined {
  const verifier = new ChainVerifier();
  for (const event of events) if (!verifier.next(event)) break;
  return verifier.finish(head);
}

describe('chainHash', () => {
  const base = unhashed(7);

  it('is a deterministic SHA-256 hex digest', () => {
    const hash = chainHash(GENESIS_HASH, base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, unhashed(7))).toBe(hash);
    expect(chainHash(GENESIS_HASH, structuredCloneEvent(base))).toBe(hash);
  });

  it('depends on the previous hash', () => {
    expect(chainHash('f'.repeat(64), base)).not.toBe(chainHash(GENESIS_HASH, base));
  });

  it.each<[string, Partial<Unhashed>]>([
    ['a nested data value', { data: { ...base.data, rollout: { batch: 7, percent: 12.6 } } }],
    [
      'a data value type (number to string)',
      { data: { ...base.data, rollout: { batch: '7', percent: 12.5 } } },
    ],
    ['the set of data fields', { data: { ...base.data, extra: null } }],
    ['metadata', { metadata: { transport: 'kafka', principal: 'ci' } }],
    ['occurredAt (by one millisecond)', { occurredAt: new Date(base.occurredAt.getTime() + 1) }],
    ['recordedAt', { recordedAt: new Date(base.recordedAt.getTime() + 1) }],
    ['position', { position: 8n }],
    ['streamVersion', { streamVersion: base.streamVersion + 1 }],
    ['streamId', { streamId: 'chg-other' }],
    ['streamType', { streamType: 'freeze' }],
    ['type', { type: 'SomethingElse' }],
    ['eventId', { eventId: 'evt-7b' }],
  ])('changes when %s changes', (_what, change) => {
    expect(chainHash(GENESIS_HASH, { ...base, ...change })).not.toBe(chainHash(GENESIS_HASH, base));
  });

  it('does not depend on the key order of data or metadata', () => {
    const reordered: Unhashed = {
      ...base,
      data: { rollout: { percent: 12.5, batch: 7 }, summary: 'event 7', phase: 'started' },
      metadata: { principal: 'ci', transport: 'http' },
    };
    expect(JSON.stringify(reordered.data)).not.toBe(JSON.stringify(base.data));
    expect(chainHash(GENESIS_HASH, reordered)).toBe(chainHash(GENESIS_HASH, base));
  });

  it('does not depend on the fields outside the hashed set (prevHash and hash of the event itself)', () => {
    const stored: StoredEvent = { ...base, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) };
    expect(canonicalEventBytes(stored)).toBe(canonicalEventBytes(base));
  });

  it('leaves the namespace out: it is a function of hashed fields, so stores from before it still verify', () => {
    const elsewhere: Unhashed = { ...base, namespace: 'other' };
    expect(chainHash(GENESIS_HASH, elsewhere)).toBe(chainHash(GENESIS_HASH, base));
  });

  it('encodes events as RFC 8785 (agrees with the reference canonicalize package)', () => {
    const jsonObject = fc.dictionary(fc.string(), fc.jsonValue()) as fc.Arbitrary<JsonObject>;
    fc.assert(
      fc.property(jsonObject, jsonObject, (data, metadata) => {
        const event: Unhashed = { ...base, data, metadata };
        const reference = canonicalize({
          position: event.position.toString(),
          eventId: event.eventId,
          streamType: event.streamType,
          streamId: event.streamId,
          streamVersion: event.streamVersion,
          type: event.type,
          data,
          metadata,
          occurredAt: event.occurredAt.toISOString(),
          recordedAt: event.recordedAt.toISOString(),
        });
        expect(canonicalEventBytes(event)).toBe(reference);
      }),
      { numRuns: 300 },
    );
  });
});

/** A deep copy with fresh objects (and a different key insertion order, for good measure). */
function structuredCloneEvent(event: Unhashed): Unhashed {
  const data = JSON.parse(JSON.stringify(event.data)) as JsonObject;
  return {
    namespace: event.namespace,
    recordedAt: new Date(event.recordedAt.getTime()),
    occurredAt: new Date(event.occurredAt.getTime()),
    metadata: { ...event.metadata },
    data,
    type: event.type,
    streamVersion: event.streamVersion,
    streamId: event.streamId,
    streamType: event.streamType,
    eventId: event.eventId,
    position: event.position,
  };
}

describe('ChainVerifier', () => {
  const N = 10;
  const chain = buildChain(N);

  it('accepts a correctly built chain and its head', () => {
    const verifier = new ChainVerifier();
    for (const event of chain) expect(verifier.next(event)).toBe(true);
    expect(verifier.checked).toBe(N);
    expect(verifier.finish(headOf(chain))).toBeUndefined();
    expect(verifier.firstBreak).toBeUndefined();
  });

  it('accepts an empty store whose head is the genesis hash', () => {
    expect(new ChainVerifier().finish({ position: 0n, hash: GENESIS_HASH })).toBeUndefined();
  });

  it('detects an edited event as a hash_mismatch at its position', () => {
    const target = at(chain, 4);
    const edited = chain.map((e) =>
      e === target ? { ...e, data: { ...e.data, summary: 'nothing to see here' } } : e,
    );
    const verifier = new ChainVerifier();
    const results = edited.map((e) => verifier.next(e));
    expect(results).toEqual([true, true, true, true, false, false, false, false, false, false]);
    expect(verifier.checked).toBe(5);
    expect(verifier.firstBreak).toMatchObject({
      kind: 'hash_mismatch',
      position: target.position,
      eventId: target.eventId,
    });
    // finish reports the first break, not a head mismatch.
    expect(verifier.finish(headOf(chain))).toBe(verifier.firstBreak);
  });

  it.each<[string, (e: StoredEvent) => StoredEvent]>([
    ['its metadata', (e) => ({ ...e, metadata: { ...e.metadata, principal: 'someone-else' } })],
    ['its occurredAt', (e) => ({ ...e, occurredAt: new Date(e.occurredAt.getTime() - 60_000) })],
    ['its type', (e) => ({ ...e, type: 'Forged' })],
    ['its stored hash', (e) => ({ ...e, hash: 'e'.repeat(64) })],
  ])('detects an edit of %s as a hash_mismatch', (_what, edit) => {
    const target = at(chain, 6);
    const broken = verify(
      chain.map((e) => (e === target ? edit(e) : e)),
      headOf(chain),
    );
    expect(broken).toMatchObject({ kind: 'hash_mismatch', position: target.position });
  });

  it('detects a removed middle event as a broken_link at the following position', () => {
    const removed = chain.filter((_, i) => i !== 4);
    expect(verify(removed, headOf(chain))).toMatchObject({
      kind: 'broken_link',
      position: at(chain, 5).position,
      eventId: at(chain, 5).eventId,
    });
  });

  it('detects a removed first event as a broken_link', () => {
    expect(verify(chain.slice(1), headOf(chain))).toMatchObject({ kind: 'broken_link', position: 2n });
  });

  it('detects two swapped events as a broken_link', () => {
    const swapped = [...chain];
    swapped[3] = at(chain, 4);
    swapped[4] = at(chain, 3);
    expect(verify(swapped, headOf(chain))).toMatchObject({
      kind: 'broken_link',
      position: at(chain, 4).position,
    });
  });

  it('detects two events whose positions were exchanged as a broken_link', () => {
    const a = at(chain, 3);
    const b = at(chain, 4);
    const exchanged = [...chain];
    exchanged[3] = { ...b, position: a.position };
    exchanged[4] = { ...a, position: b.position };
    expect(verify(exchanged, headOf(chain))).toMatchObject({ kind: 'broken_link', position: a.position });
  });

  it('detects an inserted event as a broken_link', () => {
    const intruder: StoredEvent = { ...at(chain, 2), eventId: 'evt-forged' };
    const inserted = [...chain.slice(0, 3), intruder, ...chain.slice(3)];
    expect(verify(inserted, headOf(chain))).toMatchObject({ kind: 'broken_link', eventId: 'evt-forged' });
  });

  it('detects a removed tail as a head_mismatch at the last remaining position', () => {
    const truncated = chain.slice(0, N - 2);
    const verifier = new ChainVerifier();
    for (const event of truncated) expect(verifier.next(event)).toBe(true);
    expect(verifier.finish(headOf(chain))).toMatchObject({
      kind: 'head_mismatch',
      position: at(chain, N - 3).position,
    });
  });

  it('detects a wrong head hash', () => {
    const head = headOf(chain);
    expect(verify(chain, { ...head, hash: 'f'.repeat(64) })).toMatchObject({ kind: 'head_mismatch' });
    expect(verify(chain, { ...head, position: head.position + 1n })).toMatchObject({ kind: 'head_mismatch' });
  });

  it('detects a chain re-hashed after an edit through its recorded head', () => {
    // An attacker who edits event 5 and recomputes every later hash still cannot match the head.
    const rehashed: StoredEvent[] = [];
    let prevHash = GENESIS_HASH;
    for (const [i, event] of chain.entries()) {
      const content: Unhashed = i === 4 ? { ...event, data: { ...event.data, summary: 'forged' } } : event;
      const hash = chainHash(prevHash, content);
      rehashed.push({ ...content, prevHash, hash });
      prevHash = hash;
    }
    expect(verify(rehashed, headOf(chain))).toMatchObject({ kind: 'head_mismatch' });
    // ... and is consistent with itself, which is why the head must be recorded apart from the rows.
    expect(verify(rehashed, headOf(rehashed))).toBeUndefined();
  });

  it('refuses to continue after the first break', () => {
    const verifier = new ChainVerifier();
    expect(verifier.next({ ...at(chain, 0), prevHash: 'x'.repeat(64) })).toBe(false);
    expect(verifier.next(at(chain, 0))).toBe(false);
    expect(verifier.checked).toBe(1);
    expect(verifier.firstBreak).toMatchObject({ kind: 'broken_link', position: 1n });
  });
});

import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { configure } from 'safe-stable-stringify';
import {
  LEGACY_GENESIS_HASH,
  canonicalEventBytes,
  canonicalEventTemplate,
  eventHash,
  eventHashOfTemplate,
  eventHashWithTexts,
  legacyChainHash,
  type HashedEvent,
} from '../../src/event-store/domain/event-hash';
import type { JsonObject } from '../../src/event-store/domain/stored-event';

type Unhashed = Omit<HashedEvent, 'namespace'>;

/**
 * The encoder every stored hash was computed with in the first release: safe-stable-stringify over
 * the whole event object. The member-by-member encoder must produce the same bytes for every input, or
 * stores written before it would no longer verify.
 */
const previousCanonicalize = configure({ deterministic: true, bigint: false, circularValue: Error });

function previousEventBytes(event: Unhashed & { namespace?: string }): string | undefined {
  return previousCanonicalize({
    ...(event.namespace === undefined ? {} : { namespace: event.namespace }),
    position: event.position.toString(),
    eventId: event.eventId,
    streamType: event.streamType,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    occurredAt: event.occurredAt.toISOString(),
    recordedAt: event.recordedAt.toISOString(),
  });
}

/**
 * Two events and their hashes as computed by the previous encoder under the legacy chain rule (chained
 * from the genesis hash, namespace not hashed): rows stored so must verify for ever.
 */
const GOLDEN: readonly { event: Unhashed; bytes: string; hash: string }[] = [
  {
    event: {
      position: 1n,
      eventId: 'evt-1',
      streamType: 'change',
      streamId: 'argo-cd:checkout:prod:42',
      streamVersion: 1,
      type: 'ChangeEventRecorded',
      data: {
        eventId: 'evt-1',
        changeId: 'argo-cd:checkout:prod:42',
        source: 'argo-cd',
        kind: 'deploy',
        phase: 'started',
        occurredAt: '2026-11-20T10:00:00.000Z',
        environment: 'production',
        service: 'checkout',
        actor: { type: 'service', id: 'argo-bot' },
        version: { from: 'v1.2.0', to: 'v1.3.0' },
        attributes: {
          pipeline: 'run-7',
          attempt: 1,
          ratio: 0.1,
          big: 1e21,
          neg: -0,
          list: [1, 'two', null, true, { b: 1, a: 2 }],
        },
      },
      metadata: { receivedVia: 'kafka', kafka: { topic: 'change-events.v1', partition: 3, offset: '12345' } },
      occurredAt: new Date('2026-11-20T10:00:00.000Z'),
      recordedAt: new Date('2026-11-20T10:00:01.234Z'),
    },
    bytes:
      '{"data":{"actor":{"id":"argo-bot","type":"service"},"attributes":{"attempt":1,"big":1e+21,' +
      '"list":[1,"two",null,true,{"a":2,"b":1}],"neg":0,"pipeline":"run-7","ratio":0.1},' +
      '"changeId":"argo-cd:checkout:prod:42","environment":"production","eventId":"evt-1","kind":"deploy",' +
      '"occurredAt":"2026-11-20T10:00:00.000Z","phase":"started","service":"checkout","source":"argo-cd",' +
      '"version":{"from":"v1.2.0","to":"v1.3.0"}},"eventId":"evt-1","metadata":{"kafka":{"offset":"12345",' +
      '"partition":3,"topic":"change-events.v1"},"receivedVia":"kafka"},"occurredAt":"2026-11-20T10:00:00.000Z",' +
      '"position":"1","recordedAt":"2026-11-20T10:00:01.234Z","streamId":"argo-cd:checkout:prod:42",' +
      '"streamType":"change","streamVersion":1,"type":"ChangeEventRecorded"}',
    hash: '3be7f64b3ddde9d6e055e9c682fdcd11c0f6f20c4e7981061276be6a6f2493b3',
  },
  {
    event: {
      position: 2n,
      eventId: 'evt-"2"\\',
      streamType: 'freeze-window',
      streamId: 'fw\u00e9\u{1F600}',
      streamVersion: 7,
      type: 'FreezeWindowDeclared',
      data: {
        '10': 'ten',
        '9': 'nine',
        '': 'empty',
        é: 'e-acute',
        Z: 'upper',
        'a\u0001b': 'ctl\n\t"q"',
        '\u{1F600}': 'emoji',
        '\uD800': 'lone',
        nested: { z: [], y: {}, x: [[]] },
      },
      metadata: { principal: 'admin', transport: 'http', note: 'line\u2028sep' },
      occurredAt: new Date('1999-12-31T23:59:59.999Z'),
      recordedAt: new Date('2026-01-01T00:00:00.000Z'),
    },
    bytes:
      '{"data":{"":"empty","10":"ten","9":"nine","Z":"upper","a\\u0001b":"ctl\\n\\t\\"q\\"",' +
      '"nested":{"x":[[]],"y":{},"z":[]},"\u00e9":"e-acute","\\ud800":"lone","\u{1F600}":"emoji"},' +
      '"eventId":"evt-\\"2\\"\\\\","metadata":{"note":"line\u2028sep","principal":"admin","transport":"http"},' +
      '"occurredAt":"1999-12-31T23:59:59.999Z","position":"2","recordedAt":"2026-01-01T00:00:00.000Z",' +
      '"streamId":"fw\u00e9\u{1F600}","streamType":"freeze-window","streamVersion":7,"type":"FreezeWindowDeclared"}',
    hash: 'cb5d7de578137ec8512ee87ce3fd88e9a491007429bcb3a1699897e04255a20f',
  },
];

/** Strings with every kind of code unit: controls, quotes, backslashes, astral pairs, lone surrogates. */
const anyText = fc.string({ unit: 'binary', maxLength: 12 });
const keyText = fc.oneof(anyText, fc.constantFrom('0', '1', '10', '9', '01', '-1', 'a', 'B', 'é', 'length'));

/** JSON as JSON.parse returns it, with keys and strings from the whole UTF-16 range. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(0, -0, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER, 0.1 + 0.2),
    anyText,
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(keyText, tie('value'), { maxKeys: 6 }),
  ),
})).value;

/** Values JSON.parse never returns but a caller could pass in data: Dates, undefined members, Maps... */
const oddValue = fc.anything({
  withBigInt: false,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: 'binary',
  maxDepth: 3,
});

const jsonObject = fc.dictionary(keyText, jsonValue, { maxKeys: 8 }) as fc.Arbitrary<JsonObject>;
const oddObject = fc.dictionary(keyText, fc.oneof(jsonValue, oddValue), {
  maxKeys: 6,
}) as fc.Arbitrary<JsonObject>;
const instant = fc.date({
  min: new Date('1970-01-01T00:00:00.000Z'),
  max: new Date('9999-12-31T23:59:59.999Z'),
  noInvalidDate: true,
});

const hex64 = fc.string({
  unit: fc.constantFrom(...'0123456789abcdef'.split('')),
  minLength: 64,
  maxLength: 64,
});

const unhashedEvent: fc.Arbitrary<Unhashed> = fc.record({
  position: fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }),
  eventId: anyText,
  streamType: anyText,
  streamId: anyText,
  streamVersion: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  type: anyText,
  data: jsonObject,
  metadata: jsonObject,
  occurredAt: instant,
  recordedAt: instant,
});

describe('canonical encoding: byte-identical to the encoder stored hashes were made with', () => {
  it.each(GOLDEN.map((g, i) => [i, g] as const))('golden event %i: same bytes, same hash', (i, golden) => {
    expect(previousEventBytes(golden.event)).toBe(golden.bytes);
    const prevHash = i === 0 ? LEGACY_GENESIS_HASH : (GOLDEN[i - 1]?.hash ?? '');
    expect(legacyChainHash(prevHash, golden.event)).toBe(golden.hash);
  });

  it('agrees with the previous encoder on random events (the namespace one more member)', () => {
    fc.assert(
      fc.property(unhashedEvent, anyText, (event, namespace) => {
        expect(canonicalEventBytes({ ...event, namespace })).toBe(
          previousEventBytes({ ...event, namespace }),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it('agrees with the previous encoder when data holds values that are not plain JSON', () => {
    fc.assert(
      fc.property(unhashedEvent, oddObject, oddObject, (event, data, metadata) => {
        const odd = { ...event, data, metadata, namespace: 'ns' };
        expect(canonicalEventBytes(odd)).toBe(previousEventBytes(odd));
      }),
      { numRuns: 1_000 },
    );
  });

  it('legacy rows: SHA-256 over the previous hash, a newline and the canonical bytes without namespace', () => {
    fc.assert(
      fc.property(unhashedEvent, hex64, anyText, (event, prevHash, namespace) => {
        const expected = createHash('sha256')
          .update(`${prevHash}\n${previousEventBytes(event) ?? ''}`)
          .digest('hex');
        expect(legacyChainHash(prevHash, { ...event, namespace } as Unhashed)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a template filled at a position and version hashes as the event at that position and version', () => {
    fc.assert(
      fc.property(unhashedEvent, anyText, (unplaced, namespace) => {
        const event = { ...unplaced, namespace };
        const template = canonicalEventTemplate(event);
        expect(eventHashOfTemplate(template, event.position, event.streamVersion)).toBe(eventHash(event));
      }),
      { numRuns: 300 },
    );
  });

  it('the texts a hash comes with are JSON of the data and metadata as they are (what the store writes)', () => {
    fc.assert(
      fc.property(unhashedEvent, anyText, (unplaced, namespace) => {
        const event = { ...unplaced, namespace };
        const { hash, dataJson, metadataJson } = eventHashWithTexts(event);
        expect(hash).toBe(eventHash(event));
        expect(JSON.parse(dataJson ?? 'undefined')).toEqual(JSON.parse(JSON.stringify(event.data)));
        expect(JSON.parse(metadataJson ?? 'undefined')).toEqual(JSON.parse(JSON.stringify(event.metadata)));
      }),
      { numRuns: 300 },
    );
  });
});

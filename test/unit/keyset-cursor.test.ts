import fc from 'fast-check';
import { firstControlCharacter } from '../../src/common/control-characters';
import { decodeCursor, encodeCursor } from '../../src/common/keyset-cursor';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

describe('keyset cursor', () => {
  it('round-trips a cursor', () => {
    const cursor = { at: '2026-11-20T10:00:00.000Z', id: 'argo-cd:checkout:prod:42' };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toStrictEqual(cursor);
  });

  // Ids the service issues have no control characters (every contract's identifier pattern says so).
  const storableId = fc
    .string({ unit: 'binary', minLength: 1 })
    .filter((id) => firstControlCharacter(id) === undefined);

  it('round-trips any instant and any id', () => {
    fc.assert(
      fc.property(
        fc.date({ noInvalidDate: true, min: new Date('0001-01-01Z'), max: new Date('9999-12-31Z') }),
        storableId,
        (date, id) => {
          const cursor = { at: date.toISOString(), id };
          expect(decodeCursor(encodeCursor(cursor))).toStrictEqual(cursor);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    ['an empty string', ''],
    ['garbage', '!!!not a cursor!!!'],
    ['base64 of plain text', b64('hello')],
    ['base64 of an object', b64(JSON.stringify({ timelineAt: '2026-11-20T10:00:00.000Z', changeId: 'c' }))],
    ['base64 of a one-element array', b64(JSON.stringify(['2026-11-20T10:00:00.000Z']))],
    ['base64 of a three-element array', b64(JSON.stringify(['2026-11-20T10:00:00.000Z', 'c', 'x']))],
    ['a null timelineAt', b64(JSON.stringify([null, 'c']))],
    ['a numeric timelineAt', b64(JSON.stringify([1_700_000_000_000, 'c']))],
    ['a numeric changeId', b64(JSON.stringify(['2026-11-20T10:00:00.000Z', 42]))],
    ['a timelineAt that is not a date', b64(JSON.stringify(['not a date', 'c']))],
    ['a month 13', b64(JSON.stringify(['2026-13-01T00:00:00.000Z', 'c']))],
    ['an empty timelineAt', b64(JSON.stringify(['', 'c']))],
    ['base64 of JSON null', b64('null')],
    // Instants Date issues but PostgreSQL cannot store (no year 0; no six-digit years): once a 500.
    ['a timelineAt in year 0', b64(JSON.stringify(['0000-01-01T00:00:00.000Z', 'c']))],
    ['a timelineAt at the end of Date', b64(JSON.stringify(['+275760-09-13T00:00:00.000Z', 'c']))],
    ['a timelineAt before year 0', b64(JSON.stringify(['-000001-01-01T00:00:00.000Z', 'c']))],
    // PostgreSQL text holds no NUL: once a 500.
    ['an id with a NUL', b64(JSON.stringify(['2026-11-20T10:00:00.000Z', 'a\u0000b']))],
    ['an id with a line feed', b64(JSON.stringify(['2026-11-20T10:00:00.000Z', 'a\nb']))],
    ['an empty id', b64(JSON.stringify(['2026-11-20T10:00:00.000Z', '']))],
  ])('decodes %s to undefined', (_what, raw) => {
    expect(decodeCursor(raw)).toBeUndefined();
  });

  // Only the exact form the service issues (Date#toISOString): Date.parse accepts far more ("0",
  // "foo 12") than PostgreSQL does, and such cursors used to reach the query as a 500.
  const isIssuedInstant = (text: string): boolean => {
    const instant = new Date(text);
    return (
      !Number.isNaN(instant.getTime()) &&
      instant.toISOString() === text &&
      instant.getUTCFullYear() >= 1 &&
      instant.getUTCFullYear() <= 9999
    );
  };

  it.each([['0'], ['foo 12'], ['2026-02-30T00:00:00Z'], ['2026-11-03T14:05:12Z']])(
    'refuses a timelineAt of %j that is not an instant as issued',
    (timelineAt) => {
      expect(decodeCursor(b64(JSON.stringify([timelineAt, 'c'])))).toBeUndefined();
    },
  );

  it('decodes random JSON to a cursor only when it is a pair of an ISO instant (as issued) and a string', () => {
    const candidate = fc.oneof(
      fc.jsonValue(),
      fc.tuple(fc.jsonValue(), fc.jsonValue()),
      fc.tuple(fc.string(), fc.string()),
      fc.tuple(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.jsonValue(),
      ),
    );
    fc.assert(
      fc.property(candidate, (value) => {
        const isCursor =
          Array.isArray(value) &&
          value.length === 2 &&
          typeof value[0] === 'string' &&
          typeof value[1] === 'string' &&
          value[1] !== '' &&
          firstControlCharacter(value[1]) === undefined &&
          isIssuedInstant(value[0]);
        const decoded = decodeCursor(b64(JSON.stringify(value)));
        if (isCursor) expect(decoded).toStrictEqual({ at: value[0], id: value[1] });
        else expect(decoded).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('decodes random text to undefined', () => {
    fc.assert(
      fc.property(fc.string(), (raw) => {
        expect(decodeCursor(raw)).toBeUndefined();
      }),
    );
  });
});

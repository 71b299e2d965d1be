import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { JSON_BODY_REQUIRED, RequireJsonBodyPipe } from '../../../src/common/http/json-body';
import { RefuseControlCharactersPipe } from '../../../src/common/http/query-params';
import { parseInstant } from '../../../src/common/instant';
import fc from 'fast-check';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../src/common/json-depth';
import { createChangeEventValidator } from '../../../src/contracts/change-event-validator';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('nestsDeeperThan (the JSON depth bound, before parsing)', () => {
  it(`lets ${MAX_JSON_DEPTH} levels through and refuses ${MAX_JSON_DEPTH + 1}`, () => {
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(nestsDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(nestsDeeperThan('{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1))).toBe(
      true,
    );
  });

  it('counts depth, not brackets: siblings do not add up', () => {
    expect(nestsDeeperThan(`[${Array.from({ length: 1000 }, () => '[[]]').join(',')}]`)).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const inString = JSON.stringify({ text: '['.repeat(1000) + '\\"' + '{'.repeat(1000) });
    expect(nestsDeeperThan(inString)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: 'x\\', b: nested(3) }))).toBe(false);
  });

  it('is a loop, not a recursion: a million levels are no stack overflow', () => {
    expect(nestsDeeperThan('['.repeat(1_000_000))).toBe(true);
  });

  it('answers as a character-by-character scan does, on any text (strings are skipped, not walked)', () => {
    // The reference: every character in turn, a backslash in a string taking the next one with it.
    const scan = (text: string, limit: number): boolean => {
      let depth = 0;
      let inString = false;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
          if (c === '\\') i++;
          else if (c === '"') inString = false;
        } else if (c === '"') inString = true;
        else if (c === '{' || c === '[') {
          if (++depth > limit) return true;
        } else if (c === '}' || c === ']') depth--;
      }
      return false;
    };
    const text = fc.oneof(
      fc.string({ unit: fc.constantFrom('{', '[', '}', ']', '"', '\\', 'a', ':', ',') }),
      fc.json({ depthSize: 'large' }),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: 6 }), (json, limit) => {
        expect(nestsDeeperThan(json, limit)).toBe(scan(json, limit));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('parseInstant (query parameters, cursors)', () => {
  it.each([
    ['2026-11-03T14:05:00Z', '2026-11-03T14:05:00.000Z'],
    ['2026-11-03T14:05Z', '2026-11-03T14:05:00.000Z'],
    ['2026-11-03T15:05:00.123456789+01:00', '2026-11-03T14:05:00.123Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
    ['9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59.999Z'],
  ])('reads %s', (text, iso) => {
    expect(parseInstant(text)?.toISOString()).toBe(iso);
  });

  it.each([
    // PostgreSQL has no year 0 and cannot read six-digit years; Date can hold both.
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '-000001-01-01T00:00:00Z',
    '+010000-01-01T00:00:00Z',
    // Four-digit years that fall outside 0001–9999 once in UTC.
    '0001-01-01T00:30:00+01:00',
    '9999-12-31T23:59:59-00:01',
    // Not instants: no zone, a date, a day that does not exist, an hour past 23.
    '2026-11-03T14:05:00',
    '2026-11-03',
    '2026-02-30T00:00:00Z',
    '2026-11-03T25:00:00Z',
    'yesterday',
    '',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeUndefined();
  });
});

describe('ContractValidator.parse on Kafka: JSON nested too deep', () => {
  const validator = createChangeEventValidator();
  const event = {
    eventId: 'evt-deep-1',
    changeId: 'argo-cd:checkout:prod:42',
    source: 'argo-cd',
    kind: 'deploy',
    phase: 'started',
    occurredAt: '2026-11-20T10:00:00Z',
    environment: 'production',
  };

  it('goes to the DLQ as too_deep with a reason, instead of overflowing the stack', () => {
    // A \u escape makes the validator walk the value for NUL characters: that walk recursed. 30,000
    // levels fit in the 64 KiB a message may have.
    const text = `${JSON.stringify(event).slice(0, -1)},"summary":"caf\\u00e9","deep":${nested(30_000)}}`;
    expect(text).toContain('"summary":"caf\\u00e9"');
    const result = validator.parse(Buffer.from(text, 'utf8'));
    expect(result).toEqual({
      ok: false,
      reason: 'too_deep',
      errors: [
        { field: '', message: `message nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep` },
      ],
    });
  });

  it('judges a message nested within the bound by its contract as before', () => {
    const text = JSON.stringify({ ...event, deep: JSON.parse(nested(MAX_JSON_DEPTH - 1)) as unknown });
    const result = validator.parse(Buffer.from(text, 'utf8'));
    expect(result.ok ? 'ok' : result.reason).toBe('schema');
  });
});

describe('RefuseControlCharactersPipe (path and query parameters)', () => {
  const pipe = new RefuseControlCharactersPipe();
  const refusal = (value: unknown, metadata: ArgumentMetadata): string => {
    try {
      pipe.transform(value, metadata);
    } catch (error) {
      expect(error).toBeInstanceOf(BadRequestException);
      return (error as BadRequestException).message;
    }
    return 'passed';
  };

  it('names the query parameter, in a whole query object, a repeated one, or a key', () => {
    expect(refusal({ service: 'a\u0000b' }, { type: 'query' })).toBe(
      'query parameter "service" contains a control character (U+0000); it may not',
    );
    expect(refusal({ service: ['ok', 'a\nb'] }, { type: 'query' })).toMatch(/"service" .*\(U\+000A\)/);
    expect(refusal({ 'x\u0007': '1' }, { type: 'query' })).toMatch(/"x\\u0007" .*\(U\+0007\)/);
    expect(refusal('a\u007f', { type: 'query', data: 'reason' })).toMatch(
      /^query parameter "reason" .*\(U\+007F\)/,
    );
  });

  it('names the path parameter', () => {
    expect(refusal('a\u0000', { type: 'param', data: 'changeId' })).toMatch(/^path parameter "changeId"/);
  });

  it('passes clean parameters, and bodies whatever they hold (their contracts judge them)', () => {
    expect(refusal({ service: ['checkout', 'pay ments', 'ünïcødé 💥'] }, { type: 'query' })).toBe('passed');
    expect(refusal({ note: 'a\u0000' }, { type: 'body' })).toBe('passed');
  });
});

describe('RequireJsonBodyPipe', () => {
  const pipe = new RequireJsonBodyPipe();

  it('refuses a route that reads the body when there is none', () => {
    expect(() => pipe.transform(undefined, { type: 'body' })).toThrow(JSON_BODY_REQUIRED);
  });

  it('passes any body that was sent, and leaves other arguments alone', () => {
    for (const body of [null, 0, false, '', [], {}])
      expect(pipe.transform(body, { type: 'body' })).toBe(body);
    expect(pipe.transform(undefined, { type: 'query' })).toBeUndefined();
    expect(pipe.transform(undefined, { type: 'body', data: 'reason' })).toBeUndefined();
  });
});

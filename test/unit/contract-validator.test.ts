import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createChangeEventValidator } from '../../src/contracts/change-event-validator';
import {
  MAX_MESSAGE_BYTES,
  describeErrors,
  type FieldError,
  type Validation,
} from '../../src/contracts/contract-validator';
import type { ChangeEvent } from '../../src/changes/domain/change-event';

const examplesDir = path.resolve(__dirname, '../../contracts/change-event.v1/examples');
const validDir = path.join(examplesDir, 'valid');
const invalidDir = path.join(examplesDir, 'invalid');
const MANIFEST = 'expected-errors.json';

const jsonFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
const validFiles = jsonFiles(validDir);
const invalidFiles = jsonFiles(invalidDir).filter((f) => f !== MANIFEST);
const expectedErrors = JSON.parse(readFileSync(path.join(invalidDir, MANIFEST), 'utf8')) as Record<
  string,
  string
>;

const validator = createChangeEventValidator();

/**
 * The validator refuses an occurredAt implausibly far ahead of the service's clock, so the examples
 * (dated in late 2026) are checked at a fixed instant just after the latest of them, not at the time
 * the suite happens to run.
 */
const latestExampleAt = Math.max(
  ...validFiles.map((file) => {
    const { occurredAt } = JSON.parse(readFileSync(path.join(validDir, file), 'utf8')) as {
      occurredAt: string;
    };
    return Date.parse(occurredAt);
  }),
);
const NOW = latestExampleAt + 3_600_000;

beforeEach(() => {
  jest.spyOn(Date, 'now').mockReturnValue(NOW);
});

afterEach(() => {
  jest.restoreAllMocks();
});

type Rejection = Extract<Validation<ChangeEvent>, { ok: false }>;

function rejected(result: Validation<ChangeEvent>): Rejection {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.value)}`);
  return result;
}

const fields = (errors: readonly FieldError[]): string[] => errors.map((e) => e.field);

/** A minimal valid event, as bytes or as a value. */
const minimal = {
  eventId: 'evt-1',
  changeId: 'chg-1',
  source: 'argo-cd',
  kind: 'deploy',
  phase: 'started',
  occurredAt: '2026-11-20T10:00:00Z',
  environment: 'production',
} as const;

describe('change-event.v1 examples', () => {
  it('has examples of both kinds', () => {
    expect(validFiles.length).toBeGreaterThan(0);
    expect(invalidFiles.length).toBeGreaterThan(0);
  });

  it('lists every invalid example, and only those, in expected-errors.json', () => {
    expect(Object.keys(expectedErrors).sort()).toEqual(invalidFiles);
  });

  it.each(validFiles)('accepts valid/%s with check() and parse()', (file) => {
    const bytes = readFileSync(path.join(validDir, file));
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    const checked = validator.check(value);
    expect(checked).toEqual({ ok: true, value });
    const parsed = validator.parse(bytes);
    expect(parsed).toEqual({ ok: true, value });
  });

  it.each(invalidFiles)('rejects invalid/%s naming the expected field', (file) => {
    const expected = expectedErrors[file];
    if (expected === undefined) throw new Error(`${file} is missing from ${MANIFEST}`);
    const bytes = readFileSync(path.join(invalidDir, file));
    for (const result of [validator.parse(bytes), validator.check(JSON.parse(bytes.toString('utf8')))]) {
      const rejection = rejected(result);
      expect(rejection.reason).toBe('schema');
      expect(fields(rejection.errors)).toContain(expected);
      // The message itself names the field, so a DLQ header or a 400 body is enough to fix the event.
      const named = rejection.errors.filter((e) => e.field === expected);
      expect(named.some((e) => e.message.includes(expected))).toBe(true);
    }
  });
});

describe('ContractValidator.check', () => {
  it('names the offending field in the message (/phase)', () => {
    const rejection = rejected(validator.check({ ...minimal, phase: 'deployed' }));
    expect(rejection.reason).toBe('schema');
    expect(rejection.errors).toEqual([expect.objectContaining({ field: '/phase' })]);
    expect(describeErrors(rejection.errors)).toContain('/phase');
  });

  it('names a missing required field and an unknown one', () => {
    const withoutEnvironment = Object.fromEntries(
      Object.entries(minimal).filter(([k]) => k !== 'environment'),
    );
    const rejection = rejected(validator.check({ ...withoutEnvironment, colour: 'blue' }));
    expect(fields(rejection.errors).sort()).toEqual(['/colour', '/environment']);
    expect(describeErrors(rejection.errors)).toMatch(/\/environment is required/);
    expect(describeErrors(rejection.errors)).toMatch(/\/colour is not a known field/);
  });

  it('escapes ~ and / in the JSON Pointer of an unknown field', () => {
    const rejection = rejected(validator.check({ ...minimal, 'a/b~c': 1 }));
    expect(fields(rejection.errors)).toEqual(['/a~1b~0c']);
  });

  it.each([
    ['summary', { ...minimal, summary: 'before\u0000after' }, '/summary'],
    ['an attributes value', { ...minimal, attributes: { build: 'x\u0000' } }, '/attributes/build'],
    [
      'an attributes key with a slash',
      { ...minimal, attributes: { 'ci/run': '\u0000' } },
      '/attributes/ci~1run',
    ],
    ['an attributes key', { ...minimal, attributes: { ['bad\u0000key']: 'x' } }, '/attributes/bad\u0000key'],
    [
      'a link title',
      { ...minimal, links: [{ url: 'https://x.example' }, { url: 'https://y.example', title: '\u0000' }] },
      '/links/1/title',
    ],
    ['actor.name', { ...minimal, actor: { type: 'human', id: 'a', name: 'A\u0000' } }, '/actor/name'],
  ])('refuses U+0000 in %s as invalid_text naming the pointer', (_what, value, pointer) => {
    for (const result of [validator.check(value), validator.parse(Buffer.from(JSON.stringify(value)))]) {
      const rejection = rejected(result);
      expect(rejection.reason).toBe('invalid_text');
      expect(rejection.errors).toHaveLength(1);
      expect(rejection.errors[0]?.field).toBe(pointer);
      expect(rejection.errors[0]?.message).toContain(pointer);
      expect(rejection.errors[0]?.message).toMatch(/NUL|U\+0000/);
    }
  });

  it.each([
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', 'x\udc00y'],
  ])('refuses %s (PostgreSQL cannot store it) as invalid_text', (_what, summary) => {
    const rejection = rejected(validator.check({ ...minimal, summary }));
    expect(rejection.reason).toBe('invalid_text');
    expect(rejection.errors[0]?.field).toBe('/summary');
  });

  it('accepts a properly paired surrogate (an emoji)', () => {
    expect(validator.check({ ...minimal, summary: 'ship it \ud83d\ude80' }).ok).toBe(true);
  });

  it('accepts a message whose only oddity is an escaped non-NUL control character', () => {
    const result = validator.check({ ...minimal, summary: 'tab\there' });
    expect(result.ok).toBe(true);
  });
});

describe('createChangeEventValidator: occurredAt must be an instant the store can hold', () => {
  it.each([
    ['a leap second (Date.parse gives NaN)', '2026-06-30T23:59:60Z'],
    ['year 0000 (PostgreSQL has no year 0)', '0000-01-01T00:00:00Z'],
    ['an offset that carries it past year 9999', '9999-12-31T23:59:59-23:59'],
    ['a date years ahead of the clock', '2099-01-01T00:00:00Z'],
  ])('rejects %s, naming /occurredAt', (_what, occurredAt) => {
    for (const result of [
      validator.check({ ...minimal, occurredAt }),
      validator.parse(Buffer.from(JSON.stringify({ ...minimal, occurredAt }))),
    ]) {
      const rejection = rejected(result);
      expect(fields(rejection.errors)).toContain('/occurredAt');
      expect(describeErrors(rejection.errors)).toContain('/occurredAt');
    }
  });

  it('accepts an occurredAt shortly after the clock (producer clock skew) and one long past', () => {
    const soon = new Date(NOW + 60_000).toISOString();
    expect(validator.check({ ...minimal, occurredAt: soon }).ok).toBe(true);
    expect(validator.check({ ...minimal, occurredAt: '2001-02-03T04:05:06+07:00' }).ok).toBe(true);
  });
});

describe('ContractValidator.parse', () => {
  const bytesOf = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

  it('accepts a valid message and returns it', () => {
    expect(validator.parse(bytesOf(minimal))).toEqual({ ok: true, value: minimal });
  });

  it.each([
    ['an empty buffer', Buffer.alloc(0)],
    ['null (a tombstone)', null],
  ])('rejects %s as not_json', (_what, bytes) => {
    const rejection = rejected(validator.parse(bytes));
    expect(rejection.reason).toBe('not_json');
    expect(rejection.errors).toEqual([{ field: '', message: expect.stringMatching(/empty/) as unknown }]);
  });

  it.each([
    ['plain text', 'hello, kafka'],
    ['truncated JSON', JSON.stringify(minimal).slice(0, 40)],
    ['a raw control character inside a string', '{"summary":"a\u0001b"}'],
  ])('rejects %s as not_json with a message', (_what, text) => {
    const rejection = rejected(validator.parse(Buffer.from(text, 'utf8')));
    expect(rejection.reason).toBe('not_json');
    expect(rejection.errors).toHaveLength(1);
    expect(rejection.errors[0]?.field).toBe('');
    expect(rejection.errors[0]?.message).toMatch(/^message is not JSON: .+/);
  });

  it('rejects bytes that are not UTF-8 instead of silently replacing them', () => {
    const json = Buffer.from(JSON.stringify({ ...minimal, summary: 'XX' }), 'utf8');
    const at = json.indexOf('XX');
    json[at] = 0xc3; // a lead byte followed by 'X': an invalid sequence
    const result = validator.parse(json);
    expect(result.ok).toBe(false);
    expect(rejected(result).reason).toBe('invalid_text');
  });

  it(`accepts exactly ${MAX_MESSAGE_BYTES} bytes and rejects one byte more as too_large`, () => {
    expect(MAX_MESSAGE_BYTES).toBe(64 * 1024);
    const json = JSON.stringify(minimal);
    // Trailing whitespace keeps the message valid JSON and valid against the schema.
    const atLimit = Buffer.from(json + ' '.repeat(MAX_MESSAGE_BYTES - json.length), 'utf8');
    expect(atLimit.length).toBe(MAX_MESSAGE_BYTES);
    expect(validator.parse(atLimit).ok).toBe(true);

    const over = Buffer.concat([atLimit, Buffer.from(' ')]);
    const rejection = rejected(validator.parse(over));
    expect(rejection.reason).toBe('too_large');
    expect(rejection.errors[0]?.message).toContain(String(MAX_MESSAGE_BYTES + 1));
  });

  it('counts bytes, not characters, against the size limit', () => {
    // 32,000 two-byte characters: 32,000 characters but 64,000 bytes of attribute values.
    const attributes = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`k${i}`, 'é'.repeat(1000)] as const),
    );
    const bytes = bytesOf({ ...minimal, attributes });
    expect(JSON.stringify({ ...minimal, attributes }).length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(bytes.length).toBeGreaterThan(MAX_MESSAGE_BYTES);
    expect(rejected(validator.parse(bytes)).reason).toBe('too_large');
  });

  it('checks NUL characters in parsed text, escaped as \\u0000 on the wire', () => {
    const text = JSON.stringify({ ...minimal, summary: 'a\u0000b' });
    expect(text).toContain('\\u0000');
    const rejection = rejected(validator.parse(Buffer.from(text, 'utf8')));
    expect(rejection.reason).toBe('invalid_text');
    expect(rejection.errors[0]?.field).toBe('/summary');
  });

  it.each([
    ['an array', '[1, 2, 3]'],
    ['an array of a valid event', JSON.stringify([minimal])],
    ['a number', '42'],
    ['a string', '"hello"'],
    ['null', 'null'],
  ])('rejects %s as schema, naming the whole message', (_what, text) => {
    const rejection = rejected(validator.parse(Buffer.from(text, 'utf8')));
    expect(rejection.reason).toBe('schema');
    expect(fields(rejection.errors)).toContain('');
    expect(describeErrors(rejection.errors)).toMatch(/^message /);
  });

  it('reports every error at once, without duplicates', () => {
    const rejection = rejected(
      validator.parse(bytesOf({ ...minimal, phase: 'deployed', kind: 'rocket', source: 'Has Space' })),
    );
    expect(fields(rejection.errors).sort()).toEqual(['/kind', '/phase', '/source']);
    const keys = rejection.errors.map((e) => `${e.field}|${e.message}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

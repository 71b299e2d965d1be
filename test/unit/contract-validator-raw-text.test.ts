import fc from 'fast-check';
import { createChangeEventValidator } from '../../src/contracts/change-event-validator';
import type { Validation } from '../../src/contracts/contract-validator';
import type { ChangeEvent } from '../../src/changes/domain/change-event';

/**
 * ContractValidator.parse skips the walk for NUL characters and lone surrogates when the raw JSON text
 * has no `\u` escape (the only way JSON can carry them). These tests hold parse (bytes) and check (the
 * parsed value) to the same verdict, so the shortcut can never let unstorable text through.
 */
const validator = createChangeEventValidator();

const minimal = {
  eventId: 'evt-raw-text-1',
  changeId: 'argo-cd:checkout:prod:42',
  source: 'argo-cd',
  kind: 'deploy',
  phase: 'started',
  occurredAt: '2026-11-20T10:00:00Z',
  environment: 'production',
} satisfies Partial<ChangeEvent>;

const verdict = (result: Validation<ChangeEvent>) =>
  result.ok ? 'ok' : `${result.reason} ${result.errors.map((e) => e.field).join(',')}`;

/** Strings over the whole UTF-16 range: NULs, controls, quotes, backslashes, paired and lone surrogates. */
const anyText = fc.string({ unit: 'binary', maxLength: 10 });

describe('ContractValidator.parse: raw text without a \\u escape needs no unstorable-text walk', () => {
  it('gives the same verdict as check for any summary, attributes key and value', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, (summary, key, value) => {
        const event = { ...minimal, summary, attributes: { [key]: value } };
        const text = JSON.stringify(event);
        expect(verdict(validator.parse(Buffer.from(text, 'utf8')))).toBe(verdict(validator.check(event)));
      }),
      { numRuns: 2_000 },
    );
  });

  it.each([
    ['a NUL written as \\u0000', '"before\\u0000after"', '/summary'],
    ['a lone high surrogate written as \\ud800', '"x\\ud800"', '/summary'],
    ['a lone low surrogate written as \\uDC00', '"\\uDC00y"', '/summary'],
  ])('refuses %s in hand-written JSON', (_what, summaryJson, field) => {
    const text = `{${JSON.stringify(minimal).slice(1, -1)},"summary":${summaryJson}}`;
    const result = validator.parse(Buffer.from(text, 'utf8'));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe('invalid_text');
      expect(result.errors[0]?.field).toBe(field);
    }
  });

  it('accepts an escaped backslash followed by u0000 (a literal text, not a NUL)', () => {
    const text = `{${JSON.stringify(minimal).slice(1, -1)},"summary":"C:\\\\u0000"}`;
    expect(validator.parse(Buffer.from(text, 'utf8')).ok).toBe(true);
  });
});

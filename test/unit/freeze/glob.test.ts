import fc from 'fast-check';
import picomatch from 'picomatch';
import { compileGlob } from '../../../src/freeze/domain/glob';

const matches = (pattern: string, value: string): boolean => compileGlob(pattern).test(value);

describe('compileGlob', () => {
  it.each([
    ['*', 'payments-api', true],
    ['*', '', true],
    ['*', 'a/b', false],
    ['payments-*', 'payments-', true],
    ['*-api', 'payments-api', true],
    ['*-ap', 'payments-api', false],
    ['p*s*i', 'payments-api', true],
    ['payments-*', 'payments-a/b', false],
    ['*-api', 'a/b-api', false],
    ['*/api', 'a/api', true],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['a*b*a', 'aba', true],
    ['a*b*a', 'aab', false],
    ['?', 'a', true],
    ['?', '/', false],
    ['?', '😀', true],
    ['??', 'ab', true],
    ['??', 'a', false],
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[!a-c]x', 'dx', true],
    ['[^a-c]x', 'ax', false],
    ['[^a]', '/', false],
    ['[]a]', ']', true],
    ['[a-]', '-', true],
    ['[\\]]', ']', true],
    ['[[:digit:]]x', '7x', true],
    ['[[:upper:][:digit:]]', 'Q', true],
    ['[[:upper:]]', 'q', false],
    ['[abc', '[abc', true],
    ['[z-a]', 'z', false],
    ['{payments,billing}-api', 'billing-api', true],
    ['{payments,billing}-api', 'search-api', false],
    ['{a,b{c,d}}x', 'bdx', true],
    ['{,pre-}svc', 'svc', true],
    ['{a*,b?}', 'bz', true],
    ['{a}', '{a}', true],
    ['{a}', 'a', false],
    ['{a,b', '{a,b', true],
    ['a,b', 'a,b', true],
    ['a\\*', 'a*', true],
    ['a\\*', 'ab', false],
    ['a\\', 'a\\', true],
    ['(a|b)', '(a|b)', true],
    ['(a|b)', 'a', false],
    ['!checkout', '!checkout', true],
    ['a+.b', 'a+.b', true],
    ['a+.b', 'aa.b', false],
    ['**', 'a/b/c', true],
    ['a/**', 'a', true],
    ['a/**', 'a/b/c', true],
    ['a/**', 'ab', false],
    ['**/c', 'c', true],
    ['**/c', 'a/b/c', true],
    ['a/**/c', 'a/c', true],
    ['a/**/c', 'a/b/b/c', true],
    ['a/**/c', 'ac', false],
    ['a**', 'abc', true],
    ['a**', 'a/c', false],
  ])('%s against %j: %s', (pattern, value, expected) => {
    expect(matches(pattern, value)).toBe(expected);
  });

  it('knows a pattern without glob syntax as its literal value, and the literal head of the others', () => {
    expect(compileGlob('payments-api').literal).toBe('payments-api');
    expect(compileGlob('a\\*b').literal).toBe('a*b');
    expect(compileGlob('{a}').literal).toBe('{a}');
    expect(compileGlob('payments-*').literal).toBeUndefined();
    expect(compileGlob('payments-*').prefix).toBe('payments-');
    expect(compileGlob('{a,b}').prefix).toBe('');
  });

  describe('agrees with picomatch (dot, no negation, no extglob) on patterns of the subset both read alike', () => {
    // Values never contain `/` or consist of dots only: picomatch's path rules (trailing slash, dot
    // segments) are not part of scope semantics. Patterns use whole classes and balanced braces, and no
    // `..` inside braces (picomatch reads `{..,a}` as a broken range, `[,-a]`) nor three stars in a row
    // (after `****` picomatch leaves a `.` unescaped: `****c.` matches `caa`).
    const valueChar = fc.constantFrom('a', 'b', 'c', '-', '.', '1', '*');
    const value = fc
      .array(valueChar, { minLength: 1, maxLength: 10 })
      .map((chars) => chars.join(''))
      .filter((v) => !/^\.+$/.test(v));
    const atom = fc.constantFrom(
      'a',
      'b',
      'c',
      '-',
      '.',
      '1',
      '*',
      '**',
      '?',
      '[a-b]',
      '[^a]',
      '[.1]',
      '\\*',
    );
    const pattern: fc.Arbitrary<string> = fc.letrec<{ pattern: string; alternatives: string }>((tie) => ({
      pattern: fc
        .array(fc.oneof({ weight: 5, arbitrary: atom }, { weight: 1, arbitrary: tie('alternatives') }), {
          minLength: 1,
          maxLength: 6,
        })
        .map((parts) => parts.join(''))
        // Where picomatch is inconsistent with itself: runs of three stars, and a dot before `.`, `*` or
        // `{` (its dot-segment guards: `-.*` matches `-.` but `{-.*,a}` and `*.*` do not match `-.`/`a.`).
        .filter((p) => !/\.[.*{]/.test(p) && !p.includes('***')),
      alternatives: fc
        .array(fc.oneof(atom, tie('pattern')), { minLength: 2, maxLength: 3 })
        .map((options) => `{${options.join(',')}}`),
    })).pattern;
    const options = { dot: true, nonegate: true, noextglob: true };

    it('on random patterns and values', () => {
      fc.assert(
        fc.property(pattern, fc.array(value, { minLength: 1, maxLength: 8 }), (p, values) => {
          const reference = picomatch.makeRe(p, options);
          for (const v of values) expect([p, v, matches(p, v)]).toEqual([p, v, reference.test(v)]);
        }),
        { numRuns: 1_000 },
      );
    });

    it('on values built to match (picomatch says yes to the values its own pattern generates)', () => {
      const literalish = fc.array(fc.constantFrom('a', 'b', '-', '1'), { minLength: 1, maxLength: 4 });
      fc.assert(
        fc.property(literalish, literalish, literalish, (x, y, z) => {
          const p = `${x.join('')}*${y.join('')}?{${z.join('')},q}`;
          const v = `${x.join('')}zz${y.join('')}x${z.join('')}`;
          expect(matches(p, v)).toBe(true);
          expect(picomatch.makeRe(p, options).test(v)).toBe(true);
        }),
        { numRuns: 200 },
      );
    });
  });
});

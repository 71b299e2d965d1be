import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { ContractValidator } from '../../src/contracts/contract-validator';

const CONTRACTS = path.resolve(__dirname, '../../contracts');
const MANIFEST = 'expected-errors.json';

/**
 * The examples published with a contract, as tests: every `examples/valid/*.json` passes `check()` and
 * `parse()`; every `examples/invalid/*.json` is refused by both, naming the field its
 * `expected-errors.json` entry gives, in the message itself (so a 400 body or a DLQ header is enough to
 * fix the message).
 */
export function describeContractExamples<T>(
  contract: string,
  validator: ContractValidator<T>,
  minimum: { valid: number; invalid: number } = { valid: 1, invalid: 1 },
): void {
  const examples = path.join(CONTRACTS, contract, 'examples');
  // A contract the service only produces (freeze-violation.v1, suspects.v1) may publish valid examples only.
  const jsonFiles = (dir: string): string[] =>
    existsSync(path.join(examples, dir))
      ? readdirSync(path.join(examples, dir))
          .filter((f) => f.endsWith('.json') && f !== MANIFEST)
          .sort()
      : [];
  const validFiles = jsonFiles('valid');
  const invalidFiles = jsonFiles('invalid');
  const manifest = path.join(examples, 'invalid', MANIFEST);
  const expectedErrors = (existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')) : {}) as Record<
    string,
    string
  >;

  describe(`${contract} examples`, () => {
    it(`has at least ${minimum.valid} valid and ${minimum.invalid} invalid examples`, () => {
      expect(validFiles.length).toBeGreaterThanOrEqual(minimum.valid);
      expect(invalidFiles.length).toBeGreaterThanOrEqual(minimum.invalid);
    });

    it(`lists every invalid example, and only those, in ${MANIFEST}`, () => {
      expect(Object.keys(expectedErrors).sort()).toEqual(invalidFiles);
    });

    it.each(validFiles)('accepts valid/%s with check() and parse()', (file) => {
      const bytes = readFileSync(path.join(examples, 'valid', file));
      const value = JSON.parse(bytes.toString('utf8')) as unknown;
      expect(validator.check(value)).toEqual({ ok: true, value });
      expect(validator.parse(bytes)).toEqual({ ok: true, value });
    });

    // jest refuses an empty table; a contract without invalid examples has nothing to refuse.
    if (invalidFiles.length > 0) {
      it.each(invalidFiles)('rejects invalid/%s naming the expected field', (file) => {
        const expected = expectedErrors[file];
        if (expected === undefined) throw new Error(`${file} is missing from ${MANIFEST}`);
        const bytes = readFileSync(path.join(examples, 'invalid', file));
        const value = JSON.parse(bytes.toString('utf8')) as unknown;
        for (const result of [validator.parse(bytes), validator.check(value)]) {
          if (result.ok) throw new Error(`invalid/${file} was accepted`);
          expect(result.reason).toBe('schema');
          expect(result.errors.map((e) => e.field)).toContain(expected);
          const named = result.errors.filter((e) => e.field === expected);
          expect(named.some((e) => e.message.includes(expected))).toBe(true);
        }
      });
    }
  });
}

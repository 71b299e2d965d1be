import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
/** Every contract: each folder of contracts/ with a schema.json. */
const CONTRACTS = readdirSync(path.join(root, 'contracts'), { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && existsSync(path.join(root, 'contracts', entry.name, 'schema.json')),
  )
  .map((entry) => entry.name)
  .sort();

describe('generated contract types', () => {
  it.each(CONTRACTS)(
    'src/contracts/generated/%s.ts is what the generator makes of the schema',
    (contract) => {
      const checkedIn = path.join(root, 'src/contracts/generated', `${contract}.ts`);
      const script =
        "import { generate } from './scripts/generate-contract-types.mjs';" +
        `process.stdout.write(await generate(${JSON.stringify(contract)}));`;
      const generated = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
        cwd: root,
        encoding: 'utf8',
      });
      const current = readFileSync(checkedIn, 'utf8');
      expect(generated.length).toBeGreaterThan(0);
      if (generated !== current) {
        throw new Error(
          `src/contracts/generated/${contract}.ts is stale: run \`npm run contracts:types\` and commit the result`,
        );
      }
      expect(generated).toBe(current);
    },
  );

  it('covers every contract the generator knows', () => {
    const script =
      "import { CONTRACTS } from './scripts/generate-contract-types.mjs';" +
      'process.stdout.write(JSON.stringify(CONTRACTS));';
    const known = JSON.parse(
      execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' }),
    ) as unknown;
    expect(known).toEqual(CONTRACTS);
  });
});

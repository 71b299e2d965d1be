import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const checkedIn = path.join(root, 'src/contracts/generated/change-event.v1.ts');

describe('generated contract types', () => {
  it('src/contracts/generated/change-event.v1.ts is what the generator makes of the schema', () => {
    const script =
      "import { generate } from './scripts/generate-contract-types.mjs';" +
      "process.stdout.write(await generate('change-event.v1'));";
    const generated = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    const current = readFileSync(checkedIn, 'utf8');
    expect(generated.length).toBeGreaterThan(0);
    if (generated !== current) {
      throw new Error(
        'src/contracts/generated/change-event.v1.ts is stale: run `npm run contracts:types` and commit the result',
      );
    }
    expect(generated).toBe(current);
  });
});

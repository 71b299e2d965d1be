// Generates TypeScript types from the published JSON Schemas, so code and contract cannot drift.
// Run `npm run contracts:types` after editing a schema; a unit test fails when the output is stale.
import { compile } from 'json-schema-to-typescript';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Every folder of contracts/ with a schema.json. */
export const CONTRACTS = readdirSync(path.join(root, 'contracts'), { withFileTypes: true })
  .filter(
    (entry) => entry.isDirectory() && existsSync(path.join(root, 'contracts', entry.name, 'schema.json')),
  )
  .map((entry) => entry.name)
  .sort();

export async function generate(contract) {
  const schema = JSON.parse(readFileSync(path.join(root, 'contracts', contract, 'schema.json'), 'utf8'));
  return compile(schema, schema.title, {
    // A schema may $ref another contract by relative path (../change-event.v1/schema.json).
    cwd: path.join(root, 'contracts', contract),
    bannerComment: `/* Generated from contracts/${contract}/schema.json by \`npm run contracts:types\`. Do not edit. */`,
    additionalProperties: false,
    strictIndexSignatures: true,
    maxItems: -1,
    format: true,
    style: { singleQuote: true, trailingComma: 'all', printWidth: 110 },
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(path.join(root, 'src/contracts/generated'), { recursive: true });
  for (const contract of CONTRACTS) {
    const out = path.join(root, 'src/contracts/generated', `${contract}.ts`);
    writeFileSync(out, await generate(contract));
    console.log(`wrote ${path.relative(root, out)}`);
  }
}

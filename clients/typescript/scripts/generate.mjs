// Generates src/generated/api.ts from the service's OpenAPI document (contracts/openapi.json), so the
// client's types cannot drift from the API. `--check` writes nothing and exits 1 when the file is stale.
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const documentPath = process.env.OPENAPI_DOCUMENT ?? path.resolve(here, '../../contracts/openapi.json');
const out = path.join(here, 'src/generated/api.ts');

const BANNER =
  '/* Generated from contracts/openapi.json by `npm run client:generate` (openapi-typescript). Do not edit. */\n\n';

export async function generate() {
  // An object the document leaves open (`{ type: 'object' }`) takes any fields, not none.
  const ast = await openapiTS(pathToFileURL(documentPath), { emptyObjectsUnknown: true });
  const source = BANNER + astToString(ast);
  const options = (await prettier.resolveConfig(out)) ?? {};
  return prettier.format(source, { ...options, filepath: out });
}

const text = await generate();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(out, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    console.error(`${path.relative(process.cwd(), out)} is stale: run \`npm run client:generate\``);
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}

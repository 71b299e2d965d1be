import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contractsDir } from '../contracts/contract-validator';
import type { JsonSchema } from './query-parameters';

export interface ContractSchema {
  /** The folder name, e.g. `change-event.v1`: also its name under components/schemas. */
  readonly name: string;
  /** The schema as published, with its references rewritten to point inside the OpenAPI document. */
  readonly schema: JsonSchema;
  /** contracts/<name>/examples/valid/*.json, by file name without `.json`, sorted. */
  readonly examples: ReadonlyMap<string, unknown>;
}

/** Where a contract's schema lives in the OpenAPI document. */
export const contractRef = (name: string): string => `#/components/schemas/${name}`;

/**
 * A contract's `$ref`s are relative to its `$id` (`../change-event.v1/schema.json#/properties/kind`,
 * `#/$defs/x`). Embedded in the document they would resolve against the document itself, and tools
 * would fetch the `$id` URLs, so each becomes the same pointer into components/schemas.
 */
function rewriteRefs(value: unknown, self: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, self));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      const sibling = /^\.\.\/([^/]+)\/schema\.json(?:#(.*))?$/.exec(child);
      if (sibling) out[key] = `${contractRef(sibling[1] ?? '')}${sibling[2] ?? ''}`;
      else if (child.startsWith('#')) out[key] = `${contractRef(self)}${child.slice(1)}`;
      else throw new Error(`contract ${self}: cannot place $ref "${child}" in the OpenAPI document`);
    } else {
      out[key] = rewriteRefs(child, self);
    }
  }
  return out;
}

/** Every contract in contracts/ (the folders the ContractValidator compiles), sorted by name. */
export function loadContractSchemas(dir: string = contractsDir()): ContractSchema[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'schema.json')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const published = JSON.parse(readFileSync(path.join(dir, name, 'schema.json'), 'utf8')) as JsonSchema;
      // `$id` would make the embedded copy a resource of its own (its `$ref`s resolved against the URL).
      const rest = { ...published };
      delete rest['$id'];
      const validDir = path.join(dir, name, 'examples', 'valid');
      const files = existsSync(validDir) ? readdirSync(validDir).filter((f) => f.endsWith('.json')) : [];
      const examples = new Map(
        files
          .sort()
          .map((file): [string, unknown] => [
            file.slice(0, -'.json'.length),
            JSON.parse(readFileSync(path.join(validDir, file), 'utf8')),
          ]),
      );
      return { name, schema: rewriteRefs(rest, name) as JsonSchema, examples };
    });
}

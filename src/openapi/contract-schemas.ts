import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contractsDir } from '../contracts/contract-validator';
import type { JsonSchema } from './query-parameters';

export interface ContractSchema {
  /** The folder name, e.g. `change-event.v1`: also its name under components/schemas. */
  readonly name: string;
  /** The schema as published, with its references rewritten to point inside the OpenAPI document. */
  readonly schema: JsonSchema;
  /** Its `$defs`, each its own entry of components/schemas (`<name>.<def>`), references rewritten too. */
  readonly defs: ReadonlyMap<string, JsonSchema>;
  /** contracts/<name>/examples/valid/*.json, by file name without `.json`, sorted. */
  readonly examples: ReadonlyMap<string, unknown>;
}

/** Where a contract's schema lives in the OpenAPI document. */
export const contractRef = (name: string): string => `#/components/schemas/${name}`;

/** Where one of a contract's `$defs` lives: a components/schemas entry of its own. */
const defRef = (name: string, def: string): string => contractRef(`${name}.${def}`);

/** `#/$defs/x` (a contract's own definition) → the components/schemas entry it is hoisted to. */
function pointerInto(name: string, pointer: string): string {
  const def = /^\/\$defs\/([^/]+)(.*)$/.exec(pointer);
  return def ? `${defRef(name, def[1] ?? '')}${def[2] ?? ''}` : `${contractRef(name)}${pointer}`;
}

/**
 * A contract's `$ref`s are relative to its `$id` (`../change-event.v1/schema.json#/properties/kind`,
 * `#/$defs/x`). Embedded in the document they would resolve against the document itself, and tools
 * would fetch the `$id` URLs, so each becomes the same pointer into components/schemas. `$defs` are
 * hoisted to components/schemas of their own: client generators read those, not nested `$defs`.
 */
function rewriteRefs(value: unknown, self: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, self));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      const sibling = /^\.\.\/([^/]+)\/schema\.json(?:#(.*))?$/.exec(child);
      if (sibling) out[key] = pointerInto(sibling[1] ?? '', sibling[2] ?? '');
      else if (child.startsWith('#')) out[key] = pointerInto(self, child.slice(1));
      else throw new Error(`contract ${self}: cannot place $ref "${child}" in the OpenAPI document`);
    } else {
      out[key] = rewriteRefs(child, self);
    }
  }
  return out;
}

/**
 * OpenAPI reads a `discriminator` without a `mapping` as naming the component schemas themselves; the
 * contracts discriminate on a member's `const` (Ajv's discriminator takes no mapping), so the document
 * spells the mapping out: each `oneOf` branch's const → its component.
 */
function withDiscriminatorMappings(value: unknown, defs: ReadonlyMap<string, JsonSchema>): unknown {
  if (Array.isArray(value)) return value.map((item) => withDiscriminatorMappings(item, defs));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) out[key] = withDiscriminatorMappings(child, defs);
  const discriminator = out['discriminator'] as { propertyName?: string; mapping?: unknown } | undefined;
  const branches = out['oneOf'];
  if (discriminator?.propertyName === undefined || discriminator.mapping !== undefined) return out;
  if (!Array.isArray(branches)) return out;
  const mapping: Record<string, string> = {};
  for (const branch of branches as { $ref?: string }[]) {
    const ref = branch.$ref;
    const target = ref?.startsWith(contractRef('')) ? defs.get(ref.slice(contractRef('').length)) : undefined;
    const properties = target?.['properties'] as Record<string, { const?: unknown }> | undefined;
    const constant = properties?.[discriminator.propertyName]?.const;
    if (ref !== undefined && typeof constant === 'string') mapping[constant] = ref;
  }
  out['discriminator'] = { ...discriminator, mapping };
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
      const ownDefs = (rest['$defs'] ?? {}) as Record<string, JsonSchema>;
      delete rest['$defs'];
      const defs = new Map(
        Object.entries(ownDefs).map(([def, schema]): [string, JsonSchema] => [
          `${name}.${def}`,
          rewriteRefs(schema, name) as JsonSchema,
        ]),
      );
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
      const withMappings = new Map(
        [...defs].map(([key, schema]): [string, JsonSchema] => [
          key,
          withDiscriminatorMappings(schema, defs) as JsonSchema,
        ]),
      );
      const schema = withDiscriminatorMappings(rewriteRefs(rest, name), defs) as JsonSchema;
      return { name, schema, defs: withMappings, examples };
    });
}

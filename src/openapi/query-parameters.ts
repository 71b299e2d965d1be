import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** A JSON Schema (2020-12, which OpenAPI 3.1 schemas are). */
export type JsonSchema = Record<string, unknown>;

export interface ParameterObject {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: JsonSchema;
  readonly description?: string;
  readonly style?: 'form';
  readonly explode?: boolean;
}

/** Rules of class-validator (by decorator name) that say something about a value's schema. */
const SCHEMA_RULES: Readonly<Record<string, (constraints: readonly unknown[]) => JsonSchema>> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isBooleanString: () => ({ type: 'string', enum: ['true', 'false'] }),
  isIn: ([values]) => ({ enum: Array.isArray(values) ? [...(values as unknown[])] : [] }),
  isEnum: ([values]) => ({ enum: Object.values(values as object) }),
  maxLength: ([max]) => ({ type: 'string', maxLength: max }),
  minLength: ([min]) => ({ type: 'string', minLength: min }),
  min: ([min]) => ({ minimum: min }),
  max: ([max]) => ({ maximum: max }),
  // src/common/http/query-params.ts: an RFC 3339 instant.
  isInstant: () => ({ type: 'string', format: 'date-time' }),
  isUUID: () => ({ type: 'string', format: 'uuid' }),
};

/**
 * The query parameters a class-validator DTO accepts (the ValidationPipe refuses any other), read from
 * class-validator's own metadata, so the description cannot drift from the validation.
 */
export function queryParametersOf(dto: abstract new (...args: never[]) => unknown): ParameterObject[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of metadata) {
    const rules = byProperty.get(rule.propertyName) ?? [];
    rules.push(rule);
    byProperty.set(rule.propertyName, rules);
  }
  return [...byProperty.entries()].map(([name, rules]) => {
    const optional = rules.some((rule) => rule.type === 'conditionalValidation');
    const isArray = rules.some((rule) => rule.name === 'isArray');
    const item: JsonSchema = {};
    const unknownRules: string[] = [];
    for (const rule of rules) {
      if (rule.name === undefined || rule.name === 'isArray' || rule.type === 'conditionalValidation')
        continue;
      const toSchema = SCHEMA_RULES[rule.name];
      if (toSchema === undefined) unknownRules.push(rule.name);
      else Object.assign(item, toSchema(rule.constraints));
    }
    if (item['enum'] !== undefined && item['type'] === undefined) item['type'] = 'string';
    const schema = isArray ? { type: 'array', items: item } : item;
    return {
      name,
      in: 'query' as const,
      required: !optional,
      schema,
      ...(unknownRules.length > 0 ? { description: `also checked: ${unknownRules.join(', ')}` } : {}),
      ...(isArray ? { style: 'form' as const, explode: true } : {}),
    };
  });
}

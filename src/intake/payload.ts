import type { FieldProblem } from '../common/domain-error';
import type { ChangeEvent } from '../changes/domain/change-event';

/**
 * Reading upstream payloads, for the mappings of every intake: plain functions over parsed JSON that
 * collect a problem per field at fault, named by its JSON Pointer in the payload.
 */

/** What a mapping makes of one payload: change events (checked by the contract next), or why not. */
export type MappedChanges =
  | { readonly ok: true; readonly events: readonly ChangeEvent[] }
  | { readonly ok: false; readonly errors: readonly FieldProblem[] };

export const unmappable = (field: string, message: string): MappedChanges => ({
  ok: false,
  errors: [{ field, message: `${field || 'the payload'} ${message}` }],
});

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at a JSON Pointer (RFC 6901), or undefined. */
export function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current: unknown = document;
  for (const token of pointer.slice(1).split('/').map(unescape)) {
    if (Array.isArray(current) && /^(0|[1-9][0-9]*)$/.test(token)) current = current[Number(token)];
    else if (typeof current === 'object' && current !== null && !Array.isArray(current))
      current = Object.prototype.hasOwnProperty.call(current, token)
        ? (current as Record<string, unknown>)[token]
        : undefined;
    else return undefined;
  }
  return current;
}

/** Collects field problems while reading one payload. */
export class PayloadReader {
  readonly errors: FieldProblem[] = [];

  constructor(private readonly payload: unknown) {}

  problem(field: string, message: string): void {
    this.errors.push({ field, message: `${field || 'the payload'} ${message}` });
  }

  /** A string at the pointer, or undefined (a problem noted) when absent, empty or not a string. */
  required(pointer: string): string | undefined {
    const value = valueAt(this.payload, pointer);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (typeof value !== 'string' || value === '') {
      this.problem(
        pointer,
        value === undefined || value === null ? 'is required' : 'must be a non-empty string',
      );
      return undefined;
    }
    return value;
  }

  /** A non-empty string (or an integer, as text) at the pointer, or undefined. */
  optional(pointer: string): string | undefined {
    const value = valueAt(this.payload, pointer);
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** An instant at the pointer (RFC 3339 text or epoch milliseconds) as change-event.v1 writes it. */
  instant(pointer: string, required = true): string | undefined {
    const value = valueAt(this.payload, pointer);
    if (value === undefined || value === null || value === '') {
      if (required) this.problem(pointer, 'is required');
      return undefined;
    }
    const instant = toInstant(value);
    if (instant === undefined)
      this.problem(pointer, 'is not an instant (RFC 3339 date-time or epoch milliseconds)');
    return instant;
  }
}

/**
 * An upstream timestamp as an RFC 3339 instant in UTC: epoch milliseconds, or date-time text with an
 * offset (`+0000` as PagerDuty writes it is read as `+00:00`). Undefined when it is neither.
 */
export function toInstant(value: unknown): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || !Number.isInteger(value)) return undefined;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  if (typeof value !== 'string') return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|z|[+-]\d{2}:?\d{2})$/.exec(
    value.trim(),
  );
  if (match === null) return undefined;
  const [, day, time, zone = 'Z'] = match;
  const offset = /^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone.toUpperCase();
  const date = new Date(`${day}T${time}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** An absolute http(s) URL, or undefined: links carry only what a reader can open. */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Text cut to change-event.v1's limits for free text. */
export function bounded(text: string | undefined, max: number): string | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}

/** An attribute key as change-event.v1 allows it ([A-Za-z0-9_.:/-], at most 128). */
export function attributeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9_.:/-]/g, '_').slice(0, 128);
}

type Attributes = NonNullable<ChangeEvent['attributes']>;

/** Flat attributes from scalar entries (strings cut to 1,024), at most 64; nested values left out. */
export function attributesOf(entries: readonly (readonly [string, unknown])[]): Attributes | undefined {
  const attributes: Record<string, string | number | boolean | null> = {};
  let count = 0;
  for (const [key, value] of entries) {
    if (count >= 64) break;
    if (value === undefined) continue;
    const name = attributeKey(key);
    if (name === '' || name in attributes) continue;
    if (typeof value === 'string') attributes[name] = value.slice(0, 1024);
    else if (typeof value === 'number' && Number.isFinite(value)) attributes[name] = value;
    else if (typeof value === 'boolean' || value === null) attributes[name] = value;
    else continue;
    count++;
  }
  return count === 0 ? undefined : attributes;
}

/** An event without the optional members that came out undefined (stored events carry no `undefined`). */
export function compact<T extends object>(event: T): T {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as T;
}

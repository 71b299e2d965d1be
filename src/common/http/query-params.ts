import { BadRequestException } from '@nestjs/common';
import { decodeCursor, type KeysetCursor } from '../keyset-cursor';

/** class-transformer: a query parameter given once is a string, given twice an array; always an array. */
export const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/** class-transformer: digits become a number; anything else is left for the validator to name. */
export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** A `cursor` query parameter as issued in a previous page's `nextCursor`, or 400. */
export function cursorParam(raw: string | undefined): KeysetCursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = decodeCursor(raw);
  if (cursor === undefined)
    throw new BadRequestException('cursor is not valid: pass the nextCursor of a previous page');
  return cursor;
}

/** Validated ISO `from`/`to` query parameters as instants; 400 unless from < to. */
export function rangeParams(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const start = from === undefined ? undefined : new Date(from);
  const end = to === undefined ? undefined : new Date(to);
  if (start && end && start >= end) throw new BadRequestException('from must be before to');
  return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
}

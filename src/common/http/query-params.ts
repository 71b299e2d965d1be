import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { firstControlCharacter } from '../control-characters';
import { INSTANT_RULE, parseInstant } from '../instant';
import { decodeCursor, type KeysetCursor } from '../keyset-cursor';

/** class-transformer: a query parameter given once is a string, given twice an array; always an array. */
export const toArray = ({ value }: { value: unknown }): unknown =>
  value === undefined ? undefined : Array.isArray(value) ? value : [value];

/** class-transformer: digits become a number; anything else is left for the validator to name. */
export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** class-validator: an instant as `parseInstant` reads it (RFC 3339, in the range PostgreSQL stores). */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseInstant(value) !== undefined,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be ${INSTANT_RULE}`,
      },
    },
    options,
  );
}

/** 400 for one path or query parameter: `message` as clients have read it, and the parameter in `errors`. */
export function parameterRejection(name: string, message: string): BadRequestException {
  return new BadRequestException({ message, errors: [{ field: name, message }] });
}

/** A query parameter that is an instant, or 400 naming it (also when it is given twice). */
export function instantParam(name: string, raw: unknown): Date {
  const instant = typeof raw === 'string' ? parseInstant(raw) : undefined;
  if (instant === undefined) throw parameterRejection(name, `${name} must be ${INSTANT_RULE}`);
  return instant;
}

/** A `cursor` query parameter as issued in a previous page's `nextCursor`, or 400. */
export function cursorParam(raw: string | undefined): KeysetCursor | undefined {
  if (raw === undefined) return undefined;
  const cursor = decodeCursor(raw);
  if (cursor === undefined)
    throw parameterRejection('cursor', 'cursor is not valid: pass the nextCursor of a previous page');
  return cursor;
}

/** Two query parameters bounding a range, as instants (400 naming the one at fault); 400 unless start < end. */
export function instantRangeParams(
  names: readonly [start: string, end: string],
  from: string | undefined,
  to: string | undefined,
): { start?: Date; end?: Date } {
  const [startName, endName] = names;
  const start = from === undefined ? undefined : instantParam(startName, from);
  const end = to === undefined ? undefined : instantParam(endName, to);
  if (start && end && start >= end)
    throw parameterRejection(startName, `${startName} must be before ${endName}`);
  return { ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/** `from`/`to` query parameters as instants (400 naming the one at fault); 400 unless from < to. */
export function rangeParams(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const { start, end } = instantRangeParams(['from', 'to'], from, to);
  return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
}

/**
 * Global pipe: path and query parameters are identifiers, filter values, instants, numbers or a short
 * reason, and a control character is none of those. NUL in particular would reach PostgreSQL, which
 * refuses it in text (a 500). Refused here once, for every route, naming the parameter.
 */
@Injectable()
export class RefuseControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'query' && metadata.type !== 'param') return value;
    const what = metadata.type === 'query' ? 'query parameter' : 'path parameter';
    const refuse = (name: string, found: string): never => {
      throw parameterRejection(
        name,
        `${what} ${JSON.stringify(name)} contains a control character (${found}); it may not`,
      );
    };
    const check = (name: string, item: unknown): void => {
      if (typeof item === 'string') {
        const found = firstControlCharacter(item);
        if (found !== undefined) refuse(name, found);
      } else if (Array.isArray(item)) {
        for (const element of item) check(name, element);
      }
    };
    if (metadata.data !== undefined) {
      check(metadata.data, value);
    } else if (typeof value === 'object' && value !== null) {
      // The whole query string (or every path parameter) as one object: its keys are names too.
      for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
        const found = firstControlCharacter(name);
        if (found !== undefined) refuse(name, found);
        check(name, item);
      }
    } else {
      check(what, value);
    }
    return value;
  }
}

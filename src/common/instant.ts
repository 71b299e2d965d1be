/**
 * Instants given as text (query parameters, cursors): one parser, so every route refuses the same things
 * with the same words, before a value can reach PostgreSQL.
 *
 * The range is what every layer holds: RFC 3339 (the contracts' `date-time`) writes four-digit years;
 * PostgreSQL's timestamptz has no year 0 (it writes 1 BC) and refuses `toISOString`'s six-digit form
 * (`+275760-09-13…`); JS Date holds both ends. So: 0001-01-01T00:00:00Z up to the end of 9999, in UTC.
 */
export const EARLIEST_INSTANT_MS = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** RFC 3339 with the seconds optional: a date, a time, and `Z` or a numeric offset (never local time). */
const DATE_TIME_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** What a parameter that takes an instant accepts, for messages: `${name} must be ${INSTANT_RULE}`. */
export const INSTANT_RULE =
  'an ISO 8601 date-time with Z or an offset (2026-11-03T14:05:00Z), from 0001-01-01 to 9999-12-31';

export function isStorableInstant(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
}

/** Date.parse rolls 2026-02-30 over to March 2: a typo must not move a range by days. */
function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The instant `text` names, or undefined when it is not an RFC 3339 date-time in the storable range. */
export function parseInstant(text: string): Date | undefined {
  const match = DATE_TIME_WITH_OFFSET.exec(text);
  if (match === null) return undefined;
  const [, year, month, day] = match;
  if (!isRealDate(Number(year), Number(month), Number(day))) return undefined;
  const ms = Date.parse(text);
  return isStorableInstant(ms) ? new Date(ms) : undefined;
}

import { parseInstant } from '../../common/instant';

/**
 * Instants on the command line. Explicit about time zones (a date-time needs `Z` or an offset), and
 * quick to type during an incident (`2h` = two hours ago, `now+30m`).
 */

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

const RELATIVE = /^(?:now\s*([+-])\s*)?(\d+)\s*([smhdw])$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export const INSTANT_HELP =
  'an ISO 8601 instant with Z or an offset (2026-11-03T14:05:00Z), a date (UTC midnight), now, ' +
  'now-30m / now+2h, or 2h (= 2 hours ago); units s m h d w';

/**
 * Parses an instant argument against `now`; throws an Error that says what is accepted. The result is
 * always a real instant (the service receives it in UTC `toISOString` form).
 */
export function parseInstantArg(text: string, now: Date): Date {
  const value = text.trim();
  if (value === 'now') return new Date(now.getTime());
  const relative = RELATIVE.exec(value);
  if (relative !== null) {
    const [, sign, amount, unit] = relative;
    const ms = Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
    const direction = sign === '+' ? 1 : -1;
    const result = new Date(now.getTime() + direction * ms);
    if (Number.isFinite(result.getTime())) return result;
  }
  // The service's own parser: what it accepts here, the service accepts too.
  const parsed = parseInstant(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (parsed !== undefined) return parsed;
  throw new Error(`"${text}" is not a time: use ${INSTANT_HELP}`);
}

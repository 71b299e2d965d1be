// Times are shown in the browser's zone, or in UTC when the header's toggle says so (`tz=utc` in the URL).
export interface Zone {
  readonly utc: boolean;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(options: Intl.DateTimeFormatOptions, zone: Zone, timeZone?: string): Intl.DateTimeFormat {
  const tz = timeZone ?? (zone.utc ? 'UTC' : undefined);
  const key = JSON.stringify([options, tz]);
  let found = formats.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat('en-GB', { ...options, ...(tz === undefined ? {} : { timeZone: tz }) });
    formats.set(key, found);
  }
  return found;
}

const FULL: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
};

/** A full instant, e.g. "03 Nov 2026, 14:05:00". */
export function formatInstant(
  iso: string | number | null | undefined,
  zone: Zone,
  timeZone?: string,
): string {
  if (iso === null || iso === undefined) return '—';
  return format(FULL, zone, timeZone).format(new Date(iso));
}

export function formatClock(ms: number, zone: Zone, withDate: boolean, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = withDate
    ? { month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return format(options, zone, timeZone).format(new Date(ms));
}

export function zoneName(zone: Zone): string {
  return zone.utc ? 'UTC' : Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The parts of an instant in the display zone: what a day cell of the calendar keys on. */
export function dayKey(ms: number, zone: Zone): string {
  const parts = format({ year: 'numeric', month: '2-digit', day: '2-digit' }, zone).formatToParts(
    new Date(ms),
  );
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/**
 * The instant a wall-clock time (from a datetime-local input, "2026-03-29T02:30") stands for in the display
 * zone; undefined when it is not a time.
 */
export function fromLocalInput(value: string, zone: Zone): string | undefined {
  if (value === '') return undefined;
  const ms = zone.utc ? Date.parse(`${value}Z`) : new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The datetime-local text of an instant in the display zone. */
export function toLocalInput(ms: number, zone: Zone): string {
  const d = new Date(ms);
  if (zone.utc) return d.toISOString().slice(0, 16);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A pasted timestamp: ISO 8601 (with or without zone; without, in the display zone) or epoch ms. */
export function parsePasted(text: string, zone: Zone): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (/^\d{12,}$/.test(trimmed)) return Number(trimmed);
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(trimmed);
  const ms = Date.parse(hasZone || !zone.utc ? trimmed : `${trimmed}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Wording shared by the reasons: durations and relative times a reviewer reads at a glance. */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** 40 s, 6 min, 1 h 20 min, 2 d 3 h: two units at most, rounded to the nearest of the smaller. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.round(abs / 1000)} s`;
  if (abs < HOUR) return `${Math.round(abs / MINUTE)} min`;
  if (abs < DAY) {
    const minutes = Math.round(abs / MINUTE);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m === 0 ? `${h} h` : `${h} h ${m} min`;
  }
  const hours = Math.round(abs / HOUR);
  const d = Math.floor(hours / 24);
  const h = hours % 24;
  return h === 0 ? `${d} d` : `${d} d ${h} h`;
}

/** "6 min before the alert", "40 s after the alert", "at the alert's start". */
export function relativeToAlert(at: number, alertStartsAt: number): string {
  const delta = alertStartsAt - at;
  if (Math.abs(delta) < 1000) return "at the alert's start";
  return delta > 0 ? `${formatDuration(delta)} before the alert` : `${formatDuration(delta)} after the alert`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** "a, b and c"; at most `max` names, then "and 3 more". */
export function listNames(names: readonly string[], max = 3): string {
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}

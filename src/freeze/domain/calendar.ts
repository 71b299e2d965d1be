/**
 * The freeze calendar: the occurrences of many windows in one range, in start order, one bounded page at a
 * time. A window that fires every minute has 527,040 occurrences in a year, so a page holds at most
 * `limitPerWindow` of each window's; when one window has more, the page stops before that window's first
 * left-out occurrence (for every window, so the page is a complete prefix of the list) and says where the
 * next page starts. Pages never overlap: a page lists only occurrences that start at or after its
 * `startingAt`, the previous page's `nextStart`.
 */
import type { FreezeWindow } from './freeze-window';
import { occurrencesBetween, type Occurrence } from './schedule';

export interface CalendarEntry {
  readonly window: FreezeWindow;
  readonly occurrence: Occurrence;
}

export interface CalendarPage {
  /** In start order, then by window id. */
  readonly entries: readonly CalendarEntry[];
  /** Where the next page starts (its `startingAt`); undefined when this page ends the list. */
  readonly nextStart: Date | undefined;
}

export function calendarPage(
  windows: readonly FreezeWindow[],
  from: Date,
  to: Date,
  options: { readonly limitPerWindow: number; readonly startingAt?: Date },
): CalendarPage {
  // At most two occurrences of a window start at one instant (a cron fire in a daylight-saving gap starts
  // with the next one), so with a limit of two or more each page moves the start forward.
  const limit = Math.max(2, options.limitPerWindow);
  const all: CalendarEntry[] = [];
  let cut: number | undefined;
  for (const window of windows) {
    const occurrences = occurrencesBetween(window, from, to, {
      limit: limit + 1,
      ...(options.startingAt === undefined ? {} : { startingAt: options.startingAt }),
    });
    const firstLeftOut = occurrences[limit];
    if (firstLeftOut !== undefined) {
      const start = firstLeftOut.start.getTime();
      cut = cut === undefined ? start : Math.min(cut, start);
    }
    for (const occurrence of occurrences) all.push({ window, occurrence });
  }
  const entries = (cut === undefined ? all : all.filter((e) => e.occurrence.start.getTime() < cut)).sort(
    (a, b) =>
      a.occurrence.start.getTime() - b.occurrence.start.getTime() || a.window.id.localeCompare(b.window.id),
  );
  return { entries, nextStart: cut === undefined ? undefined : new Date(cut) };
}

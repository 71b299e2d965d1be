import type {
  FreezeScope,
  FreezeWindow,
  FreezeWindowDefinition,
  OnceSchedule,
  RecurringSchedule,
} from '../../../../src/freeze/domain/freeze-window';
import { validateFreezeWindow } from '../../../../src/contracts/freeze-window-validator';
import type { Occurrence } from '../../../../src/freeze/domain/schedule';

export const instant = (iso: string): Date => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`bad instant in test: ${iso}`);
  return date;
};

export function recurring(
  cron: string,
  duration: string,
  timeZone: string,
  extra: Partial<Omit<RecurringSchedule, 'type' | 'cron' | 'duration' | 'timeZone'>> = {},
): RecurringSchedule {
  return { type: 'recurring', cron, duration, timeZone, ...extra };
}

export function once(start: string, end?: string): OnceSchedule {
  return end === undefined ? { type: 'once', start } : { type: 'once', start, end };
}

let nextId = 0;

/**
 * A window built through validateFreezeWindow, so every test window is one the API would accept.
 * Defaults: a deny window matching every change.
 */
export function freezeWindow(
  fields: Partial<FreezeWindowDefinition> & Pick<FreezeWindowDefinition, 'schedule'>,
  state: { id?: string; liftedAt?: Date; cancelled?: boolean } = {},
): FreezeWindow {
  nextId += 1;
  const definition = {
    name: `window ${nextId}`,
    reason: 'test',
    kind: 'deny',
    scope: {} as FreezeScope,
    ...fields,
  };
  const result = validateFreezeWindow(definition);
  if (!result.ok) throw new Error(`invalid test window: ${JSON.stringify(result.errors)}`);
  return {
    ...result.value,
    id: state.id ?? `w-${nextId}`,
    liftedAt: state.liftedAt,
    cancelled: state.cancelled ?? false,
  };
}

/** Occurrences as `start..end` strings in UTC, for readable expectations. */
export function spans(occurrences: readonly Occurrence[]): string[] {
  return occurrences.map((o) => span(o));
}

export function span(o: Occurrence | undefined): string {
  if (o === undefined) return 'none';
  return `${o.start.toISOString()}..${o.end === null ? 'open' : o.end.toISOString()}`;
}

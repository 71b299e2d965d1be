import { alertInstanceKey, type AlertEvent, type AlertStatus } from './alert-event';

/**
 * One alert instance as folded from its events: opened by its firing notification, closed by its resolved
 * one. The fold does not depend on arrival order: a resolved notification that overtakes its firing one
 * still closes the instance, and the firing one that arrives later only fills in what it describes.
 */
export interface AlertState {
  readonly key: string;
  readonly status: AlertStatus;
  /** The event that describes the alert: the firing one when seen, else the resolved one. */
  readonly alert: AlertEvent;
  readonly startsAt: number;
  /** When it ended (epoch ms); set once resolved. */
  readonly endsAt?: number;
  readonly firingSeen: boolean;
}

/**
 * What an event did to its instance. `duplicate`: a repeat of a notification already applied (the store
 * dedupes these by eventId first, so this is a second line of defence). `late_firing`: the firing
 * notification arrived after the resolved one and only completed the description.
 */
export type AlertEffect = 'opened' | 'resolved' | 'duplicate' | 'late_firing';

export interface AppliedAlertEvent {
  readonly state: AlertState;
  readonly effect: AlertEffect;
}

export function applyAlertEvent(state: AlertState | undefined, event: AlertEvent): AppliedAlertEvent {
  const key = alertInstanceKey(event);
  if (state !== undefined && state.key !== key) {
    throw new Error(`alert event of ${key} applied to instance ${state.key}`);
  }
  const startsAt = Date.parse(event.startsAt);
  if (event.status === 'firing') {
    if (state === undefined) {
      return { state: { key, status: 'firing', alert: event, startsAt, firingSeen: true }, effect: 'opened' };
    }
    if (state.firingSeen) return { state, effect: 'duplicate' };
    return { state: { ...state, alert: event, firingSeen: true }, effect: 'late_firing' };
  }
  const endsAt = event.endsAt === undefined ? startsAt : Date.parse(event.endsAt);
  if (state === undefined) {
    return {
      state: { key, status: 'resolved', alert: event, startsAt, endsAt, firingSeen: false },
      effect: 'resolved',
    };
  }
  if (state.status === 'resolved') return { state, effect: 'duplicate' };
  return { state: { ...state, status: 'resolved', endsAt }, effect: 'resolved' };
}

/** Folds an instance's events in any order, with any duplicates. */
export function foldAlertEvents(events: readonly AlertEvent[]): AlertState | undefined {
  let state: AlertState | undefined;
  for (const event of events) state = applyAlertEvent(state, event).state;
  return state;
}

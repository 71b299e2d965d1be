/**
 * The domain's view of an alert event. It mirrors contracts/alert-event.v1/schema.json through the type
 * generated from it, so the schema stays the single source of truth for the shape.
 */
import { isStorableInstant } from '../../common/instant';
import type { FieldError } from '../../contracts/contract-validator';
import { EARLIEST_OCCURRED_AT, MAX_CLOCK_AHEAD_MS } from '../../contracts/change-event-validator';
import type { AlertEventV1 } from '../../contracts/generated/alert-event.v1';

export type { AlertEventV1 as AlertEvent } from '../../contracts/generated/alert-event.v1';
export type AlertSeverity = AlertEventV1['severity'];
export type AlertStatus = AlertEventV1['status'];

/** Most severe first. */
export const ALERT_SEVERITIES = [
  'critical',
  'high',
  'warning',
  'info',
] as const satisfies readonly AlertSeverity[];

/**
 * The rules JSON Schema cannot state: startsAt is a plausible instant (the store can hold it, and it is
 * not far ahead of our clock), and an alert does not end before it starts.
 */
export function checkAlertEvent(event: AlertEventV1, now: number = Date.now()): FieldError[] {
  const errors: FieldError[] = [];
  const startsAt = Date.parse(event.startsAt);
  if (Number.isNaN(startsAt)) {
    errors.push({ field: '/startsAt', message: '/startsAt is not a valid instant' });
  } else if (startsAt < EARLIEST_OCCURRED_AT) {
    errors.push({ field: '/startsAt', message: '/startsAt is before 2000-01-01T00:00:00Z' });
  } else if (startsAt > now + MAX_CLOCK_AHEAD_MS) {
    errors.push({ field: '/startsAt', message: '/startsAt is more than 24 hours in the future' });
  }
  if (event.endsAt !== undefined) {
    const endsAt = Date.parse(event.endsAt);
    if (Number.isNaN(endsAt)) {
      errors.push({ field: '/endsAt', message: '/endsAt is not a valid instant' });
    } else if (!isStorableInstant(endsAt)) {
      // Four-digit years with an offset can still fall past 9999 in UTC, where PostgreSQL parts ways.
      errors.push({ field: '/endsAt', message: '/endsAt is after 9999-12-31T23:59:59.999Z' });
    } else if (!Number.isNaN(startsAt) && endsAt < startsAt) {
      errors.push({ field: '/endsAt', message: '/endsAt is before /startsAt' });
    }
  }
  return errors;
}

/**
 * Identity of one alert instance: the same rule on the same series (fingerprint, unique within its source)
 * that started at one instant. startsAt is compared as an instant, so `…+02:00` and the same time in `Z`
 * are one instance. The source cannot contain `:`, so the key is unambiguous.
 */
export function alertInstanceKey(event: Pick<AlertEventV1, 'source' | 'fingerprint' | 'startsAt'>): string {
  return `alert:${event.source}:${new Date(Date.parse(event.startsAt)).toISOString()}:${event.fingerprint}`;
}

/**
 * Idempotency key of an alert event (the event store's eventId): alerting systems re-send a firing alert
 * on every repeat interval, so producers cannot be asked for a unique id per notification. The key is the
 * instance plus its status: every repeat of a firing notification is the same event (a no-op), and the
 * resolved notification is exactly one more event for the instance.
 */
export function alertEventId(
  event: Pick<AlertEventV1, 'source' | 'fingerprint' | 'startsAt' | 'status'>,
): string {
  return `${alertInstanceKey(event)}:${event.status}`;
}

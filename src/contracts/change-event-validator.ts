import { ContractValidator, type FieldError } from './contract-validator';
import type { ChangeEventV1 as ChangeEvent } from './generated/change-event.v1';

export type ChangeEventValidator = ContractValidator<ChangeEvent>;
export const CHANGE_EVENT_VALIDATOR = Symbol('CHANGE_EVENT_VALIDATOR');

/** Earliest occurredAt accepted: older is a producer bug (or a year PostgreSQL cannot store). */
export const EARLIEST_OCCURRED_AT = Date.parse('2000-01-01T00:00:00Z');
/** How far ahead of our clock a producer's clock may run. */
export const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

/** The rules JSON Schema cannot state: an instant that is a plausible time for a change. */
export function checkChangeEvent(event: ChangeEvent, now: number = Date.now()): FieldError[] {
  const at = Date.parse(event.occurredAt);
  if (Number.isNaN(at)) return [{ field: '/occurredAt', message: '/occurredAt is not a valid instant' }];
  if (at < EARLIEST_OCCURRED_AT) {
    return [{ field: '/occurredAt', message: '/occurredAt is before 2000-01-01T00:00:00Z' }];
  }
  if (at > now + MAX_CLOCK_AHEAD_MS) {
    return [{ field: '/occurredAt', message: '/occurredAt is more than 24 hours in the future' }];
  }
  return [];
}

export function createChangeEventValidator(): ChangeEventValidator {
  return new ContractValidator<ChangeEvent>('change-event.v1', (event) => checkChangeEvent(event));
}

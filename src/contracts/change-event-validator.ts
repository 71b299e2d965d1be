import { ContractValidator, type FieldError } from './contract-validator';
import type { ChangeEventV1 as ChangeEvent } from './generated/change-event.v1';

export type ChangeEventValidator = ContractValidator<ChangeEvent>;
export const CHANGE_EVENT_VALIDATOR = Symbol('CHANGE_EVENT_VALIDATOR');

/** Earliest occurredAt accepted: older is a producer bug (or a year PostgreSQL cannot store). */
export const EARLIEST_OCCURRED_AT = Date.parse('2000-01-01T00:00:00Z');
/** How far ahead of our clock a producer's clock may run. */
export const MAX_CLOCK_AHEAD_MS = 24 * 3_600_000;

/**
 * An instant a producer can plausibly mean (`field` is its JSON Pointer): not before 2000, not more than
 * the clock allowance ahead of ours.
 */
export function checkPlausibleInstant(text: string, field: string, now: number = Date.now()): FieldError[] {
  const at = Date.parse(text);
  if (Number.isNaN(at)) return [{ field, message: `${field} is not a valid instant` }];
  if (at < EARLIEST_OCCURRED_AT) return [{ field, message: `${field} is before 2000-01-01T00:00:00Z` }];
  if (at > now + MAX_CLOCK_AHEAD_MS) {
    return [{ field, message: `${field} is more than 24 hours in the future` }];
  }
  return [];
}

/** The rules JSON Schema cannot state: an instant that is a plausible time for a change. */
export function checkChangeEvent(event: ChangeEvent, now: number = Date.now()): FieldError[] {
  return checkPlausibleInstant(event.occurredAt, '/occurredAt', now);
}

export function createChangeEventValidator(): ChangeEventValidator {
  return new ContractValidator<ChangeEvent>('change-event.v1', (event) => checkChangeEvent(event));
}

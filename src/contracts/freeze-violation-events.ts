/**
 * Event types under which freeze checks (contracts/freeze-violation.v1) are stored in a change's stream.
 * Part of the published contract: the change detail shows them and the insights relay publishes them.
 */
export type { FreezeViolationV1 } from './generated/freeze-violation.v1';

export const FREEZE_VIOLATION_DETECTED = 'FreezeViolationDetected';
export const FREEZE_VIOLATION_EXCUSED = 'FreezeViolationExcused';
export const FREEZE_CHECK_EVENT_TYPES: ReadonlySet<string> = new Set([
  FREEZE_VIOLATION_DETECTED,
  FREEZE_VIOLATION_EXCUSED,
]);

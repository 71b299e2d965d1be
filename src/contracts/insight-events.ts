import { FREEZE_VIOLATION_DETECTED, FREEZE_VIOLATION_EXCUSED } from './freeze-violation-events';

/**
 * The stored event types published to change-insights.v1, with the contract their payload follows.
 * The message key is the event's stream id (the changeId for freeze checks).
 */
export const INSIGHT_CONTRACTS: ReadonlyMap<string, string> = new Map([
  [FREEZE_VIOLATION_DETECTED, 'freeze-violation.v1'],
  [FREEZE_VIOLATION_EXCUSED, 'freeze-violation.v1'],
]);

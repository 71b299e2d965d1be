import { FREEZE_VIOLATION_DETECTED, FREEZE_VIOLATION_EXCUSED } from './freeze-violation-events';
import type { FreezeViolationV1 } from './generated/freeze-violation.v1';
import type { SuspectsV1 } from './generated/suspects.v1';

/** Stored under this type in the alert's stream when an alert's ranking changes (contract suspects.v1). */
export const SUSPECTS_RANKED = 'SuspectsRanked';

export interface InsightContract {
  readonly contract: string;
  /** The Kafka message key: the changeId for freeze checks, the alert's fingerprint for rankings. */
  key(data: unknown): string;
}

const freezeCheck: InsightContract = {
  contract: 'freeze-violation.v1',
  key: (data) => (data as FreezeViolationV1).changeId,
};

/** The stored event types published to change-insights.v1, with their contract and key. */
export const INSIGHT_CONTRACTS: ReadonlyMap<string, InsightContract> = new Map([
  [FREEZE_VIOLATION_DETECTED, freezeCheck],
  [FREEZE_VIOLATION_EXCUSED, freezeCheck],
  [SUSPECTS_RANKED, { contract: 'suspects.v1', key: (data) => (data as SuspectsV1).fingerprint }],
]);

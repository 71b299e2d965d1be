import type { AlertCoverageV1 } from '../../contracts/generated/alert-coverage.v1';
import { randomUUID } from 'node:crypto';
import {
  SERVICE_NAMESPACE,
  serviceEventId,
  type JsonObject,
  type NewEvent,
} from '../../event-store/domain/stored-event';

export type DeclaredAlertCoverage = AlertCoverageV1;

/** The declared alert-coverage inventory is one stream; each event replaces the whole inventory. */
export const COVERAGE_STREAM = 'alert-coverage';
export const COVERAGE_STREAM_ID = 'services';
export const ALERT_COVERAGE_DECLARED = 'AlertCoverageDeclared';

export function toNewCoverageEvent(
  declared: DeclaredAlertCoverage,
  metadata: JsonObject,
  occurredAt: Date,
): NewEvent {
  return {
    namespace: SERVICE_NAMESPACE,
    eventId: serviceEventId(`alert-coverage:${randomUUID()}`),
    streamType: COVERAGE_STREAM,
    streamId: COVERAGE_STREAM_ID,
    type: ALERT_COVERAGE_DECLARED,
    data: declared as unknown as JsonObject,
    metadata,
    occurredAt,
  };
}

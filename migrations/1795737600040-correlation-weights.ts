import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The service's own streams and the event types whose ids it derives, before and after this migration. */
const STREAM_TYPES_BEFORE = ['topology', 'freeze-window', 'override-grant', 'alert-coverage'];
const STREAM_TYPES = [...STREAM_TYPES_BEFORE, 'correlation-weights'];
const EVENT_TYPES_BEFORE = [
  'AlertEventRecorded',
  'FreezeViolationDetected',
  'FreezeViolationExcused',
  'SuspectsRanked',
  'SuspectVerdictRecorded',
  'TopologyReplaced',
  'FreezeWindowDeclared',
  'FreezeWindowAmended',
  'FreezeWindowLifted',
  'FreezeWindowCancelled',
  'OverrideGrantIssued',
  'OverrideGrantUsed',
  'OverrideGrantRevoked',
  'AlertCoverageDeclared',
];
const EVENT_TYPES = [
  ...EVENT_TYPES_BEFORE,
  'CorrelationWeightsTrained',
  'CorrelationWeightsApplied',
  'CorrelationWeightsReset',
];
const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/** The learned factor weights of the suspect ranking: a stream of the service's own (`$service` namespace). */
export class CorrelationWeights1795737600040 implements MigrationInterface {
  name = 'CorrelationWeights1795737600040';

  async up(q: QueryRunner): Promise<void> {
    await this.constrain(q, STREAM_TYPES, EVENT_TYPES);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.constrain(q, STREAM_TYPES_BEFORE, EVENT_TYPES_BEFORE);
  }

  private async constrain(q: QueryRunner, streamTypes: string[], eventTypes: string[]): Promise<void> {
    await q.query(`ALTER TABLE events DROP CONSTRAINT events_service_namespace`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_service_namespace CHECK (
      (namespace = '$service') = (stream_type IN (${sqlList(streamTypes)})))`);
    await q.query(`ALTER TABLE events DROP CONSTRAINT events_service_event_ids`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_service_event_ids CHECK (
      event_type NOT IN (${sqlList(eventTypes)}) OR left(event_id, 1) = '$') NOT VALID`);
  }
}

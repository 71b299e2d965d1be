import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { columnDiffers, type ReadModelChecker, type ReadModelMismatch } from '../../common/read-model-check';
import { errorMessage } from '../../common/error-message';
import { EventStore } from '../../event-store/event-store';
import { ALERT_STREAM, alertEventOf, alertStreamNamespace, isAlertEvent } from '../domain/alert-stream';
import { applyAlertEvent, type AlertState } from '../domain/alert-state';
import { writeAlertRows, type AlertRowState } from './alerts.projection';

/** The columns compared (the key names the row). */
const COMPARED = [
  'fingerprint',
  'source',
  'status',
  'starts_at',
  'ends_at',
  'name',
  'severity',
  'service',
  'environment',
  'region',
  'group_key',
  'alert_state',
  'last_position',
] as const;

/**
 * A random sample of alert rows against their streams: each sampled alert's events are folded again with
 * the alerts module's own fold, written by the projection's own writer to a temporary table, and compared
 * with the row column by column (`alert_state`, json, as a JSON value: see columnDiffers). Like the change timeline's check,
 * a row deleted outright is not sampled: the rebuild restores it.
 */
@Injectable()
export class AlertsCheck implements ReadModelChecker {
  readonly model = 'alerts';

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore,
  ) {}

  async check(sample: number): Promise<ReadModelMismatch[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      const sampled = await tx.query<{ alert_key: string }[]>(
        `SELECT alert_key FROM alerts ORDER BY random() LIMIT $1`,
        [sample],
      );
      const mismatches: ReadModelMismatch[] = [];
      const expected: AlertRowState[] = [];
      for (const { alert_key: key } of sampled) {
        const stream = streamName(key);
        const events = (await this.store.readStream(ALERT_STREAM, alertStreamNamespace(key), key, tx)).filter(
          isAlertEvent,
        );
        const last = events[events.length - 1];
        if (last === undefined) {
          mismatches.push({ model: this.model, stream, problem: 'row without a stream' });
          continue;
        }
        try {
          let state: AlertState | undefined;
          for (const event of events) state = applyAlertEvent(state, alertEventOf(event)).state;
          if (state !== undefined) expected.push({ key, state, position: last.position });
        } catch (error) {
          // A stream the fold cannot turn into a row is a finding of the check, not a failure of it.
          mismatches.push({
            model: this.model,
            stream,
            problem: `the stream cannot be folded into a row: ${errorMessage(error)}`,
          });
        }
      }
      await tx.query(`CREATE TEMP TABLE alerts_expected (LIKE alerts INCLUDING INDEXES) ON COMMIT DROP`);
      await writeAlertRows(tx, 'alerts_expected', expected);
      const differing = await tx.query<{ alert_key: string; columns: string[] }[]>(
        `SELECT alert_key, columns FROM (
           SELECT e.alert_key, array_remove(ARRAY[${COMPARED.map(
             (c) => `CASE WHEN ${columnDiffers(c, 'e', 'a', c === 'alert_state')} THEN '${c}' END`,
           ).join(', ')}], NULL) AS columns
             FROM alerts_expected e JOIN alerts a USING (alert_key)) d
          WHERE cardinality(columns) > 0
          ORDER BY alert_key`,
      );
      for (const row of differing) {
        mismatches.push({
          model: this.model,
          stream: streamName(row.alert_key),
          problem: `row differs in ${row.columns.join(', ')}`,
        });
      }
      return mismatches;
    });
  }
}

function streamName(key: string): string {
  return `${ALERT_STREAM}/${alertStreamNamespace(key)}/${key}`;
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../../event-store/domain/stored-event';
import type { AlertEvent } from '../domain/alert-event';
import { alertEventOf, isAlertEvent } from '../domain/alert-stream';
import { applyAlertEvent, type AlertState } from '../domain/alert-state';

/** JSON form of an alert instance as kept in the read model. */
export type StoredAlertState = AlertState;

export interface AlertRow {
  alert_state: StoredAlertState;
}

/**
 * The alerts read model: one row per alert instance, folded from its events in any arrival order (a
 * resolved notification that overtakes its firing one still closes the instance).
 */
@Injectable()
export class AlertsProjection {
  async apply(tx: EntityManager, events: readonly StoredEvent[]): Promise<void> {
    const alertEvents = events.filter(isAlertEvent);
    if (alertEvents.length === 0) return;
    const keys = [...new Set(alertEvents.map((e) => e.streamId))];
    const rows = await tx.query<{ alert_key: string; alert_state: AlertState }[]>(
      `SELECT alert_key, alert_state FROM alerts WHERE alert_key = ANY($1)`,
      [keys],
    );
    const states = new Map<string, AlertState>(rows.map((r) => [r.alert_key, r.alert_state]));
    const positions = new Map<string, bigint>();
    for (const stored of alertEvents) {
      states.set(stored.streamId, applyAlertEvent(states.get(stored.streamId), alertEventOf(stored)).state);
      positions.set(stored.streamId, stored.position);
    }
    const changed = keys.flatMap((key) => {
      const state = states.get(key);
      return state === undefined ? [] : [{ key, state, position: positions.get(key) ?? 0n }];
    });
    await writeAlertRows(tx, 'alerts', changed);
  }
}

/** An alert instance's row: its folded state and the position of its last alert event. */
export interface AlertRowState {
  readonly key: string;
  readonly state: AlertState;
  readonly position: bigint;
}

/**
 * Writes (upserts) alert rows into `alerts`, or into the read-model check's `alerts_expected` (a copy of
 * its columns and key), so that what the check compares is what the projection writes.
 */
export async function writeAlertRows(
  tx: EntityManager,
  table: 'alerts' | 'alerts_expected',
  rows: readonly AlertRowState[],
): Promise<void> {
  if (rows.length === 0) return;
  const alert = (s: AlertState): AlertEvent => s.alert;
  await tx.query(
    `INSERT INTO ${table} (alert_key, fingerprint, source, status, starts_at, ends_at, name, severity, service,
                         environment, region, group_key, alert_state, last_position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[],
                          $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::json[],
                          $14::bigint[])
     ON CONFLICT (alert_key) DO UPDATE SET
       status = EXCLUDED.status, ends_at = EXCLUDED.ends_at, name = EXCLUDED.name, severity = EXCLUDED.severity,
       service = EXCLUDED.service, environment = EXCLUDED.environment, region = EXCLUDED.region,
       group_key = EXCLUDED.group_key, alert_state = EXCLUDED.alert_state, last_position = EXCLUDED.last_position`,
    [
      rows.map((c) => c.key),
      rows.map((c) => alert(c.state).fingerprint),
      rows.map((c) => alert(c.state).source),
      rows.map((c) => c.state.status),
      rows.map((c) => new Date(c.state.startsAt).toISOString()),
      rows.map((c) => (c.state.endsAt === undefined ? null : new Date(c.state.endsAt).toISOString())),
      rows.map((c) => alert(c.state).name),
      rows.map((c) => alert(c.state).severity),
      rows.map((c) => alert(c.state).service ?? null),
      rows.map((c) => alert(c.state).environment),
      rows.map((c) => alert(c.state).region ?? null),
      rows.map((c) => alert(c.state).groupKey ?? null),
      rows.map((c) => JSON.stringify(c.state)),
      rows.map((c) => c.position.toString()),
    ],
  );
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of alerts and correlation, folded from the alert streams of the event store (rebuildable). Incidents are
 * not stored: they are grouped from the alerts and the topology when asked for, so they can never drift.
 * - alerts: one row per alert instance (source, fingerprint, startsAt), firing or resolved;
 * - suspect_verdicts: reviewers' feedback on suspects, for the quality report.
 */
export class Alerts1795737600004 implements MigrationInterface {
  name = 'Alerts1795737600004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE alerts (
        alert_key text PRIMARY KEY,
        fingerprint text NOT NULL,
        source text NOT NULL,
        status text NOT NULL CHECK (status IN ('firing', 'resolved')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        name text NOT NULL,
        severity text NOT NULL,
        service text,
        environment text NOT NULL,
        region text,
        group_key text,
        alert_state json NOT NULL,
        last_position bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX alerts_fingerprint ON alerts (fingerprint, starts_at DESC)`);
    await q.query(`CREATE INDEX alerts_starts_at ON alerts (starts_at DESC, alert_key DESC)`);
    await q.query(`CREATE INDEX alerts_environment_starts_at ON alerts (environment, starts_at)`);
    await q.query(`
      CREATE TABLE suspect_verdicts (
        alert_key text NOT NULL,
        change_id text NOT NULL,
        verdict text NOT NULL CHECK (verdict IN ('cause', 'not_cause')),
        rank integer,
        note text,
        by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (alert_key, change_id)
      )`);
    // Candidate changes for an alert: by environment and start time (the timeline already has a
    // service index).
    await q.query(`CREATE INDEX changes_environment_timeline ON changes (environment, timeline_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX changes_environment_timeline`);
    await q.query(`DROP TABLE suspect_verdicts`);
    await q.query(`DROP TABLE alerts`);
  }
}

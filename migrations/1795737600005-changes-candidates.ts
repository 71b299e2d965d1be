import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The candidate changes of an alert (CorrelationReader.candidateChanges) are found by environment, service
 * (or none) and start time, then narrowed to those still active around the alert. The columns of that
 * narrowing are carried in the index, so the narrowing is an index-only scan: only the few rows that remain
 * are read from the table (a change row is ~1.5 KB; most of a busy range's rows finished long before).
 */
export class ChangesCandidates1795737600005 implements MigrationInterface {
  name = 'ChangesCandidates1795737600005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX changes_candidates ON changes (environment, service, timeline_at)
         INCLUDE (is_rollback, finished_at, last_event_at, change_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX changes_candidates`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The span a change was active, as one range: from its start to its finish, unbounded while it runs.
 * Changes that never started have none. GREATEST guards the bound order against any row whose finish
 * precedes its start (a range may not be inverted). The timeline query uses this very expression.
 */
export const ACTIVE_SPAN_SQL = `tstzrange(started_at, CASE WHEN finished_at IS NULL THEN NULL ELSE GREATEST(started_at, finished_at) END, '[]')`;

/**
 * Indexes for the console's timeline filters: changes active in a range (a GiST index over each change's
 * active span) and free text on the summary (a trigram index, where the pg_trgm extension may be created;
 * without it the search still works, bounded by the other filters and the page).
 */
export class TimelineFilters1795737600009 implements MigrationInterface {
  name = 'TimelineFilters1795737600009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX changes_active_span ON changes USING gist ((${ACTIVE_SPAN_SQL})) WHERE started_at IS NOT NULL`,
    );
    await q.query(`
      DO $$
      BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
      EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
        RAISE NOTICE 'pg_trgm is not available: summary search runs without an index';
      END $$`);
    await q.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          CREATE INDEX changes_summary_trgm ON changes USING gin (summary gin_trgm_ops);
        END IF;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS changes_summary_trgm`);
    await q.query(`DROP INDEX changes_active_span`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The change timeline read model: one row per change, rebuildable from the event store. */
export class ChangeTimeline1795737600001 implements MigrationInterface {
  name = 'ChangeTimeline1795737600001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE changes (
        change_id text PRIMARY KEY,
        source text NOT NULL,
        kind text NOT NULL,
        phase text NOT NULL,
        service text,
        environment text NOT NULL,
        region text,
        cluster text,
        team text,
        actor_type text,
        actor_id text,
        summary text,
        version_from text,
        version_to text,
        rollout jsonb,
        override jsonb,
        is_rollback boolean NOT NULL,
        is_hotfix boolean NOT NULL,
        planned_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        timeline_at timestamptz NOT NULL,
        last_event_at timestamptz NOT NULL,
        event_count integer NOT NULL,
        last_position bigint NOT NULL,
        fold_state json NOT NULL
      )`);
    // Newest first with a stable tie-break; the cursor is (timeline_at, change_id).
    await q.query(`CREATE INDEX changes_timeline ON changes (timeline_at DESC, change_id DESC)`);
    await q.query(
      `CREATE INDEX changes_service_timeline ON changes (service, timeline_at DESC, change_id DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE changes`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Current freeze windows: a read model folded from the freeze-window streams of the event store. */
export class FreezeWindows1795737600002 implements MigrationInterface {
  name = 'FreezeWindows1795737600002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE freeze_windows (
        id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        window_state json NOT NULL,
        cancelled boolean NOT NULL,
        lifted_at timestamptz,
        version integer NOT NULL,
        last_position bigint NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE freeze_windows`);
  }
}

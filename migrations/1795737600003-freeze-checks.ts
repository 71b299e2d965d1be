import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Freeze checks: one row per change that started while a freeze applied to it (a violation, or a change
 * let through by an exemption or a break-glass override). A read model of the FreezeViolationDetected and
 * FreezeViolationExcused events in the change streams; rebuildable from the store.
 */
export class FreezeChecks1795737600003 implements MigrationInterface {
  name = 'FreezeChecks1795737600003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE freeze_checks (
        change_id text PRIMARY KEY,
        outcome text NOT NULL CHECK (outcome IN ('violation', 'exempt', 'overridden')),
        started_at timestamptz NOT NULL,
        service text,
        environment text NOT NULL,
        region text,
        kind text NOT NULL,
        check_state json NOT NULL,
        position bigint NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX freeze_checks_started_at ON freeze_checks (started_at DESC, change_id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE freeze_checks`);
  }
}

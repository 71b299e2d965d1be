import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { grantServiceRole } from './database-roles';

/**
 * Creates database `name` on the server behind `maintenanceUrl` unless it exists, and returns its URL.
 * Used for the embedded default, the test suites and the benchmarks.
 */
export async function ensureDatabase(maintenanceUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`database name "${name}" must match [a-z_][a-z0-9_]*`);
  const client = new Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(maintenanceUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Session-level advisory lock key held while migrating (the bytes "migr" as a number): instances that
 * start together with a pending migration wait for the first one instead of racing to apply it.
 */
const MIGRATION_LOCK_KEY = 0x6d_69_67_72;

/**
 * Runs every pending migration under the migration lock. The others that waited find nothing pending.
 * TypeORM's own runner takes no lock (see docs/operations.md, Upgrading). Then grants the service role
 * its privileges on every table (database-roles.ts), so a table a migration added gets them at once.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock($1)`, [MIGRATION_LOCK_KEY]);
    try {
      await dataSource.runMigrations();
      await grantServiceRole((sql, parameters) => dataSource.query(sql, parameters));
    } finally {
      await lock.query(`SELECT pg_advisory_unlock($1)`, [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
  }
}

/** Runs every pending migration (what the service does at start-up). */
export async function migrate(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url));
  await dataSource.initialize();
  try {
    await runMigrationsLocked(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { ensureLoginRole, SERVICE_ROLE } from '../../src/database/database-roles';
import { ensureDatabase, migrate } from '../../src/database/provision';

/** The service role's password on the test cluster (roles are cluster-wide; every suite shares it). */
const SERVICE_ROLE_TEST_PASSWORD = 'change-audit-service-test';
let serviceRoleReady: Promise<void> | undefined;

/**
 * Creates the service role on the test cluster unless it exists (idempotent, safe when suites race), so
 * that migrating a suite's database grants it its privileges, as in production.
 */
export function ensureServiceRole(): Promise<void> {
  serviceRoleReady ??= (async () => {
    const client = new Client({ connectionString: maintenanceUrl() });
    await client.connect();
    try {
      // Never reset: suites in other processes may be connected as it.
      await ensureLoginRole(client, SERVICE_ROLE, SERVICE_ROLE_TEST_PASSWORD, { resetPassword: false });
    } finally {
      await client.end();
    }
  })();
  return serviceRoleReady;
}

/** The URL of a suite's database as the service role (which owns nothing there). */
export function asServiceRole(url: string): string {
  const serviceUrl = new URL(url);
  serviceUrl.username = SERVICE_ROLE;
  serviceUrl.password = SERVICE_ROLE_TEST_PASSWORD;
  return serviceUrl.toString();
}

export function maintenanceUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (url === undefined) throw new Error('TEST_DATABASE_URL is not set: run through jest (global setup)');
  return url;
}

/** A fresh database per suite, migrated (unless asked not to), so suites never see each other's rows. */
export async function createTestDatabase(
  prefix = 'cas_test',
  migrated = true,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await ensureServiceRole();
  const url = await ensureDatabase(maintenanceUrl(), name);
  if (migrated) await migrate(url);
  return {
    url,
    drop: async () => {
      const client = new Client({ connectionString: maintenanceUrl() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A plain pg client as the superuser: for tests that reach past the service (tampering, gap tests). */
export async function superuserClient(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

export interface TestDataSource {
  readonly dataSource: DataSource;
  /** The database's URL, as the superuser (for clients that reach past the service). */
  readonly url: string;
  /** Destroys the data source, then drops the database. */
  close(): Promise<void>;
}

/**
 * A fresh, migrated database with a TypeORM data source on it: as the superuser, or (`asService`) as the
 * service role, which may not alter the audit table.
 */
export async function openTestDataSource(options: { asService?: boolean } = {}): Promise<TestDataSource> {
  const db = await createTestDatabase();
  const dataSource = new DataSource(
    dataSourceOptions(options.asService === true ? asServiceRole(db.url) : db.url),
  );
  try {
    await dataSource.initialize();
  } catch (error) {
    await db.drop();
    throw error;
  }
  return {
    dataSource,
    url: db.url,
    close: async () => {
      try {
        await dataSource.destroy();
      } finally {
        await db.drop();
      }
    },
  };
}

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabase, migrate } from '../../src/database/provision';

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

import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../../../src/database/data-source-options';
import { runMigrationsLocked } from '../../../src/database/provision';
import { createTestDatabase } from '../../support/database';

/**
 * Instances that start together on a database with pending migrations (a rollout, a scaled-up
 * deployment) must apply each migration once and all come up: start-up migrations hold an advisory lock.
 */
describe('start-up migrations under the migration lock', () => {
  const drops: (() => Promise<void>)[] = [];
  const sources: DataSource[] = [];

  afterEach(async () => {
    for (const s of sources.splice(0)) if (s.isInitialized) await s.destroy();
    for (const drop of drops.splice(0)) await drop();
  });

  async function freshSources(count: number): Promise<DataSource[]> {
    const db = await createTestDatabase('cas_migrate', false);
    drops.push(db.drop);
    const created = await Promise.all(
      Array.from({ length: count }, () => new DataSource(dataSourceOptions(db.url)).initialize()),
    );
    sources.push(...created);
    return created;
  }

  async function applied(source: DataSource): Promise<string[]> {
    const rows = await source.query<{ name: string }[]>(`SELECT name FROM schema_migrations ORDER BY id`);
    return rows.map((r) => r.name);
  }

  it('four instances migrating a fresh database at once all succeed, and each migration is applied once', async () => {
    const [first, ...others] = await freshSources(4);
    if (first === undefined) throw new Error('no data source');
    const results = await Promise.allSettled([first, ...others].map((s) => runMigrationsLocked(s)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await applied(first)).toEqual(MIGRATIONS.map((m) => new m().name));
  });

  it('control: without the lock, the same race fails', async () => {
    const four = await freshSources(4);
    const results = await Promise.allSettled(four.map((s) => s.runMigrations()));
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
  });
});

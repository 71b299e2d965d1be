import type { DataSource } from 'typeorm';
import { InstanceLease } from '../../../src/database/instance-lease';
import { openTestDataSource, type TestDataSource } from '../../support/database';

/**
 * The lease that lets one instance run a projection while the others skip their rounds: held by one
 * session at a time, kept round after round, freed when its holder releases it or its connection drops.
 */
describe('InstanceLease: one instance at a time', () => {
  let db: TestDataSource;
  let dataSource: DataSource;
  const KEY = 424_242;

  beforeAll(async () => {
    db = await openTestDataSource();
    dataSource = db.dataSource;
  });

  afterAll(async () => {
    await db.close();
  });

  it('is held by the first to ask, kept by it, and passes on when it is released', async () => {
    const first = new InstanceLease(dataSource, KEY, 'first');
    const second = new InstanceLease(dataSource, KEY, 'second');
    try {
      expect(await first.held()).toBe(true);
      expect(await second.held()).toBe(false);
      expect(await first.held()).toBe(true);
      expect(await second.held()).toBe(false);
      await first.release();
      expect(await second.held()).toBe(true);
      expect(await first.held()).toBe(false);
    } finally {
      await first.release();
      await second.release();
    }
  });

  it('passes on when its holder’s connection drops, and the holder notices at its next round', async () => {
    const first = new InstanceLease(dataSource, KEY, 'first');
    const second = new InstanceLease(dataSource, KEY, 'second');
    try {
      expect(await first.held()).toBe(true);
      await dataSource.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'change-audit:lease:first' AND datname = current_database()`,
      );
      await expect(first.held()).rejects.toThrow();
      expect(await second.held()).toBe(true);
      // The old holder reconnects on its next round and finds the lease taken.
      expect(await first.held()).toBe(false);
    } finally {
      await first.release();
      await second.release();
    }
  });
});

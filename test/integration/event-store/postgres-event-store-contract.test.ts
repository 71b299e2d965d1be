import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/database/data-source-options';
import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { createTestDatabase } from '../../support/database';
import { describeEventStoreContract } from '../../support/event-store-contract';

const open: { dataSource: DataSource; drop: () => Promise<void> }[] = [];

afterEach(async () => {
  for (const { dataSource, drop } of open.splice(0)) {
    await dataSource.destroy();
    await drop();
  }
});

describeEventStoreContract('PostgresEventStore', async () => {
  const db = await createTestDatabase();
  const dataSource = new DataSource(dataSourceOptions(db.url));
  await dataSource.initialize();
  open.push({ dataSource, drop: db.drop });
  return { store: new PostgresEventStore(dataSource), notATransaction: dataSource.manager };
});

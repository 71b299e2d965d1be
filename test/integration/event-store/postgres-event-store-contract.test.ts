import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { openTestDataSource, type TestDataSource } from '../../support/database';
import { describeEventStoreContract } from '../../support/event-store-contract';

const open: TestDataSource[] = [];

afterEach(async () => {
  for (const db of open.splice(0)) await db.close();
});

describeEventStoreContract('PostgresEventStore', async () => {
  const db = await openTestDataSource();
  open.push(db);
  const { dataSource } = db;
  return { store: new PostgresEventStore(dataSource), notATransaction: dataSource.manager };
});

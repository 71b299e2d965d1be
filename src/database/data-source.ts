// The data source the TypeORM CLI uses (`npm run migration:run`). The service itself runs the same
// migrations at start-up; this file exists so operators can run them ahead of a deploy.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

const url = process.env['DATABASE_URL'];
if (url === undefined || url === '') {
  throw new Error('DATABASE_URL must be set to run migrations with the TypeORM CLI');
}

export default new DataSource(dataSourceOptions(url));

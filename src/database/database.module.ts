import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './provision';

/**
 * PostgreSQL through TypeORM; pending migrations run before the service takes traffic, under an advisory
 * lock so that instances starting together apply each migration once.
 */
@Module({})
export class DatabaseModule {
  static forRoot(url: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(url), retryAttempts: 3 }),
          dataSourceFactory: async (options) => {
            if (options === undefined) throw new Error('no data source options');
            const dataSource = await new DataSource(options).initialize();
            await runMigrationsLocked(dataSource);
            return dataSource;
          },
        }),
      ],
    };
  }
}

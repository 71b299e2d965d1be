import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { canAlterEvents } from './database-roles';
import { migrate, runMigrationsLocked } from './provision';

/**
 * PostgreSQL through TypeORM; pending migrations run before the service takes traffic, under an advisory
 * lock so that instances starting together apply each migration once. With `migrationsUrl` (the owner
 * role) they run on a connection of their own, closed before the service's pool (the service role) opens.
 */
@Module({})
export class DatabaseModule {
  static forRoot(url: string, migrationsUrl?: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...dataSourceOptions(url), retryAttempts: 3 }),
          dataSourceFactory: async (options) => {
            if (options === undefined) throw new Error('no data source options');
            if (migrationsUrl !== undefined) await migrate(migrationsUrl);
            const dataSource = await new DataSource(options).initialize();
            if (migrationsUrl === undefined) await runMigrationsLocked(dataSource);
            if (await canAlterEvents((sql, parameters) => dataSource.query(sql, parameters))) {
              new Logger('Database').warn(
                'THE SERVICE ROLE CAN ALTER THE AUDIT TABLE: it owns `events` (or is a superuser), so it could ' +
                  'disable the append-only triggers and rewrite history. Run migrations as a separate owner ' +
                  'role (DATABASE_MIGRATIONS_URL) and the service as change_audit_service: see docs/security.md, ' +
                  'Database roles.',
              );
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}

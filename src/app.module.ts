import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { ChangesModule } from './changes/changes.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { ConsoleModule } from './console/console.module';
import { ContractsModule } from './contracts/contracts.module';
import { CorrelationModule } from './correlation/correlation.module';
import { DatabaseModule } from './database/database.module';
import { EventStoreModule } from './event-store/event-store.module';
import { FreezeModule } from './freeze/freeze.module';
import { HealthModule } from './health/health.module';
import { LiveUpdatesModule } from './live-updates/live-updates.module';
import { MessagingModule } from './messaging/messaging.module';
import { OpenApiModule } from './openapi/openapi.module';
import { MetricsModule } from './telemetry/metrics/metrics.module';

@Module({})
export class AppModule {
  /** `databaseUrl` is the external DATABASE_URL or the URL of the embedded PostgreSQL main.ts started. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CqrsModule.forRoot(),
        MetricsModule.forRoot(config),
        DatabaseModule.forRoot(databaseUrl),
        ContractsModule,
        AuthModule,
        EventStoreModule,
        MessagingModule.forRoot(config),
        ChangesModule,
        FreezeModule,
        AlertsModule,
        CorrelationModule,
        HealthModule,
        OpenApiModule,
        ConsoleModule,
        LiveUpdatesModule,
      ],
    };
  }
}

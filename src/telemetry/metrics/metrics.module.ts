import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { Metrics } from './metrics';
import { MetricsController, PublicMetricsController } from './metrics.controller';

/** Prometheus metrics: the `Metrics` instruments, injectable everywhere, and GET /metrics. */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MetricsModule,
      controllers: [config.metricsPublic ? PublicMetricsController : MetricsController],
      providers: [Metrics],
      exports: [Metrics],
    };
  }
}

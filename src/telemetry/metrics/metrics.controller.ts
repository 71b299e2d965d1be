import { Controller, Get, Header } from '@nestjs/common';
import { Registry } from 'prom-client';
import { Public, Roles } from '../../auth/auth.decorators';
import { Metrics } from './metrics';

/** GET /metrics for Prometheus with a bearer API key of any role (`authorization` in the scrape config). */
@Controller()
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  @Roles('publisher', 'reviewer')
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  async scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}

/** GET /metrics without a key: only with METRICS_PUBLIC=true (a scraper on a private network). */
@Controller()
export class PublicMetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get('metrics')
  @Public()
  @Header('content-type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('cache-control', 'no-store')
  async scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}

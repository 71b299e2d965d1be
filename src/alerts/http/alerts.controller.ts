import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { mayPublishAs, type Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import {
  BATCH_INTAKE_RESPONSE,
  MAX_BATCH,
  validateBatch,
  type BatchRejection,
} from '../../common/http/batch-intake';
import { contractRejection } from '../../common/http/contract-rejection';
import { rangeParams } from '../../common/http/query-params';
import { ALERT_EVENT_VALIDATOR, type AlertEventValidator } from '../../contracts/alert-event-validator';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/app-config';
import type { AlertEvent } from '../domain/alert-event';
import {
  DEFAULT_ALERTMANAGER_MAPPING,
  mapAlertmanagerWebhook,
  type AlertmanagerMappingOptions,
} from '../domain/alertmanager';
import { AlertsReadModel, type AlertPage, type AlertView } from '../infrastructure/alerts.read-model';
import { AlertIntake, type AlertIngestResponse } from './alert-intake';
import { ListAlertsRequest } from './list-alerts.request';
import { DescribeResponse, RequestContract } from '../../common/http/request-contract';

export type { AlertIngestResponse } from './alert-intake';

@Controller('v1/alerts')
export class AlertsController {
  private readonly alertmanager: AlertmanagerMappingOptions;

  constructor(
    @Inject(ALERT_EVENT_VALIDATOR) private readonly validator: AlertEventValidator,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly intake: AlertIntake,
    private readonly alerts: AlertsReadModel,
  ) {
    this.alertmanager = {
      ...DEFAULT_ALERTMANAGER_MAPPING,
      labels: {
        ...DEFAULT_ALERTMANAGER_MAPPING.labels,
        service: config.alertLabels.service,
        environment: config.alertLabels.environment,
        region: config.alertLabels.region,
        edge: config.alertLabels.edge,
      },
      defaultEnvironment: config.alertLabels.defaultEnvironment,
    };
  }

  /**
   * One alert-event.v1 or an array of up to 1,000; 202 once stored. A repeat of a firing notification is
   * a no-op; a resolved one closes its firing instance.
   */
  @Post()
  @Roles('publisher')
  @RequestContract('alert-event.v1', { batchOf: MAX_BATCH })
  @DescribeResponse(BATCH_INTAKE_RESPONSE)
  @HttpCode(HttpStatus.ACCEPTED)
  async ingest(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertIngestResponse> {
    const { accepted, rejected } = validateBatch(body, (item) => this.validator.check(item), 'alert');
    return this.intake.ingest(
      accepted.map(({ index, value }) => ({ index, event: value })),
      rejected,
      principal,
      { receivedVia: 'http' },
    );
  }

  /**
   * Prometheus Alertmanager's webhook (version 4), as Alertmanager sends it, with at most 1,000 alerts.
   * The source is the configured one (alertmanager): a key that may not publish as it is refused before
   * anything in the body is read, then the notification's shape and size, then each alert (one pass).
   */
  @Post('alertmanager')
  @RequestContract('alertmanager-webhook.v1')
  @Roles('publisher')
  @HttpCode(HttpStatus.ACCEPTED)
  async alertmanagerWebhook(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AlertIngestResponse> {
    const { source } = this.alertmanager;
    if (!mayPublishAs(principal, source)) {
      throw new ForbiddenException(`this API key may not publish alerts as source "${source}"`);
    }
    const mapping = mapAlertmanagerWebhook(body, this.alertmanager);
    if (!mapping.ok) throw contractRejection(mapping.errors);
    const accepted: { index: number; event: AlertEvent }[] = [];
    const rejected: BatchRejection[] = [...mapping.rejected];
    for (const { index, event } of mapping.mapped) {
      const result = this.validator.check(event);
      if (result.ok) accepted.push({ index, event: result.value });
      else
        rejected.push({
          index,
          errors: result.errors.map((e) => ({ ...e, field: `/alerts/${index}${e.field}` })),
        });
    }
    if (accepted.length === 0) throw contractRejection(rejected.flatMap((r) => r.errors));
    return this.intake.ingest(accepted, rejected, principal, { receivedVia: 'alertmanager' });
  }

  /** Alert instances, newest first: filters from/to (on startsAt), service, environment, status. */
  @Get()
  @Roles('reviewer')
  async list(@Query() request: ListAlertsRequest): Promise<AlertPage> {
    const { from, to } = rangeParams(request.from, request.to);
    return this.alerts.list(
      { from, to, service: request.service, environment: request.environment, status: request.status },
      request.limit ?? 50,
    );
  }

  /** One alert by instance key or fingerprint (its latest instance), with its notifications. */
  @Get(':id')
  @Roles('reviewer')
  async get(@Param('id') id: string): Promise<AlertView & { events: readonly unknown[] }> {
    const alert = await this.alerts.get(id);
    if (alert === undefined) throw new NotFoundException(`no alert with fingerprint or key "${id}"`);
    return alert;
  }
}

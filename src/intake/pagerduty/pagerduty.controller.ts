import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import { OwnCredential } from '../../auth/auth.decorators';
import { KeepsRawBody, type RawBodyRequest } from '../../common/http/json-body';
import { DescribeResponse } from '../../common/http/request-contract';
import { IntakeIntegrations } from '../intake-integrations';
import { notAuthenticated, rawBodyOf } from '../intake-http';
import { IntakePipeline } from '../intake-pipeline';
import { valueAt } from '../payload';
import { mapPagerDutyChangeEvent } from './pagerduty-change.mapping';
import { PagerDutyErrorShape } from './pagerduty-error-shape';

export interface PagerDutyAccepted {
  readonly status: 'success';
  readonly message: 'Change event processed';
}

@Controller('v2/change')
export class PagerDutyIntakeController {
  constructor(
    private readonly integrations: IntakeIntegrations,
    private readonly pipeline: IntakePipeline,
  ) {}

  /**
   * PagerDuty's Events API v2 change events, as PagerDuty takes them (the same path, body and answers),
   * so a tool that sends PagerDuty change events can send them here by changing only the host. The
   * routing_key names the source and its default environment; unknown keys are 401.
   */
  @Post('enqueue')
  @OwnCredential('pagerduty-routing-key')
  @KeepsRawBody()
  @PagerDutyErrorShape()
  @DescribeResponse({
    status: 202,
    description: "Stored (queued in Kafka mode), in PagerDuty's words.",
    schema: {
      type: 'object',
      required: ['status', 'message'],
      properties: { status: { const: 'success' }, message: { const: 'Change event processed' } },
    },
  })
  @HttpCode(HttpStatus.ACCEPTED)
  async enqueue(@Body() body: unknown, @Req() request: RawBodyRequest): Promise<PagerDutyAccepted> {
    const key = valueAt(body, '/routing_key');
    const found = typeof key === 'string' ? this.integrations.routingKey(key) : undefined;
    if (found === undefined)
      throw notAuthenticated('routing_key is missing or is not a configured routing key');
    const caller = { kind: 'pagerduty', integration: found.integration.name, source: found.route.source };
    // The routing key is the caller's credential: kept out of what operators see of a refused payload.
    const raw = rawBodyOf(request).split(found.route.key).join('[routing key]');
    await this.pipeline.ingest(caller, mapPagerDutyChangeEvent(body, found.route, new Date()), raw);
    return { status: 'success', message: 'Change event processed' };
  }
}

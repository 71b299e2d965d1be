import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { OwnCredential } from '../../auth/auth.decorators';
import type { IngestResponse } from '../../changes/change-event-submission';
import { KeepsRawBody, type RawBodyRequest } from '../../common/http/json-body';
import { DescribeResponse } from '../../common/http/request-contract';
import { INTAKE_RESPONSE, INTAKE_SECRET_HEADER, rawBodyOf } from '../intake-http';
import { IntakePipeline, withSecretHeader } from '../intake-pipeline';
import { mapGenericWebhook } from './generic-webhook.mapping';

@Controller('v1/intake/webhook')
export class GenericWebhookIntakeController {
  constructor(private readonly pipeline: IntakePipeline) {}

  /**
   * Any JSON webhook, mapped by the integration's declared field mapping (a JSON Pointer per
   * change-event field), authenticated by the integration's secret in X-Intake-Secret.
   */
  @Post(':integration')
  @OwnCredential('intake-secret-header')
  @KeepsRawBody()
  @DescribeResponse(INTAKE_RESPONSE)
  @HttpCode(HttpStatus.ACCEPTED)
  async receive(
    @Param('integration') name: string,
    @Headers(INTAKE_SECRET_HEADER) secret: string | undefined,
    @Body() body: unknown,
    @Req() request: RawBodyRequest,
  ): Promise<IngestResponse> {
    return this.pipeline.receive(
      withSecretHeader('generic', name, secret, rawBodyOf(request), (integration) =>
        integration.mapping === undefined
          ? { ok: false, errors: [{ field: '', message: 'the integration has no mapping' }] }
          : mapGenericWebhook(body, { ...integration, mapping: integration.mapping }),
      ),
    );
  }
}

import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { OwnCredential } from '../../auth/auth.decorators';
import type { IngestResponse } from '../../changes/change-event-submission';
import { KeepsRawBody, type RawBodyRequest } from '../../common/http/json-body';
import { DescribeResponse } from '../../common/http/request-contract';
import { INTAKE_RESPONSE, INTAKE_SECRET_HEADER, rawBodyOf } from '../intake-http';
import { IntakePipeline, withSecretHeader } from '../intake-pipeline';
import { mapArgoCdNotification } from './argocd-notification.mapping';

@Controller('v1/intake/argocd')
export class ArgoCdIntakeController {
  constructor(private readonly pipeline: IntakePipeline) {}

  /**
   * Argo CD notifications (the webhook service and template in docs/integrations.md): sync running,
   * succeeded, failed and health degraded, authenticated by the integration's secret in X-Intake-Secret.
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
      withSecretHeader('argocd', name, secret, rawBodyOf(request), (integration) =>
        mapArgoCdNotification(body, integration),
      ),
    );
  }
}

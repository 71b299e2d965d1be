import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { OwnCredential } from '../../auth/auth.decorators';
import type { IngestResponse } from '../../changes/change-event-submission';
import { KeepsRawBody, type RawBodyRequest } from '../../common/http/json-body';
import { DescribeResponse } from '../../common/http/request-contract';
import { INTAKE_RESPONSE, rawBodyOf } from '../intake-http';
import { IntakePipeline } from '../intake-pipeline';
import { isSignedByOneOf } from '../shared-secrets';
import { mapLaunchDarklyEntry } from './launchdarkly-audit.mapping';

@Controller('v1/intake/launchdarkly')
export class LaunchDarklyIntakeController {
  constructor(private readonly pipeline: IntakePipeline) {}

  /**
   * LaunchDarkly's webhook: one audit-log entry per request, signed (X-LD-Signature: the HMAC-SHA256 of
   * the body, hex) with the webhook's secret. Flag entries become feature_flag changes.
   */
  @Post(':integration')
  @OwnCredential('launchdarkly-signature')
  @KeepsRawBody()
  @DescribeResponse(INTAKE_RESPONSE)
  @HttpCode(HttpStatus.ACCEPTED)
  async receive(
    @Param('integration') name: string,
    @Headers('x-ld-signature') signature: string | undefined,
    @Body() body: unknown,
    @Req() request: RawBodyRequest,
  ): Promise<IngestResponse> {
    const rawBody = rawBodyOf(request);
    return this.pipeline.receive({
      kind: 'launchdarkly',
      integration: name,
      rawBody,
      authenticate: (integration) => isSignedByOneOf(integration.secrets, rawBody, signature),
      refusal: "X-LD-Signature is missing or does not sign the body with this integration's secret",
      map: (integration) => mapLaunchDarklyEntry(body, integration),
    });
  }
}

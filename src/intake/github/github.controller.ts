import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { OwnCredential } from '../../auth/auth.decorators';
import type { IngestResponse } from '../../changes/change-event-submission';
import { KeepsRawBody, type RawBodyRequest } from '../../common/http/json-body';
import { DescribeResponse } from '../../common/http/request-contract';
import { IntakeIntegrations } from '../intake-integrations';
import { INTAKE_RESPONSE, notAuthenticated, rawBodyOf } from '../intake-http';
import { IntakePipeline } from '../intake-pipeline';
import { mapGitHubDelivery } from './github-deployment.mapping';
import { isSignedByGitHub } from './github-signature';

const REFUSAL = "X-Hub-Signature-256 is missing or does not sign the body with this integration's secret";

@Controller('v1/intake/github')
export class GitHubIntakeController {
  constructor(
    private readonly integrations: IntakeIntegrations,
    private readonly pipeline: IntakePipeline,
  ) {}

  /**
   * GitHub's webhook (content type application/json) for `deployment` and `deployment_status` events,
   * signed with the integration's secret (X-Hub-Signature-256); `ping` is answered 200. Each delivery
   * becomes one change event of the integration's source.
   */
  @Post(':integration')
  @OwnCredential('github-signature')
  @KeepsRawBody()
  @DescribeResponse(INTAKE_RESPONSE)
  @DescribeResponse({ status: 200, description: 'A ping, answered.', schema: { type: 'object' } })
  @HttpCode(HttpStatus.ACCEPTED)
  async receive(
    @Param('integration') name: string,
    @Headers('x-github-event') event: string | undefined,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Body() body: unknown,
    @Req() request: RawBodyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<IngestResponse | { ok: true }> {
    const rawBody = rawBodyOf(request);
    // GitHub's check that the hook is reachable and signed: nothing to store.
    if (event === 'ping') {
      const integration = this.integrations.signed('github', name);
      if (!(await isSignedByGitHub(integration.secrets, rawBody, signature))) throw notAuthenticated(REFUSAL);
      void reply.status(HttpStatus.OK);
      return { ok: true };
    }
    return this.pipeline.receive({
      kind: 'github',
      integration: name,
      rawBody,
      authenticate: (integration) => isSignedByGitHub(integration.secrets, rawBody, signature),
      refusal: REFUSAL,
      map: (integration) => mapGitHubDelivery(event ?? '', body, integration),
    });
  }
}

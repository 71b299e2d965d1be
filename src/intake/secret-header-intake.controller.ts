import { Body, Headers, HttpCode, HttpStatus, Injectable, Param, Post, Req, type Type } from '@nestjs/common';
import { OwnCredential } from '../auth/auth.decorators';
import type { IngestResponse } from '../changes/change-event-submission';
import { KeepsRawBody, type RawBodyRequest } from '../common/http/json-body';
import { DescribeResponse } from '../common/http/request-contract';
import { INTAKE_RESPONSE, INTAKE_SECRET_HEADER, rawBodyOf } from './intake-http';
import { IntakePipeline, withSecretHeader } from './intake-pipeline';
import type { SignedIntakeKind, SignedIntegration } from './integrations';
import type { MappedChanges } from './payload';

/** What an intake controller authenticated by X-Intake-Secret is: one route, POST <its path>/:integration. */
export interface SecretHeaderIntake {
  receive(
    name: string,
    secret: string | undefined,
    body: unknown,
    request: RawBodyRequest,
  ): Promise<IngestResponse>;
}

/**
 * The route of an intake whose caller shows the integration's secret in X-Intake-Secret (Argo CD, the
 * generic webhook): the body is kept as received, the secret checked, and the payload mapped by `map`.
 * Each intake's controller extends the class returned, under its own @Controller path.
 */
export function SecretHeaderIntakeController(
  kind: SignedIntakeKind,
  map: (body: unknown, integration: SignedIntegration) => MappedChanges,
): Type<SecretHeaderIntake> {
  @Injectable()
  class SecretHeaderIntakeRoute implements SecretHeaderIntake {
    constructor(private readonly pipeline: IntakePipeline) {}

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
        withSecretHeader(kind, name, secret, rawBodyOf(request), (integration) => map(body, integration)),
      );
    }
  }
  return SecretHeaderIntakeRoute;
}

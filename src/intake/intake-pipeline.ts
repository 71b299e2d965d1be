import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Principal } from '../auth/api-keys';
import { ChangeEventSubmission, type IngestResponse } from '../changes/change-event-submission';
import type { ChangeEvent } from '../changes/domain/change-event';
import { contractRejection } from '../common/http/contract-rejection';
import type { FieldProblem } from '../common/domain-error';
import { CHANGE_EVENT_VALIDATOR, type ChangeEventValidator } from '../contracts/change-event-validator';
import { IntakeIntegrations } from './intake-integrations';
import type { SignedIntakeKind, SignedIntegration } from './integrations';
import { INTAKE_SECRET_HEADER } from './intake-http';
import type { MappedChanges } from './payload';
import { isOneOf } from './shared-secrets';
import { IntakeRejections } from './rejections/intake-rejections';

/** Who sent a payload, as its intake authenticated it: an integration, bound to one source. */
export interface IntakeCaller {
  /** The intake: github, argocd, pagerduty, launchdarkly, generic. */
  readonly kind: string;
  /** The integration's configured name. */
  readonly integration: string;
  /** The only source it may write. */
  readonly source: string;
}

/** One payload on a signed intake route (GitHub, Argo CD, LaunchDarkly, generic). */
export interface SignedIntakeRequest {
  readonly kind: SignedIntakeKind;
  /** The integration named in the URL. */
  readonly integration: string;
  /** The body as received. */
  readonly rawBody: string;
  /** Whether the request carries the integration's credential (any of its secrets). */
  authenticate(integration: SignedIntegration): boolean | Promise<boolean>;
  /** The 401's message when it does not. */
  readonly refusal: string;
  map(integration: SignedIntegration): MappedChanges;
}

/**
 * A request on a route whose caller shows the integration's secret in X-Intake-Secret (Argo CD, the
 * generic webhook): compared with each of its secrets in constant time.
 */
export function withSecretHeader(
  kind: SignedIntakeKind,
  integration: string,
  presented: string | undefined,
  rawBody: string,
  map: (integration: SignedIntegration) => MappedChanges,
): SignedIntakeRequest {
  return {
    kind,
    integration,
    rawBody,
    authenticate: (found) => isOneOf(found.secrets, presented),
    refusal: `${INTAKE_SECRET_HEADER} is missing or is not this integration's secret`,
    map,
  };
}

/**
 * The path every intake takes once it has authenticated its caller and mapped the payload: the mapped
 * events are checked against change-event.v1, then submitted exactly as POST /v1/change-events submits
 * (same trust rules, transport, outcomes), as a publisher bound to the integration's one source. A
 * payload that cannot be mapped, or maps to an event the contract refuses, is refused whole (400 naming
 * the fields) and kept for operators; nothing of it is stored.
 */
@Injectable()
export class IntakePipeline {
  constructor(
    @Inject(CHANGE_EVENT_VALIDATOR) private readonly validator: ChangeEventValidator,
    private readonly submission: ChangeEventSubmission,
    private readonly rejections: IntakeRejections,
    private readonly integrations: IntakeIntegrations,
  ) {}

  /**
   * What a signed intake route does: finds the integration (404), checks the caller's credential (401,
   * nothing kept: an unauthenticated payload is nobody's), maps the payload and ingests it.
   */
  async receive(request: SignedIntakeRequest): Promise<IngestResponse> {
    const integration = this.integrations.signed(request.kind, request.integration);
    if (!(await request.authenticate(integration))) throw new UnauthorizedException(request.refusal);
    const caller = { kind: request.kind, integration: integration.name, source: integration.source };
    return this.ingest(caller, request.map(integration), request.rawBody);
  }

  async ingest(caller: IntakeCaller, mapped: MappedChanges, rawPayload: string): Promise<IngestResponse> {
    if (!mapped.ok)
      return this.refuse(caller, 'the payload cannot be mapped to change events', mapped.errors, rawPayload);
    const accepted: { index: number; value: ChangeEvent }[] = [];
    const errors: FieldProblem[] = [];
    mapped.events.forEach((event, index) => {
      const result = this.validator.check(event);
      if (result.ok) accepted.push({ index, value: result.value });
      else
        errors.push(
          ...result.errors.map((e) => ({
            field: e.field,
            message: `the change event mapped from the payload is not valid: ${e.message}`,
          })),
        );
    });
    if (errors.length > 0)
      return this.refuse(caller, 'the mapped change event is not valid', errors, rawPayload);
    return this.submission.submit(accepted, [], principalOf(caller), {
      receivedVia: `intake:${caller.kind}`,
    });
  }

  /** Records the refusal for operators, then throws the 400 naming the fields. */
  async refuse(
    caller: IntakeCaller,
    reason: string,
    errors: readonly FieldProblem[],
    rawPayload: string,
  ): Promise<never> {
    await this.rejections.record({
      integration: caller.integration,
      kind: caller.kind,
      reason,
      errors,
      payload: rawPayload,
    });
    throw contractRejection(errors);
  }
}

/** An integration acts as a publisher of its one source; records name it `<kind>:<name>`. */
export function principalOf(caller: IntakeCaller): Principal {
  return {
    name: `${caller.kind}:${caller.integration}`,
    roles: new Set(['publisher']),
    sources: new Set([caller.source]),
    breakGlassRoles: new Set(),
  };
}

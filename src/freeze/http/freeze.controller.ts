import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import type { Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { contractRejection } from '../../common/http/contract-rejection';
import { Metrics } from '../../telemetry/metrics/metrics';
import { evaluate } from '../domain/evaluator';
import { FreezeWindowRegistry } from '../infrastructure/freeze-window-registry';
import { OverrideAuthorityService } from '../infrastructure/override-authority';
import { createEvaluateRequestValidator } from './evaluate-request';
import { RequestContract } from '../../common/http/request-contract';

export interface EvaluateResponse {
  decision: 'allow' | 'warn' | 'deny';
  reason: string;
  windows: {
    id: string;
    name: string;
    kind: string;
    occurrenceStart: string | null;
    occurrenceEnd: string | null;
  }[];
  allowedAfter?: string;
  /** When the request carried an override: whether it was backed, and by which keys. */
  override?: {
    role: string;
    authorised: boolean;
    /** The key holding the role: the caller itself, or the grant's issuer. */
    grantedBy: string | null;
    /** The calling key. */
    usedBy: string;
    grantId?: string;
    /** Why it was not authorised. */
    refusal?: string;
  };
}

@Controller('v1/freeze')
export class FreezeController {
  constructor(
    private readonly registry: FreezeWindowRegistry,
    private readonly metrics: Metrics,
    private readonly overrides: OverrideAuthorityService,
  ) {}

  private readonly requests = createEvaluateRequestValidator();

  /**
   * Pre-flight for a change: allow, warn (exempt or break-glass) or deny, from the windows in memory.
   * The body is contracts/freeze-evaluate-request.v1.
   */
  @Post('evaluate')
  @RequestContract('freeze-evaluate-request.v1')
  @Roles('publisher', 'reviewer')
  @HttpCode(HttpStatus.OK)
  async evaluate(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<EvaluateResponse> {
    const checked = this.requests.check(body);
    if (!checked.ok) throw contractRejection(checked.errors);
    const { at, source, changeId, override: asked, ...change } = checked.value;
    const when = at === undefined ? new Date() : new Date(at);
    // The override is the calling key's: `by` is the key, and it counts only if the key holds the role
    // or references a grant valid at `at` for this change.
    const authority =
      asked === undefined
        ? undefined
        : await this.overrides.ofKeyUse(
            principal,
            asked,
            {
              source: source ?? '',
              changeId: changeId ?? '',
              service: change.service,
              environment: change.environment,
            },
            when,
          );
    const override = asked === undefined ? undefined : { ...asked, by: principal.name, authority };
    const started = performance.now();
    const result = evaluate(this.registry.all(), { ...change, override }, when);
    this.metrics.recordFreezeDecision(result.decision, (performance.now() - started) / 1000);
    return {
      decision: result.decision,
      reason: result.reason,
      windows: result.windows.map((w) => ({
        id: w.id,
        name: w.name,
        kind: w.kind,
        occurrenceStart: w.occurrenceStart?.toISOString() ?? null,
        occurrenceEnd: w.occurrenceEnd?.toISOString() ?? null,
      })),
      ...(result.allowedAfter ? { allowedAfter: result.allowedAfter.toISOString() } : {}),
      ...(asked !== undefined && authority !== undefined
        ? {
            override: {
              role: asked.role,
              authorised: authority.authorised,
              grantedBy: authority.authorised ? authority.grantedBy : null,
              usedBy: principal.name,
              ...(authority.authorised && authority.grantId !== undefined
                ? { grantId: authority.grantId }
                : {}),
              ...(authority.authorised ? {} : { refusal: `override not authorised: ${authority.why}` }),
            },
          }
        : {}),
    };
  }
}

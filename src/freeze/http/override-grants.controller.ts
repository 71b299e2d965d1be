import {
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { hasRole, holdsBreakGlassRole, type Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { OverrideGrant } from '../domain/override-grant';
import { OverrideGrantStore } from '../infrastructure/override-grant-store';
import { contractRejection } from '../../common/http/contract-rejection';
import type { ContractValidator } from '../../contracts/contract-validator';
import { createReasonRequestValidator } from '../../contracts/reason-request-validator';
import { createOverrideGrantRequestValidator, type OverrideGrantRequest } from './override-grant-request';
import { RequestContract } from '../../common/http/request-contract';

export type OverrideGrantView = OverrideGrant & {
  /** At the time of the response: usable, past its expiry, or revoked. */
  readonly status: 'active' | 'expired' | 'revoked';
};

function view(grant: OverrideGrant, now: Date): OverrideGrantView {
  const status =
    grant.revoked !== null ? 'revoked' : now.getTime() >= Date.parse(grant.expiresAt) ? 'expired' : 'active';
  return { ...grant, status };
}

/** The grant ids the service makes are UUIDs; anything else cannot name a grant. */
const GRANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function grantIdOf(id: string): string {
  if (!GRANT_ID.test(id)) throw new NotFoundException(`no override grant ${id}`);
  return id;
}

/**
 * Break-glass override grants. Only a key holding a break-glass role may lend it: issuing needs that
 * role in the key's breakGlassRoles (being an admin is not enough). Any key may then reference the grant.
 */
@Controller('v1/freeze/override-grants')
export class OverrideGrantsController {
  constructor(
    private readonly grants: OverrideGrantStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.requests = createOverrideGrantRequestValidator(config.overrideGrantMaxMinutes);
  }

  private readonly requests: ContractValidator<OverrideGrantRequest>;
  private readonly reasons = createReasonRequestValidator();

  /** Every key gets past the guard; the handler then requires the break-glass role named in the body. */
  @Post()
  @RequestContract('override-grant-request.v1')
  @Roles('publisher', 'reviewer')
  @HttpCode(HttpStatus.CREATED)
  async issue(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<OverrideGrantView> {
    const checked = this.requests.check(body);
    if (!checked.ok) throw contractRejection(checked.errors);
    const { role, reason, scope, expiresInMinutes } = checked.value;
    if (!holdsBreakGlassRole(principal, role)) {
      throw new ForbiddenException(
        `API key "${principal.name}" does not hold break-glass role "${role}", so it cannot grant it`,
      );
    }
    const now = new Date();
    const grant = await this.grants.issue({
      role,
      reason,
      scope,
      issuedBy: principal.name,
      issuedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + expiresInMinutes * 60_000).toISOString(),
    });
    return view(grant, now);
  }

  /** Reviewers and admins read any grant; a holder of the grant's role reads it too. */
  @Get(':id')
  @Roles('publisher', 'reviewer')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<OverrideGrantView> {
    const grant = await this.grants.read(grantIdOf(id));
    if (grant === undefined) throw new NotFoundException(`no override grant ${id}`);
    if (!hasRole(principal, ['reviewer']) && !holdsBreakGlassRole(principal, grant.role)) {
      throw new ForbiddenException(
        "this needs one of the roles: admin, reviewer, or the grant's break-glass role",
      );
    }
    return view(grant, new Date());
  }

  /** Admins, or holders of the grant's role, end a grant early. Uses recorded before stay valid. */
  @Post(':id/revoke')
  @RequestContract('reason-request.v1')
  @Roles('publisher', 'reviewer')
  @HttpCode(HttpStatus.OK)
  async revoke(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OverrideGrantView> {
    const checked = this.reasons.check(body);
    if (!checked.ok) throw contractRejection(checked.errors);
    const { reason } = checked.value;
    const now = new Date();
    const grant = await this.grants.write(grantIdOf(id), (current) => {
      if (current === undefined) throw new NotFoundException(`no override grant ${id}`);
      if (!hasRole(principal, ['admin']) && !holdsBreakGlassRole(principal, current.role)) {
        throw new ForbiddenException(
          `API key "${principal.name}" is neither an admin nor a holder of break-glass role "${current.role}"`,
        );
      }
      if (current.revoked !== null) throw new ConflictException(`override grant ${id} is already revoked`);
      return [
        {
          type: 'OverrideGrantRevoked',
          data: { grantId: current.grantId, revokedBy: principal.name, revokedAt: now.toISOString(), reason },
        },
      ];
    });
    if (grant === undefined) throw new NotFoundException(`no override grant ${id}`);
    return view(grant, now);
  }
}

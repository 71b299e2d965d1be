import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { FastifyReply } from 'fastify';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/app-config';
import { DescribeResponse, RequestContract } from '../../common/http/request-contract';
import { contractRejection } from '../../common/http/contract-rejection';
import { createSessionRequestValidator } from '../../contracts/session-request-validator';
import { ROLES, type Principal, type Role } from '../api-keys';
import { requireCsrfToken, sessionCookieOf } from '../api-key.guard';
import { CurrentPrincipal, Public, Roles, type AuthenticatedRequest } from '../auth.decorators';
import { EndSessionCommand } from '../commands/end-session/end-session.command';
import { StartSessionCommand } from '../commands/start-session/start-session.command';
import { WhoAmIQuery, type WhoAmI } from '../queries/who-am-i/who-am-i.query';
import { SessionAuthenticator } from '../session-authenticator';
import { clearSessionCookie, secureCookie, setSessionCookie } from './session-cookie';

/** What POST /v1/session answers (the token itself is only in the cookie). */
export interface SessionView {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly csrfToken: string;
  readonly expiresAt: string;
}

const ROLE_LIST_SCHEMA = { type: 'array', items: { enum: [...ROLES] } };

/** Console sign-in: an API key exchanged for an HttpOnly session cookie; sign-out; who the caller is. */
@Controller('v1')
export class SessionController {
  private readonly requests = createSessionRequestValidator();

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly sessions: SessionAuthenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sign in: 201 and `Set-Cookie: change_audit_session=…`; a key not in API_KEYS is a 401. */
  @Post('session')
  @Public()
  @RequestContract('session-request.v1')
  @DescribeResponse({
    status: 201,
    description:
      'Signed in: the session cookie (change_audit_session; HttpOnly, SameSite=Strict) is set. Send ' +
      '`csrfToken` as X-CSRF-Token on every request that changes something.',
    schema: {
      type: 'object',
      required: ['name', 'roles', 'csrfToken', 'expiresAt'],
      properties: {
        name: { type: 'string' },
        roles: ROLE_LIST_SCHEMA,
        csrfToken: { type: 'string' },
        expiresAt: { type: 'string', format: 'date-time' },
      },
    },
  })
  async signIn(
    @Body() body: unknown,
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SessionView> {
    const checked = this.requests.check(body);
    if (!checked.ok) throw contractRejection(checked.errors);
    const session = await this.commands.execute(new StartSessionCommand(checked.value.apiKey));
    if (session === undefined) throw new UnauthorizedException('unknown API key');
    setSessionCookie(
      reply,
      session.token,
      session.expiresAt,
      secureCookie(this.config.sessionCookieSecure, request),
    );
    return {
      name: session.principal.name,
      roles: ROLES.filter((role) => session.principal.roles.has(role)),
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
    };
  }

  /**
   * Sign out: ends the cookie's session on the server and clears the cookie; 204 even without a session,
   * so a page can always sign out. Ending a live session needs its CSRF token (X-CSRF-Token).
   */
  @Delete('session')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  async signOut(
    @Req() request: AuthenticatedRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    const token = sessionCookieOf(request);
    if (token !== undefined) {
      const session = await this.sessions.authenticate(token);
      if (session !== undefined) requireCsrfToken(request, session.csrfToken);
      await this.commands.execute(new EndSessionCommand(token));
    }
    clearSessionCookie(reply, secureCookie(this.config.sessionCookieSecure, request));
  }

  /** Who the caller is, by API key or session cookie: the console shows only what these roles may do. */
  @Get('whoami')
  @Roles('publisher', 'reviewer')
  @DescribeResponse({
    status: 200,
    description:
      'The caller: its key name and roles, how it is signed in, and for a session its CSRF token and expiry.',
    schema: {
      type: 'object',
      required: ['name', 'roles', 'via'],
      properties: {
        name: { type: 'string' },
        roles: ROLE_LIST_SCHEMA,
        breakGlassRoles: { type: 'array', items: { type: 'string' } },
        via: { enum: ['api-key', 'session'] },
        csrfToken: { type: 'string' },
        expiresAt: { type: 'string', format: 'date-time' },
      },
    },
  })
  async whoAmI(
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<WhoAmI> {
    return this.queries.execute(new WhoAmIQuery(principal, request.session));
  }
}

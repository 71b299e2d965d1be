import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRing, hasRole, type Principal, type Role } from './api-keys';
import { API_KEY_RING } from './api-key-ring.token';
import { PUBLIC_KEY, ROLES_KEY, type AuthenticatedRequest } from './auth.decorators';
import { CSRF_HEADER, SESSION_COOKIE, sameSecret } from './domain/session-token';
import { SessionAuthenticator } from './session-authenticator';

export { API_KEY_RING };

/** The key of an `Authorization: Bearer <key>` header, or undefined. */
export function bearerKey(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Methods that change nothing: a cookie-authenticated request needs no CSRF token for them. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The session cookie's token, when the request carries one. */
export function sessionCookieOf(request: AuthenticatedRequest): string | undefined {
  const value = (request.cookies as Record<string, string | undefined> | undefined)?.[SESSION_COOKIE];
  return value === undefined || value === '' ? undefined : value;
}

/** Refuses a request that would change something unless it carries the session's CSRF token. */
export function requireCsrfToken(request: AuthenticatedRequest, csrfToken: string): void {
  if (SAFE_METHODS.has(request.method)) return;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || !sameSecret(sent, csrfToken)) {
    throw new ForbiddenException(
      'missing or wrong X-CSRF-Token header: a request signed in by session cookie that changes something ' +
        "must send its session's csrfToken (from POST /v1/session or GET /v1/whoami)",
    );
  }
}

/**
 * Global guard: every route needs a caller and one of its declared roles, unless @Public. The caller is a
 * bearer API key or, without an Authorization header, a console session cookie (same roles as its key;
 * requests that change something must also carry the session's CSRF token).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_RING) private readonly keys: ApiKeyRing,
    private readonly sessions: SessionAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) === true) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticate(request);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // Deny by default: a route that forgot to declare its roles is admin-only.
    if (!hasRole(principal, roles ?? [])) {
      const allowed = [...new Set(['admin', ...(roles ?? [])])].join(', ');
      throw new ForbiddenException(`this needs one of the roles: ${allowed}`);
    }
    return true;
  }

  private async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    const authorization = request.headers.authorization;
    const cookie = sessionCookieOf(request);
    // An Authorization header decides alone: a bad key is not rescued by a cookie.
    if (authorization === undefined && cookie !== undefined) {
      const session = await this.sessions.authenticate(cookie);
      if (session === undefined) {
        throw new UnauthorizedException('the session has expired or was ended: sign in again');
      }
      requireCsrfToken(request, session.csrfToken);
      request.session = { csrfToken: session.csrfToken, expiresAt: session.expiresAt };
      return session.principal;
    }
    const key = bearerKey(authorization);
    if (key === undefined) {
      throw new UnauthorizedException(
        'missing API key: send "Authorization: Bearer <key>" (or sign in: POST /v1/session)',
      );
    }
    const principal = this.keys.authenticate(key);
    if (principal === undefined) throw new UnauthorizedException('unknown API key');
    return principal;
  }
}

import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal, Role } from './api-keys';

export const ROLES_KEY = 'auth:roles';
export const PUBLIC_KEY = 'auth:public';

/** The roles that may call a route (admins always may). Routes without it are refused. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Health probes: no key needed. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export interface AuthenticatedRequest extends FastifyRequest {
  principal?: Principal;
  /** Set when the caller signed in by session cookie rather than an API key. */
  session?: { readonly csrfToken: string; readonly expiresAt: Date };
}

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (principal === undefined) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});

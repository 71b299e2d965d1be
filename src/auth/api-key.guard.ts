import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyRing, hasRole, type Role } from './api-keys';
import { PUBLIC_KEY, ROLES_KEY, type AuthenticatedRequest } from './auth.decorators';

export const API_KEY_RING = Symbol('API_KEY_RING');

/** The key of an `Authorization: Bearer <key>` header, or undefined. */
export function bearerKey(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Global guard: every route needs a bearer API key and one of its declared roles, unless @Public. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_RING) private readonly keys: ApiKeyRing,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets) === true) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearerKey(request.headers.authorization);
    if (key === undefined) {
      throw new UnauthorizedException('missing API key: send "Authorization: Bearer <key>"');
    }
    const principal = this.keys.authenticate(key);
    if (principal === undefined) throw new UnauthorizedException('unknown API key');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    // Deny by default: a route that forgot to declare its roles is admin-only.
    if (!hasRole(principal, roles ?? [])) {
      const allowed = [...new Set(['admin', ...(roles ?? [])])].join(', ');
      throw new ForbiddenException(`this needs one of the roles: ${allowed}`);
    }
    return true;
  }
}

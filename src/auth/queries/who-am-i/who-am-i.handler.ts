import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ROLES } from '../../api-keys';
import { WhoAmIQuery, type WhoAmI } from './who-am-i.query';

@QueryHandler(WhoAmIQuery)
export class WhoAmIHandler implements IQueryHandler<WhoAmIQuery, WhoAmI> {
  execute({ principal, session }: WhoAmIQuery): Promise<WhoAmI> {
    const breakGlassRoles = [...principal.breakGlassRoles].sort();
    return Promise.resolve({
      name: principal.name,
      // In a fixed order, so pages and tests can compare.
      roles: ROLES.filter((role) => principal.roles.has(role)),
      ...(breakGlassRoles.length > 0 ? { breakGlassRoles } : {}),
      via: session === undefined ? 'api-key' : 'session',
      ...(session === undefined
        ? {}
        : { csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() }),
    });
  }
}

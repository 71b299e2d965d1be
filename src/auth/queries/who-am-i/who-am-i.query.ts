import { Query } from '@nestjs/cqrs';
import type { Principal, Role } from '../../api-keys';

/** GET /v1/whoami: what the console shows and offers (roles), and how the caller is signed in. */
export interface WhoAmI {
  readonly name: string;
  readonly roles: readonly Role[];
  readonly breakGlassRoles?: readonly string[];
  readonly via: 'api-key' | 'session';
  readonly csrfToken?: string;
  readonly expiresAt?: string;
}

export class WhoAmIQuery extends Query<WhoAmI> {
  constructor(
    readonly principal: Principal,
    readonly session: { readonly csrfToken: string; readonly expiresAt: Date } | undefined,
  ) {
    super();
  }
}

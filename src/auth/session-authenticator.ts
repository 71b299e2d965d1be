import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { ApiKeyRing, type Principal } from './api-keys';
import { API_KEY_RING } from './api-key-ring.token';
import {
  csrfTokenOf,
  isWellFormedSessionToken,
  sessionKeyBinding,
  sessionTokenHash,
} from './domain/session-token';
import { SessionStore } from './infrastructure/session-store';

/** A caller signed in by session cookie: who (as its key is configured now) and its session's particulars. */
export interface SessionIdentity {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/**
 * Resolves a session cookie's token to the caller, against API_KEYS as configured now: a session whose key
 * was removed, renamed or given another value is no session, and its roles are the key's roles today.
 */
@Injectable()
export class SessionAuthenticator {
  constructor(
    private readonly sessions: SessionStore,
    @Inject(API_KEY_RING) private readonly keys: ApiKeyRing,
  ) {}

  async authenticate(token: string): Promise<SessionIdentity | undefined> {
    if (!isWellFormedSessionToken(token)) return undefined;
    const session = await this.sessions.find(sessionTokenHash(token));
    if (session === undefined) return undefined;
    const key = this.keys.byName(session.keyName);
    if (key === undefined) return undefined;
    const binding = sessionKeyBinding(token, key.digest);
    if (binding.length !== session.keyBinding.length || !timingSafeEqual(binding, session.keyBinding)) {
      return undefined;
    }
    return { principal: key.principal, csrfToken: csrfTokenOf(token), expiresAt: session.expiresAt };
  }
}

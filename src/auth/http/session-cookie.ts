import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../config/app-config';
import { SESSION_COOKIE } from '../domain/session-token';

/**
 * Whether the cookie gets `Secure`. With `auto`, when the request came over TLS: to this process, or to a
 * proxy that says so in X-Forwarded-Proto. Trusting that header here is safe: a client that lies about it
 * only changes the attributes of its own cookie.
 */
export function secureCookie(setting: AppConfig['sessionCookieSecure'], request: FastifyRequest): boolean {
  if (setting !== 'auto') return setting === 'always';
  if (request.protocol === 'https') return true;
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first?.toLowerCase() === 'https';
}

/** HttpOnly (no page script reads it), SameSite=Strict (no other site's page sends it), the whole origin. */
function attributes(secure: boolean) {
  return { httpOnly: true, sameSite: 'strict', path: '/', secure } as const;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, { ...attributes(secure), expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(SESSION_COOKIE, attributes(secure));
}

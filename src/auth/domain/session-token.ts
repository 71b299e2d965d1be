import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie that carries a console session's token. */
export const SESSION_COOKIE = 'change_audit_session';
/** The header a cookie-authenticated request that changes something must carry (the session's CSRF token). */
export const CSRF_HEADER = 'x-csrf-token';

/** 32 random bytes, base64url: what the cookie holds. Never stored: the database keeps its hash. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A token as sent back: base64url of 32 bytes, so anything else is refused before any lookup. */
export function isWellFormedSessionToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(value);
}

/** What the database keys a session by: SHA-256 of its token (a stolen table opens no session). */
export function sessionTokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * Ties a session to the key it was opened with, as configured then: HMAC keyed by the session token over
 * the key's digest. A key whose value changes under the same name no longer matches, and the stored value
 * reveals nothing about the key without the token (which only the browser holds).
 */
export function sessionKeyBinding(token: string, keyDigest: Buffer): Buffer {
  return createHmac('sha256', token).update(keyDigest).digest();
}

/**
 * The session's CSRF token, derived from its token (so nothing more is stored): a page reads it from
 * the sign-in or who-am-I answer and sends it in X-CSRF-Token; another site can neither read it nor
 * compute it.
 */
export function csrfTokenOf(token: string): string {
  return createHmac('sha256', token).update('csrf').digest('base64url');
}

/** Constant-time comparison of two strings (false when their lengths differ). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const digest = (value: string | Buffer): Buffer => createHash('sha256').update(value).digest();

/**
 * Whether `presented` is one of `secrets`. Both sides are hashed first, so the comparison is of equal
 * lengths and constant time, and every secret is compared (no early exit tells which one matched).
 */
export function isOneOf(secrets: readonly string[], presented: string | undefined): boolean {
  if (presented === undefined || presented === '') return false;
  const candidate = digest(presented);
  let found = false;
  for (const secret of secrets) {
    if (timingSafeEqual(digest(secret), candidate)) found = true;
  }
  return found;
}

/** HMAC-SHA256 of the body as sent, in lower-case hex. */
export function hmacSha256Hex(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** Whether `signatureHex` is the HMAC-SHA256 of `body` under one of `secrets` (rotation: two at once). */
export function isSignedByOneOf(
  secrets: readonly string[],
  body: string,
  signatureHex: string | undefined,
): boolean {
  if (signatureHex === undefined || signatureHex === '') return false;
  return isOneOf(
    secrets.map((secret) => hmacSha256Hex(secret, body)),
    signatureHex.trim().toLowerCase(),
  );
}

import type { FastifyReply } from 'fastify';

/**
 * The console's page may load scripts, styles and data from this origin only (no inline script or
 * style), may not be framed, and sends no referrer: publisher-supplied text can at worst be shown.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/** Headers on every console response, files and refusals alike. */
export function setConsoleHeaders(reply: FastifyReply): void {
  void reply.headers({
    'content-security-policy': CONSOLE_CONTENT_SECURITY_POLICY,
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
}

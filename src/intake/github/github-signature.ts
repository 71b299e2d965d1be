import type { sign, verify, verifyWithFallback } from '@octokit/webhooks-methods' with {
  'resolution-mode': 'import',
};

interface WebhooksMethods {
  readonly sign: typeof sign;
  readonly verify: typeof verify;
  readonly verifyWithFallback: typeof verifyWithFallback;
}

let loaded: Promise<WebhooksMethods> | undefined;

/**
 * @octokit/webhooks-methods is published as ES modules only; this CommonJS build loads it once, with a
 * dynamic import (kept as such by TypeScript's node16 module output).
 */
export function webhooksMethods(): Promise<WebhooksMethods> {
  loaded ??= import('@octokit/webhooks-methods');
  return loaded;
}

/**
 * Whether `signature` (X-Hub-Signature-256: `sha256=<hex>`) signs the body as sent with one of the
 * integration's secrets (two while rotating), checked by GitHub's own library in constant time.
 */
export async function isSignedByGitHub(
  secrets: readonly string[],
  rawBody: string,
  signature: string | undefined,
): Promise<boolean> {
  const [first, ...others] = secrets;
  if (first === undefined || signature === undefined || !signature.startsWith('sha256=') || rawBody === '')
    return false;
  const { verifyWithFallback } = await webhooksMethods();
  return (await verifyWithFallback(first, rawBody, signature, others)) === true;
}

import { generateKeyPairSync } from 'node:crypto';
import { KEYS } from './app';
import { sample } from './metrics';

/** An Ed25519 key pair for AUDIT_SIGNING_KEY, and the public half a verifier trusts. */
export function newSigningKey(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/**
 * Something to seal without Kafka: a freeze window (tomorrow, on services nobody runs), which an admin's
 * request appends to the store directly.
 */
export async function declareFutureWindow(baseUrl: string, name: string): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/freeze-windows`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEYS.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      reason: 'something to seal',
      kind: 'deny',
      schedule: { type: 'once', start: new Date(Date.now() + 86_400_000).toISOString() },
      scope: { services: ['nobody-runs-this-*'] },
    }),
  });
  if (res.status !== 201) throw new Error(`declaring a window: ${res.status} ${await res.text()}`);
}

/** change_audit_checkpoint_publish_lag_seconds of one target, as the service reports it now. */
export async function checkpointPublishLag(baseUrl: string, target: string): Promise<number | undefined> {
  const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${KEYS.admin}` } });
  return sample(await res.text(), `change_audit_checkpoint_publish_lag_seconds{target="${target}"}`);
}

import * as crypto from 'node:crypto';
import type { AuditKeys } from '../../src/event-store/checkpoints/signing-key';
import { keyIdOf, trustedKeys } from '../../src/event-store/domain/checkpoint';
import type { NewEvent } from '../../src/event-store/domain/stored-event';

/** A minimal event to append and seal. */
export function sealableEvent(eventId: string): NewEvent {
  return {
    namespace: 'test',
    eventId,
    streamType: 'test',
    streamId: 's',
    type: 'Tested',
    data: { eventId },
    metadata: {},
    occurredAt: new Date('2026-11-03T12:00:00.000Z'),
  };
}

/** A fresh signing key as the sealer holds it, trusted by its own verifying keys. */
export function newAuditKeys(): AuditKeys {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('ed25519');
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  return {
    signing: privateKey,
    keyId: keyIdOf(publicKey),
    publicKeyPem,
    verifying: trustedKeys([publicKeyPem]),
  };
}

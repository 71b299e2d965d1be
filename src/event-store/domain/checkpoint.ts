import * as crypto from 'node:crypto';

/**
 * A signed checkpoint: the Merkle root of the first `treeSize` events (in position order), signed with
 * Ed25519 by a key the database never holds. Modelled on the C2SP signed-note checkpoint: the signed
 * body is lines of text (origin, tree size, base64 root, then extension lines), and the note adds a
 * signature line `— <keyId> <base64 signature>`.
 */
export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  /** Hex SHA-256 Merkle root. */
  readonly rootHash: string;
  /** Position of the last event in the tree (0 for an empty tree). */
  readonly lastPosition: string;
  /** When it was sealed (ISO 8601, UTC). */
  readonly timestamp: string;
  readonly keyId: string;
  /** Base64 Ed25519 signature over `checkpointBody`. */
  readonly signature: string;
  /** The signed note: the body and its signature line, as published. */
  readonly note: string;
}

export type UnsignedCheckpoint = Pick<
  Checkpoint,
  'origin' | 'treeSize' | 'rootHash' | 'lastPosition' | 'timestamp'
>;

/** The origin line of this service's checkpoints: names the log, so a signature cannot be replayed on another. */
export const CHECKPOINT_ORIGIN = 'change-audit-service/events';

/** The text that is signed: one field per line, each ending in a newline. */
export function checkpointBody(c: UnsignedCheckpoint): string {
  const root = Buffer.from(c.rootHash, 'hex').toString('base64');
  return `${c.origin}\n${c.treeSize}\n${root}\nposition ${c.lastPosition}\ntime ${c.timestamp}\n`;
}

/** A key's id: the first 16 bytes of SHA-256 over its DER SubjectPublicKeyInfo, hex. */
export function keyIdOf(publicKey: crypto.KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('hex').slice(0, 32);
}

export function signCheckpoint(c: UnsignedCheckpoint, privateKey: crypto.KeyObject): Checkpoint {
  const keyId = keyIdOf(crypto.createPublicKey(privateKey));
  const body = checkpointBody(c);
  const signature = crypto.sign(null, Buffer.from(body, 'utf8'), privateKey).toString('base64');
  return { ...c, keyId, signature, note: `${body}\n— ${keyId} ${signature}\n` };
}

export type CheckpointRejection = 'unknown_key' | 'bad_signature' | 'malformed';

/**
 * Checks a checkpoint's signature with the key its keyId names, among the keys the verifier trusts.
 * The fields are what is verified (the body is rebuilt from them); the note must agree with them.
 */
export function checkCheckpoint(
  c: Checkpoint,
  trusted: ReadonlyMap<string, crypto.KeyObject>,
): CheckpointRejection | undefined {
  if (
    !Number.isSafeInteger(c.treeSize) ||
    c.treeSize < 0 ||
    !/^[0-9a-f]{64}$/.test(c.rootHash) ||
    !/^[0-9]+$/.test(c.lastPosition)
  )
    return 'malformed';
  const key = trusted.get(c.keyId);
  if (key === undefined) return 'unknown_key';
  const body = checkpointBody(c);
  const valid = crypto.verify(null, Buffer.from(body, 'utf8'), key, Buffer.from(c.signature, 'base64'));
  if (!valid) return 'bad_signature';
  if (c.note !== `${body}\n— ${c.keyId} ${c.signature}\n`) return 'malformed';
  return undefined;
}

/** Trusted keys by id, from PEM public keys. */
export function trustedKeys(pems: readonly string[]): Map<string, crypto.KeyObject> {
  const keys = new Map<string, crypto.KeyObject>();
  for (const pem of pems) {
    const key = crypto.createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('checkpoint keys are Ed25519');
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

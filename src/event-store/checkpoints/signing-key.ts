import * as crypto from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '@nestjs/common';
import type { AuditConfig } from '../../config/app-config';
import { keyIdOf, trustedKeys } from '../domain/checkpoint';

/** The key checkpoints are signed with, and every public key they are verified with. */
export interface AuditKeys {
  readonly signing: crypto.KeyObject;
  readonly keyId: string;
  readonly publicKeyPem: string;
  /** The signing key's public key and AUDIT_VERIFY_KEYS, by key id. */
  readonly verifying: ReadonlyMap<string, crypto.KeyObject>;
}

const isPem = (value: string): boolean => value.includes('-----BEGIN ');
const readPemOrFile = (value: string): string => (isPem(value) ? value : readFileSync(value, 'utf8'));

/**
 * The data directory's key, or, the first time, a new one. Written to a temporary file and linked into
 * place, so two processes starting at once end up with the same key and nobody reads half a file.
 */
function generatedKey(file: string, logger: Logger): string {
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  writeFileSync(temporary, pem, { mode: 0o600 });
  try {
    linkSync(temporary, file);
    logger.warn(
      `GENERATED A NEW AUDIT SIGNING KEY in ${file}: checkpoints are signed with it. Anyone who can read ` +
        'this file can forge checkpoints; keep it away from the database and its backups, or set ' +
        'AUDIT_SIGNING_KEY (docs/security.md, "Signed checkpoints").',
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(file, 'utf8');
}

export function loadAuditKeys(config: AuditConfig, logger: Logger): AuditKeys {
  const pem =
    config.signingKey === undefined
      ? generatedKey(config.generatedKeyFile, logger)
      : readPemOrFile(config.signingKey);
  const signing = crypto.createPrivateKey(pem);
  if (signing.asymmetricKeyType !== 'ed25519') throw new Error('AUDIT_SIGNING_KEY must be an Ed25519 key');
  const publicKey = crypto.createPublicKey(signing);
  const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const verifying = trustedKeys([publicKeyPem, ...config.verifyKeys.map(readPemOrFile)]);
  return { signing, keyId: keyIdOf(publicKey), publicKeyPem, verifying };
}

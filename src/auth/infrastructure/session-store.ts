import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StoredSession {
  readonly keyName: string;
  readonly keyBinding: Buffer;
  readonly expiresAt: Date;
}

/** The auth module's table of console sessions, keyed by the hash of each session's token. */
@Injectable()
export class SessionStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Records a new session, and deletes expired ones on the way (sign-ins are rare; no sweeper needed). */
  async open(tokenHash: Buffer, keyName: string, keyBinding: Buffer, createdAt: Date, expiresAt: Date) {
    await this.dataSource.query(`DELETE FROM auth_sessions WHERE expires_at <= now()`);
    await this.dataSource.query(
      `INSERT INTO auth_sessions (token_hash, key_name, key_binding, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5)`,
      [tokenHash, keyName, keyBinding, createdAt, expiresAt],
    );
  }

  /** The session with this token hash, unless it has expired or was ended. */
  async find(tokenHash: Buffer): Promise<StoredSession | undefined> {
    const rows = await this.dataSource.query<{ key_name: string; key_binding: Buffer; expires_at: Date }[]>(
      `SELECT key_name, key_binding, expires_at FROM auth_sessions
        WHERE token_hash = $1 AND expires_at > now()`,
      [tokenHash],
    );
    const row = rows[0];
    return row === undefined
      ? undefined
      : { keyName: row.key_name, keyBinding: row.key_binding, expiresAt: row.expires_at };
  }

  async end(tokenHash: Buffer): Promise<void> {
    await this.dataSource.query(`DELETE FROM auth_sessions WHERE token_hash = $1`, [tokenHash]);
  }
}

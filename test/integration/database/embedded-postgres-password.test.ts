import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../support/service-process';

interface StartOutcome {
  /** The password in the URL the service would use. */
  readonly password: string;
  readonly fileMode: number;
  /** Whether PostgreSQL accepts that password, and the old fixed one "postgres". */
  readonly accepted: boolean;
  readonly legacyAccepted: boolean;
  readonly warnings: string[];
}

const PASSWORD_FILE = 'superuser-password';

/** Runs a scenario of test/support/embedded-postgres-password.mjs; returns its JSON line. */
async function scenario<T>(name: 'start' | 'legacy', dataDir: string): Promise<T> {
  const script = path.resolve(__dirname, '../../support/embedded-postgres-password.mjs');
  const args = [script, name, dataDir, String(await freePort())];
  const { stdout } = await promisify(execFile)(process.execPath, args, { timeout: 120_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T;
}

/** The embedded PostgreSQL (`npm start`'s default) has a superuser password of its own per data directory. */
describe('embedded PostgreSQL: superuser password', () => {
  const dirs: string[] = [];
  const dataDir = (): string => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cas-embedded-password-'));
    dirs.push(dir);
    return dir;
  };

  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('is generated on first start, kept in a 0600 file, and reused by the next start', async () => {
    const dir = dataDir();
    const first = await scenario<StartOutcome>('start', dir);
    expect(first.password).not.toBe('postgres');
    expect(first.password).toMatch(/^[0-9a-f]{64}$/);
    expect(first.fileMode).toBe(0o600);
    expect(readFileSync(path.join(dir, PASSWORD_FILE), 'utf8').trim()).toBe(first.password);
    expect(first).toMatchObject({ accepted: true, legacyAccepted: false, warnings: [] });

    // A restored file with wider permissions is tightened.
    chmodSync(path.join(dir, PASSWORD_FILE), 0o644);
    const second = await scenario<StartOutcome>('start', dir);
    expect(second).toMatchObject({
      password: first.password,
      fileMode: 0o600,
      accepted: true,
      legacyAccepted: false,
    });

    // Another data directory gets another password.
    const other = await scenario<StartOutcome>('start', dataDir());
    expect(other.password).not.toBe(first.password);
  }, 240_000);

  it('a data directory created with the old fixed password switches to a generated one on its first start', async () => {
    const dir = dataDir();
    expect(await scenario<{ legacyAccepted: boolean }>('legacy', dir)).toEqual({ legacyAccepted: true });

    const first = await scenario<StartOutcome>('start', dir);
    expect(first.password).not.toBe('postgres');
    expect(first).toMatchObject({ fileMode: 0o600, accepted: true, legacyAccepted: false });
    expect(first.warnings).toEqual([expect.stringContaining('still had the old fixed password')]);

    const second = await scenario<StartOutcome>('start', dir);
    expect(second).toMatchObject({ password: first.password, accepted: true, warnings: [] });
  }, 240_000);
});

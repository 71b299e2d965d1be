import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const script = path.join(__dirname, '../scripts/generate.mjs');
const documentPath = path.join(__dirname, '../../../contracts/openapi.json');

function check(env: Record<string, string> = {}): { status: number; stderr: string } {
  try {
    execFileSync(process.execPath, [script, '--check'], { env: { ...process.env, ...env }, stdio: 'pipe' });
    return { status: 0, stderr: '' };
  } catch (error) {
    const failed = error as { status: number; stderr: Buffer };
    return { status: failed.status, stderr: failed.stderr.toString() };
  }
}

describe('src/generated/api.ts', () => {
  it('is what openapi-typescript makes of contracts/openapi.json (run `npm run client:generate`)', () => {
    expect(check()).toEqual({ status: 0, stderr: '' });
  });

  it('is reported stale when the document changes', () => {
    const document = JSON.parse(readFileSync(documentPath, 'utf8')) as { paths: Record<string, unknown> };
    document.paths['/v1/brand-new'] = { get: { responses: { '200': { description: 'Done.' } } } };
    const changed = path.join(mkdtempSync(path.join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(changed, JSON.stringify(document));
    const result = check({ OPENAPI_DOCUMENT: changed });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('is stale');
  });
});

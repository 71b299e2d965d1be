import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { API_KEYS, KEYS } from './app';

const ROOT = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface ServiceProcess {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/**
 * The built service (dist/src/main.js) as its own OS process, so a test can SIGKILL it mid-batch the
 * way a node failure would. `npm test` builds dist/ before Jest starts.
 */
export async function spawnService(env: Record<string, string>): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env['PATH'] ?? '',
      API_KEYS: JSON.stringify(API_KEYS),
      LOG_LEVEL: 'warn',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  return { child, baseUrl: `http://127.0.0.1:${port}`, output: () => output, exited };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits for `/health/ready` to answer 200 and returns its body. Asks with the admin key, so a timeout
 * names the checks that stayed down and why (a bare "timed out" says nothing about a flaky start-up).
 */
export async function waitForReady(
  baseUrl: string,
  timeoutMs = 90_000,
): Promise<{ status: string; checks: Record<string, string>; failing?: string[] }> {
  let last = 'no answer yet';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/health/ready`, {
        headers: { authorization: `Bearer ${KEYS.admin}` },
      });
      const text = await res.text();
      if (res.status === 200) return JSON.parse(text) as { status: string; checks: Record<string, string> };
      last = `${res.status} ${text}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms; last answer: ${last}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

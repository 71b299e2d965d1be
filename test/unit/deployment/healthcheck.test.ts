// deploy/healthcheck.mjs, the probe the image and docker-compose.yml run (`node deploy/healthcheck.mjs <route>`),
// against a local HTTP server standing in for the service.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ROOT } from './support/sources';

const SCRIPT = path.join(ROOT, 'deploy/healthcheck.mjs');

interface ProbeResult {
  readonly exitCode: number;
  readonly stderr: string;
}

function probe(port: number, route: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, route],
      { env: { PATH: process.env['PATH'] ?? '', PORT: String(port) }, timeout: 30_000 },
      (error, _stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ exitCode: code, stderr });
      },
    );
  });
}

describe('deploy/healthcheck.mjs', () => {
  let server: Server;
  let port: number;
  const requested: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requested.push(request.url ?? '');
      const ready = request.url === '/health/live';
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify(ready ? { status: 'ok' } : { status: 'unavailable', checks: { postgres: 'down' } }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve, reject) => {
      server.close((error) => {
        if (error) reject(error);
        else resolve();
      });
    });
  });

  it('exits 0 when the route answers 2xx, asking on the port from PORT', async () => {
    await expect(probe(port, '/health/live')).resolves.toEqual({ exitCode: 0, stderr: '' });
    expect(requested).toContain('/health/live');
  });

  it('exits 1 and says why when the route answers an error', async () => {
    const result = await probe(port, '/health/ready');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('answered 503');
    expect(result.stderr).toContain('postgres');
  });

  it('exits 1 when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => {
      closed.close(() => {
        resolve();
      });
    });
    const result = await probe(free, '/health/live');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('unreachable');
  });
});

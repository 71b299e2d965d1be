import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

// Compiled to dist/bench/support/: the repository is three levels up.
const ROOT = path.resolve(__dirname, '../../..');

export interface BenchService {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** CPU time the process has used so far, in microseconds (Linux /proc; 0 if unreadable). */
  cpuMicros(): number;
  stop(): Promise<void>;
}

/** A port nothing listens on now (other benchmarks on this machine start their own databases too). */
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

/** CPU time of a process so far, in microseconds: utime + stime from /proc (USER_HZ = 100). */
export function processCpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return 0;
  }
}

/**
 * The node flags the service runs with in production (the Dockerfile's CMD, `npm start`): a heap cap, which
 * also makes V8 grow the old space in smaller steps (docs/operations.md, "Memory").
 */
export const SERVICE_NODE_FLAGS = ['--max-old-space-size=512'] as const;

/**
 * The built service (dist/src/main.js) as its own process, as deployed (SERVICE_NODE_FLAGS, then any
 * BENCH_NODE_ARGS, which win where they repeat one), on a free port; resolves once
 * /health/ready answers 200. `env` comes on top of a minimal environment (PATH only), so nothing of the
 * caller's environment (KAFKA_BROKERS, OTEL_*) leaks in unless given. `root` is the checkout whose build
 * runs (another commit's worktree, for a baseline in the same run).
 */
export async function startBenchService(
  env: Record<string, string>,
  timeoutMs = 120_000,
  root = ROOT,
): Promise<BenchService> {
  const nodeArgs = (process.env['BENCH_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
  return startProcess(
    [...SERVICE_NODE_FLAGS, ...nodeArgs, path.join(root, 'dist/src/main.js')],
    env,
    timeoutMs,
    root,
  );
}

/**
 * The machine's floor for an HTTP benchmark: a bare node:http server in its own process (see
 * bare-http-server.ts), ready when it answers.
 */
export async function startBareHttpServer(): Promise<BenchService> {
  return startProcess([path.join(ROOT, 'dist/bench/support/bare-http-server.js')], {}, 10_000);
}

async function startProcess(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs: number,
  cwd = ROOT,
): Promise<BenchService> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} while starting`);
    const ready = await fetch(`${baseUrl}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the service was not ready after ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    child,
    baseUrl,
    cpuMicros: () => (child.pid === undefined ? 0 : processCpuMicros(child.pid)),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

import { spawn } from 'node:child_process';
import path from 'node:path';

/** The built changectl, as installed by `bin` (`npm run build` first). */
export const CHANGECTL = path.resolve(__dirname, '../../dist/src/cli/changectl/main.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs changectl as a child process with exactly `env` (and PATH), `stdin` on its standard input. */
export async function runChangectl(
  args: readonly string[],
  options: { readonly cwd: string; readonly env: Record<string, string>; readonly stdin?: string },
): Promise<CliRun> {
  const child = spawn(process.execPath, [CHANGECTL, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(options.stdin ?? '');
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

/** A run's stdout as JSON, or an error that shows what it printed instead. */
export function cliJson(run: CliRun): unknown {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`stdout is not JSON (exit ${String(run.code)}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

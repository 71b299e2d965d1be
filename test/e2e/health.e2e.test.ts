import request from 'supertest';
import { KEYS } from '../support/app';
import { superuserClient } from '../support/database';
import { startEnv, type Env } from './fixtures';

describe('health probes', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('live answers 200 without a key', async () => {
    const res = await request(env.app.baseUrl).get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('ready answers 200 without a key once PostgreSQL answers and every migration has run', async () => {
    const res = await request(env.app.baseUrl).get('/health/ready').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      checks: { postgres: 'ok', migrations: 'ok', projections: 'ok', 'audit-checkpoints': 'ok' },
      // A data problem, not an instance problem: shown beside the checks, never failing them.
      details: { 'read-models': expect.stringMatching(/^(not checked yet|ok)$/) as unknown },
    });
  });

  it('ready answers 503 while the database refuses connections, live stays 200, and ready recovers', async () => {
    const database = new URL(env.url).pathname.slice(1);
    const maintenance = new URL(env.url);
    maintenance.pathname = '/postgres';
    const admin = await superuserClient(maintenance.toString());
    // Cut the app's connections only; the suite's own superuser session stays.
    const own = await env.sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    // The pool logs the cut connections as a warning; expected here.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS false`);
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> $2`,
        [database, own.rows[0]?.pid],
      );
      // Without a key: names and up/down only, never the database's error text.
      const down = await request(env.app.baseUrl).get('/health/ready').expect(503);
      // The readiness report keeps its own shape (@ForeignErrorShape), not problem details.
      expect(down.headers['content-type']).toMatch(/^application\/json/);
      expect(down.body).toEqual({
        status: 'unavailable',
        checks: { postgres: 'down' },
        failing: ['postgres'],
        // Beside the checks and never failing them; without a key a word, never a stream or an error text.
        details: { 'read-models': expect.stringMatching(/^(not checked yet|ok|mismatch)$/) as unknown },
      });
      // With a key of any role (an unknown key counts as none): what is wrong.
      const unknownKey = await request(env.app.baseUrl)
        .get('/health/ready')
        .set('authorization', 'Bearer no-such-key')
        .expect(503);
      expect(unknownKey.body).toEqual(down.body);
      const detailed = await request(env.app.baseUrl)
        .get('/health/ready')
        .set('authorization', `Bearer ${KEYS.reviewer}`)
        .expect(503);
      const body = detailed.body as { status: string; checks: Record<string, string> };
      expect(body.status).toBe('unavailable');
      expect(body.checks['postgres']).toMatch(/^down: ./);
      await request(env.app.baseUrl).get('/health/live').expect(200);
    } finally {
      await admin.query(`ALTER DATABASE ${database} ALLOW_CONNECTIONS true`);
      await admin.end();
      warn.mockRestore();
    }
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await request(env.app.baseUrl).get('/health/ready')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });
});

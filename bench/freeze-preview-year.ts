/**
 * One 366-day freeze preview on a store holding a year of changes: how long POST /v1/freeze-windows/preview
 * takes when it walks the most it may (MAX_PREVIEW_EXAMINED changes per list) and when a window's scope
 * narrows the walk in the database. The `changes` read model is filled directly (the preview reads nothing
 * else), `BENCH_PREVIEW_CHANGES_PER_DAY` (default 1,000) changes a day over 200 services, 3 environments,
 * 4 regions, 8 kinds, 2% still running. Run: `DATABASE_URL=… node -r @swc-node/register bench/freeze-preview-year.ts`.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { Client } from 'pg';
import { createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { ensureDatabase, migrate } from '../src/database/provision';

const KEY = 'bench-preview-admin-key';
const DAYS = 366;

async function main(): Promise<void> {
  const maintenance = process.env['DATABASE_URL'];
  if (maintenance === undefined) throw new Error('set DATABASE_URL (a maintenance database)');
  const perDay = Number(process.env['BENCH_PREVIEW_CHANGES_PER_DAY'] ?? 1_000);
  const name = `bench_preview_${randomBytes(4).toString('hex')}`;
  const url = await ensureDatabase(maintenance, name);
  await migrate(url);
  const sql = new Client({ connectionString: url });
  await sql.connect();
  const total = perDay * DAYS;
  const loadStart = performance.now();
  await sql.query(
    `INSERT INTO changes (change_id, source, kind, phase, service, environment, region, team, is_rollback,
        is_hotfix, planned_at, started_at, finished_at, timeline_at, last_event_at, event_count, last_position,
        fold_state)
     SELECT 'c-' || i, 'argo-cd',
            (ARRAY['deploy','config','scaling','experiment','feature_flag','infra','database','other'])[1 + i % 8],
            CASE WHEN i % 50 = 0 THEN 'started' ELSE 'succeeded' END,
            (CASE WHEN i % 20 = 0 THEN 'payments-' ELSE 'svc-' END) || (i % 200),
            (ARRAY['production','staging','dev'])[1 + i % 3],
            (ARRAY['eu-west-1','us-east-1','us-west-2','ap-south-1'])[1 + i % 4],
            'team-' || (i % 30), false, false, NULL, t, CASE WHEN i % 50 = 0 THEN NULL ELSE t + interval '7 minutes' END,
            t, t, 2, i, '{}'::json
       FROM (SELECT i, now() - ($2::float8 * ((i::bigint * 7919) % 1000003) / 1000003.0) * interval '1 day' AS t
               FROM generate_series(1, $1::int) AS i) AS spread`,
    [total, DAYS],
  );
  await sql.query('VACUUM ANALYZE changes');
  const loadSeconds = (performance.now() - loadStart) / 1000;

  const app = await createApp(
    loadConfig({
      DATABASE_URL: url,
      API_KEYS: JSON.stringify([{ name: 'admin', key: KEY, roles: ['admin'] }]),
      LOG_LEVEL: 'warn',
    }),
  );
  await app.app.listen(0, '127.0.0.1');
  const port = ((app.app.getHttpServer() as Server).address() as AddressInfo).port;
  const preview = async (scope: Record<string, unknown>) => {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/v1/freeze-windows/preview?days=${DAYS}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Fridays',
        reason: 'bench',
        kind: 'deny',
        schedule: { type: 'recurring', cron: '0 16 * * FRI', duration: 'PT60H', timeZone: 'Europe/Berlin' },
        scope,
      }),
    });
    const { past } = (await res.json()) as {
      past: { examined: number; inScope: number; deny: number; partial: boolean };
    };
    return {
      ms: Math.round(performance.now() - started),
      status: res.status,
      examined: past.examined,
      inScope: past.inScope,
      deny: past.deny,
      partial: past.partial,
    };
  };
  const results: Record<string, unknown> = {};
  for (const [label, scope] of [
    ['every change (walk capped)', {}],
    ['production only', { environments: ['production'] }],
    ['payments-* in production', { services: ['payments-*'], environments: ['production'] }],
  ] as const) {
    const runs = [await preview(scope), await preview(scope)];
    results[label] = runs;
  }
  // The machine's load while measuring: on a shared machine the figures stretch with it.
  const loadAverage = os.loadavg().map((l) => Math.round(l * 10) / 10);
  const cpus = os.cpus().length;
  const report = { changes: total, perDay, loadSeconds: Math.round(loadSeconds), cpus, loadAverage, results };
  console.log(JSON.stringify(report, null, 2));
  await app.close();
  await sql.end();
  const admin = new Client({ connectionString: maintenance });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

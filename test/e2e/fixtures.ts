// Shared helpers for the e2e suites: a fresh database and the real app per suite, event builders, and
// thin typed wrappers over the HTTP API. Not a test file itself (no `.test.ts`).
import type { Client } from 'pg';
import request from 'supertest';
import type { IngestResponse } from '../../src/changes/http/change-events.controller';
import type { ChangeView } from '../../src/changes/domain/change-state';
import type { ChangeDetail } from '../../src/changes/queries/get-change/get-change.query';
import type { ChangePage } from '../../src/changes/queries/list-changes/list-changes.query';
import type { ChangeEventV1 } from '../../src/contracts/generated/change-event.v1';
import { KEYS, startTestApp, type TestApp } from '../support/app';
import { createTestDatabase, superuserClient } from '../support/database';

export type ChangeEvent = ChangeEventV1;
export type Phase = ChangeEvent['phase'];
export type { ChangeDetail, ChangePage, ChangeView, IngestResponse };

export interface Env {
  readonly app: TestApp;
  readonly url: string;
  /** Superuser connection to the suite's database, for looking (and tampering) past the service. */
  readonly sql: Client;
  close(): Promise<void>;
}

/** A fresh migrated database, the real app on it (with any further settings), and a superuser client. */
export async function startEnv(env: Record<string, string> = {}): Promise<Env> {
  const db = await createTestDatabase();
  const app = await startTestApp({ DATABASE_URL: db.url, ...env });
  const sql = await superuserClient(db.url);
  return {
    app,
    url: db.url,
    sql,
    close: async () => {
      await sql.end();
      await app.close();
      await db.drop();
    },
  };
}

export const T0 = Date.parse('2026-11-03T12:00:00.000Z');
export const MINUTE = 60_000;
export const at = (offsetMs: number): string => new Date(T0 + offsetMs).toISOString();

/** A valid change event; every field not given is filled with something plausible. */
export function changeEvent(
  fields: Partial<ChangeEvent> & Pick<ChangeEvent, 'eventId' | 'changeId'>,
): ChangeEvent {
  return {
    source: 'argo-cd',
    kind: 'deploy',
    phase: 'started',
    occurredAt: at(0),
    environment: 'production',
    service: 'checkout',
    ...fields,
  };
}

/**
 * The life of one change: planned, started, progressed (twice), then a terminal phase; each event has
 * fields that move on over time, so a fold in the wrong order shows in the result.
 */
export function lifecycle(
  changeId: string,
  startMs: number,
  fields: Partial<ChangeEvent> = {},
): ChangeEvent[] {
  const steps: { phase: Phase; dt: number; extra: Partial<ChangeEvent> }[] = [
    {
      phase: 'planned',
      dt: -30 * MINUTE,
      extra: { summary: 'planned rollout', version: { from: 'v1', to: 'v2' } },
    },
    { phase: 'started', dt: 0, extra: { summary: 'rolling out', rollout: { stage: 'canary', percent: 5 } } },
    {
      phase: 'progressed',
      dt: 2 * MINUTE,
      extra: { rollout: { stage: 'batch', batch: 1, totalBatches: 2, percent: 50 } },
    },
    {
      phase: 'progressed',
      dt: 4 * MINUTE,
      extra: { rollout: { stage: 'batch', batch: 2, totalBatches: 2, percent: 100 } },
    },
    { phase: 'succeeded', dt: 6 * MINUTE, extra: { summary: 'rolled out v2' } },
  ];
  return steps.map(({ phase, dt, extra }, i) =>
    changeEvent({
      eventId: `${changeId}-e${i}`,
      changeId,
      phase,
      occurredAt: new Date(startMs + dt).toISOString(),
      actor: { type: 'human', id: 'alice@example.com' },
      ...extra,
      ...fields,
    }),
  );
}

export { seededRandom, shuffle } from '../../bench/generators/change-events';

/** Splits items into consecutive chunks of 1..maxSize. */
export function chunks<T>(items: readonly T[], maxSize: number, random: () => number): T[][] {
  const out: T[][] = [];
  let i = 0;
  while (i < items.length) {
    const size = 1 + Math.floor(random() * maxSize);
    out.push(items.slice(i, i + size));
    i += size;
  }
  return out;
}

export function post(app: TestApp, body: unknown, key: string = KEYS.publisher): request.Test {
  return request(app.baseUrl)
    .post('/v1/change-events')
    .set('authorization', `Bearer ${key}`)
    .send(body as object);
}

/** Publishes and insists on 202 with every item accepted. */
export async function publish(
  app: TestApp,
  body: ChangeEvent | readonly ChangeEvent[],
  key?: string,
): Promise<IngestResponse> {
  const res = await post(app, body, key);
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${JSON.stringify(res.body)}`);
  const parsed = res.body as IngestResponse;
  const n = Array.isArray(body) ? body.length : 1;
  if (parsed.accepted.length !== n) throw new Error(`expected ${n} accepted: ${JSON.stringify(parsed)}`);
  return parsed;
}

export function get(app: TestApp, path: string, key: string = KEYS.reviewer): request.Test {
  return request(app.baseUrl).get(path).set('authorization', `Bearer ${key}`);
}

/** A change by its address: (source, changeId); the fixtures publish as argo-cd unless told. */
export async function getChange(app: TestApp, changeId: string, source = 'argo-cd'): Promise<ChangeDetail> {
  const res = await get(app, `/v1/changes/${encodeURIComponent(source)}/${encodeURIComponent(changeId)}`);
  if (res.status !== 200) {
    throw new Error(`GET change ${source}/${changeId}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res.body as ChangeDetail;
}

export async function listPage(app: TestApp, query: string): Promise<ChangePage> {
  const res = await get(app, `/v1/changes${query === '' ? '' : `?${query}`}`);
  if (res.status !== 200)
    throw new Error(`GET /v1/changes?${query}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ChangePage;
}

/** Every change matching the query, following nextCursor to the end. */
export async function listAll(app: TestApp, query: string, limit = 500): Promise<ChangeView[]> {
  const items: ChangeView[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 10_000; pages += 1) {
    const parts = [query, `limit=${limit}`, cursor === null ? '' : `cursor=${encodeURIComponent(cursor)}`];
    const page = await listPage(app, parts.filter((p) => p !== '').join('&'));
    items.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error('pagination did not end');
}

export async function countRows(sql: Client, table: 'events' | 'changes'): Promise<number> {
  const result = await sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
  return Number(result.rows[0]?.n);
}

import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import type { RebuildResult } from '../../src/changes/commands/rebuild-change-timeline/rebuild-change-timeline.command';
import type { ChangeView } from '../../src/changes/domain/change-state';
import { decodeFoldState } from '../../src/changes/infrastructure/fold-state-codec';
import { KEYS } from '../support/app';
import { PHASES } from '../unit/support/change-events';
import {
  at,
  changeEvent,
  chunks,
  countRows,
  getChange,
  lifecycle,
  listAll,
  publish,
  seededRandom,
  shuffle,
  startEnv,
  MINUTE,
  type ChangeEvent,
  type Env,
} from './fixtures';

/**
 * invariant 4 of docs/design.md: the change timeline is disposable. Folding it again from the event store gives
 * exactly the rows that inline projection produced, whether the old rows are there, gone or damaged.
 */
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2'];
const TERMINAL = ['succeeded', 'failed', 'rolled_back', 'cancelled'] as const;

/** About 300 events over 80 changes of 1 to 5 events, with varied fields and terminal phases. */
function corpus(): ChangeEvent[] {
  const random = seededRandom(2026);
  const events: ChangeEvent[] = [];
  for (let c = 0; c < 80; c += 1) {
    const changeId = `rb-${String(c).padStart(2, '0')}`;
    const start = Date.parse(at(Math.floor(random() * 600) * MINUTE));
    const terminal = TERMINAL[c % TERMINAL.length] ?? 'succeeded';
    const life = lifecycle(changeId, start, {
      region: REGIONS[c % REGIONS.length] ?? 'eu-west-1',
      service: `svc-${c % 7}`,
      source: c % 2 === 0 ? 'argo-cd' : 'ones',
      ...(c % 5 === 0 ? { isHotfix: true } : {}),
    }).map((e) => (e.phase === 'succeeded' ? { ...e, phase: terminal } : e));
    // Some changes are only planned, some never finish: keep a prefix of 1..5 events.
    const keep = c % 3 === 0 ? life.length : 1 + Math.floor(random() * life.length);
    events.push(...life.slice(0, keep));
  }
  events.push(
    changeEvent({ eventId: 'rb-solo-e0', changeId: 'rb-solo', phase: 'failed', occurredAt: at(3 * MINUTE) }),
  );
  return events;
}

type Row = Record<string, unknown>;

async function snapshot(env: Env): Promise<Row[]> {
  const result = await env.sql.query<Row>(`SELECT * FROM changes ORDER BY change_id`);
  return result.rows;
}

function rebuild(env: Env, key: string = KEYS.admin): request.Test {
  return request(env.app.baseUrl)
    .post('/v1/projections/change-timeline/rebuild')
    .set('authorization', `Bearer ${key}`);
}

describe('rebuilding the change timeline from the store (invariant 4)', () => {
  let env: Env;
  const events = corpus();
  const changeCount = new Set(events.map((e) => e.changeId)).size;

  beforeAll(async () => {
    env = await startEnv();
    const random = seededRandom(99);
    // Random arrival order (so phases arrive out of order), in requests of 1..25, with redeliveries.
    const arrival = shuffle(events, random);
    for (const batch of chunks(arrival, 25, random)) await publish(env.app, batch);
    await publish(env.app, shuffle(events, random).slice(0, 40));
  });
  afterAll(async () => {
    await env.close();
  });

  it('ingested the corpus: every event once, one row per change', async () => {
    expect(events.length).toBeGreaterThan(200);
    expect(await countRows(env.sql, 'events')).toBe(events.length);
    expect(await countRows(env.sql, 'changes')).toBe(changeCount);
  });

  it('is refused to reviewers and publishers, and without a key', async () => {
    const before = await snapshot(env);
    await rebuild(env, KEYS.reviewer).expect(403);
    await rebuild(env, KEYS.publisher).expect(403);
    await request(env.app.baseUrl).post('/v1/projections/change-timeline/rebuild').expect(401);
    expect(await snapshot(env)).toEqual(before);
  });

  it('gives the same rows as inline projection', async () => {
    const before = await snapshot(env);
    const listedBefore = await listAll(env.app, '');
    const res = await rebuild(env).expect(200);
    const result = res.body as RebuildResult;
    expect(result).toMatchObject({ events: events.length, changes: changeCount });
    expect(typeof result.millis).toBe('number');
    expect(await snapshot(env)).toEqual(before);
    expect(await listAll(env.app, '')).toEqual(listedBefore);
  });

  it('restores every row after they were all deleted', async () => {
    const before = await snapshot(env);
    await env.sql.query('DELETE FROM changes');
    expect(await countRows(env.sql, 'changes')).toBe(0);
    await rebuild(env).expect(200);
    expect(await snapshot(env)).toEqual(before);
  });

  it('repairs damaged rows and removes rows no event supports', async () => {
    const before = await snapshot(env);
    await env.sql.query(
      `UPDATE changes SET phase = 'planned', event_count = 0, summary = 'wrong' WHERE change_id < 'rb-40'`,
    );
    await env.sql.query(
      `INSERT INTO changes SELECT 'rb-phantom', source, kind, phase, service, environment, region, cluster, team,
              actor_type, actor_id, summary, version_from, version_to, rollout, override, is_rollback,
              is_hotfix, planned_at, started_at, finished_at, timeline_at, last_event_at, event_count,
              last_position, fold_state
         FROM changes WHERE change_id = 'rb-50'`,
    );
    expect(await snapshot(env)).not.toEqual(before);
    await rebuild(env).expect(200);
    expect(await snapshot(env)).toEqual(before);
  });

  it('keeps projecting inline after a rebuild, to the same rows a further rebuild gives', async () => {
    const more = [
      ...lifecycle('rb-after', Date.parse(at(42 * MINUTE))).reverse(),
      changeEvent({
        eventId: 'rb-00-late',
        changeId: 'rb-00',
        phase: 'progressed',
        occurredAt: at(1),
        summary: 'late',
      }),
    ];
    await publish(env.app, more.slice(0, 3));
    await publish(env.app, more.slice(3));
    const inline = await snapshot(env);
    expect(inline).toHaveLength(changeCount + 1);
    const res = await rebuild(env).expect(200);
    expect(res.body).toMatchObject({ events: events.length + more.length, changes: changeCount + 1 });
    expect(await snapshot(env)).toEqual(inline);
  });

  it('reads rows stored in the fold-state layout before the compact one, and rewrites each on its next event', async () => {
    const rows = await env.sql.query<{ source: string; change_id: string; fold_state: unknown }>(
      `SELECT source, change_id, fold_state FROM changes`,
    );
    // As the version before the compact layout wrote them: the ChangeState as JSON.
    for (const row of rows.rows)
      await env.sql.query(`UPDATE changes SET fold_state = $3::json WHERE source = $1 AND change_id = $2`, [
        row.source,
        row.change_id,
        JSON.stringify(decodeFoldState(row.fold_state)),
      ]);
    const layouts = async () =>
      (
        await env.sql.query<{ layout: string; n: number }>(
          `SELECT json_typeof(fold_state) AS layout, count(*)::int AS n FROM changes GROUP BY 1 ORDER BY 1`,
        )
      ).rows;
    expect(await layouts()).toEqual([{ layout: 'object', n: changeCount + 1 }]);
    const listed = await listAll(env.app, '');
    const detail = await getChange(env.app, 'rb-02');

    // The next event of a change merges into its old-layout state and stores the compact one.
    const late = changeEvent({
      eventId: 'rb-02-late',
      changeId: 'rb-02',
      phase: 'progressed',
      occurredAt: at(1),
      summary: 'late note',
    });
    await publish(env.app, [late]);
    expect(await layouts()).toEqual([
      { layout: 'array', n: 1 },
      { layout: 'object', n: changeCount },
    ]);
    const after = await getChange(env.app, 'rb-02');
    expect(after.change).toMatchObject({ changeId: 'rb-02', eventCount: detail.change.eventCount + 1 });
    const inline = await snapshot(env);
    expect((await listAll(env.app, '')).filter((c) => c.changeId !== 'rb-02')).toEqual(
      listed.filter((c) => c.changeId !== 'rb-02'),
    );

    // A rebuild gives the compact layout everywhere, and the rewritten row as inline projection wrote it.
    await rebuild(env).expect(200);
    expect(await layouts()).toEqual([{ layout: 'array', n: changeCount + 1 }]);
    expect((await snapshot(env)).find((r) => r['change_id'] === 'rb-02')).toEqual(
      inline.find((r) => r['change_id'] === 'rb-02'),
    );
    // (The late event moved rb-02's start, so its place in the timeline: compare by change.)
    const byChange = (views: readonly ChangeView[]) =>
      [...views].sort((a, b) => `${a.source}/${a.changeId}`.localeCompare(`${b.source}/${b.changeId}`));
    expect(byChange(await listAll(env.app, ''))).toEqual(
      byChange(listed.map((c) => (c.changeId === 'rb-02' ? after.change : c))),
    );
  });
});

/**
 * Every kind of change event the timeline folds: each valid example of change-event.v1 (every kind, and
 * rollouts, overrides, rollbacks, hotfixes, versions, links, attributes, events with only the required
 * fields) as a change of its own going through every phase, under the test publisher's sources; some
 * with text that COPY must escape both ways (quotes and backslashes in the JSON, non-ASCII).
 */
function everyKindCorpus(): ChangeEvent[] {
  const dir = path.resolve(__dirname, '../../contracts/change-event.v1/examples/valid');
  const examples = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ChangeEvent);
  expect(new Set(examples.map((e) => e.kind)).size).toBeGreaterThanOrEqual(7);
  const events: ChangeEvent[] = [];
  examples.forEach((example, i) => {
    PHASES.forEach((phase, step) => {
      events.push({
        ...example,
        source: i % 2 === 0 ? 'argo-cd' : 'ones',
        changeId: `kinds-${String(i).padStart(2, '0')}`,
        eventId: `kinds-${i}-${phase}`,
        phase,
        occurredAt: at((i * 10 + step) * MINUTE),
        ...(i % 3 === 0 ? { summary: `"quoted" back\\slash \\n not a newline, ünïcödé ✓ (${phase})` } : {}),
      });
    });
  });
  return events;
}

describe('rebuilding a store with every kind of change event, while and after events arrive', () => {
  let env: Env;
  const events = everyKindCorpus();
  const changeCount = new Set(events.map((e) => e.changeId)).size;

  async function waitFor(sql: string): Promise<void> {
    for (let tries = 0; ; tries += 1) {
      const { rows } = await env.sql.query<{ n: number }>(sql);
      if ((rows[0]?.n ?? 0) > 0) return;
      if (tries > 500) throw new Error(`never true: ${sql}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  beforeAll(async () => {
    env = await startEnv();
    const random = seededRandom(7);
    for (const batch of chunks(shuffle(events, random), 20, random)) await publish(env.app, batch);
  });
  afterAll(async () => {
    await env.close();
  });

  it('gives the rows inline projection wrote, for every kind, phase and field', async () => {
    const inline = await snapshot(env);
    expect(inline).toHaveLength(changeCount);
    const res = await rebuild(env).expect(200);
    expect(res.body).toMatchObject({ events: events.length, changes: changeCount });
    expect(await snapshot(env)).toEqual(inline);
  });

  it('holds events that arrive during the rebuild until it commits, then projects them on top', async () => {
    const during = [
      ...lifecycle('kinds-during', Date.parse(at(5 * MINUTE)), { source: 'ones' }),
      changeEvent({ eventId: 'kinds-0-late', changeId: 'kinds-00', phase: 'progressed', occurredAt: at(1) }),
    ];
    const burst = Array.from({ length: 12 }, (_, i) =>
      changeEvent({ eventId: `kinds-burst-${i}`, changeId: `kinds-burst-${i}`, occurredAt: at(i * MINUTE) }),
    );
    // Hold the rebuild at its TRUNCATE (after it has taken the append lock) with a reader of the table.
    const reader = new Client({ connectionString: env.url });
    await reader.connect();
    let result: RebuildResult;
    try {
      await reader.query('BEGIN');
      await reader.query('LOCK TABLE changes IN ACCESS SHARE MODE');
      const rebuilding = rebuild(env).then((res) => res);
      await waitFor(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'TRUNCATE changes%'`,
      );
      // More requests than the service's pool has connections, each waiting for the append lock the
      // rebuild holds, while holding a connection: the rebuild must not need another one then.
      const publishing = Promise.all([
        publish(env.app, during),
        ...burst.map((event) => publish(env.app, event)),
      ]);
      await waitFor(
        `SELECT (count(*) >= 5)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
      );
      await reader.query('COMMIT');
      const res = await rebuilding;
      expect(res.status).toBe(200);
      result = res.body as RebuildResult;
      await publishing;
    } finally {
      await reader.end();
    }
    // The rebuild folded exactly the events stored when it took the lock; the held ones came after.
    expect(result).toMatchObject({ events: events.length, changes: changeCount });
    const inline = await snapshot(env);
    expect(inline).toHaveLength(changeCount + 1 + burst.length);
    expect(inline.find((r) => r['change_id'] === 'kinds-during')).toMatchObject({ event_count: 5 });
    await rebuild(env).expect(200);
    expect(await snapshot(env)).toEqual(inline);
  });

  it('keeps projecting inline after a rebuild, to the rows a further rebuild gives', async () => {
    await rebuild(env).expect(200);
    const after = [
      ...lifecycle('kinds-after', Date.parse(at(9 * MINUTE)), { source: 'argo-cd' }).reverse(),
      changeEvent({
        eventId: 'kinds-1-late',
        changeId: 'kinds-01',
        source: 'ones',
        phase: 'started',
        occurredAt: at(2),
      }),
    ];
    await publish(env.app, after);
    const inline = await snapshot(env);
    expect(inline).toHaveLength(changeCount + 2 + 12);
    const res = await rebuild(env).expect(200);
    expect(res.body).toMatchObject({
      events: events.length + 6 + 12 + after.length,
      changes: changeCount + 2 + 12,
    });
    expect(await snapshot(env)).toEqual(inline);
  });
});

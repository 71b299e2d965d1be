import {
  at,
  changeEvent,
  chunks,
  countRows,
  getChange,
  lifecycle,
  listPage,
  publish,
  seededRandom,
  shuffle,
  startEnv,
  MINUTE,
  type ChangeEvent,
  type ChangeView,
  type Env,
} from './fixtures';

/**
 * invariant 6 of docs/design.md: events of one change may arrive late, twice or out of order; the projected state
 * is the same for every arrival order. Each template below is published once in order and several
 * times permuted (under its own changeId), over several requests, with redeliveries mixed in.
 */
type Template = (changeId: string) => ChangeEvent[];

const TEMPLATES: Record<string, Template> = {
  lifecycle: (changeId) => lifecycle(changeId, Date.parse(at(0)), { team: 'payments' }),
  'failed-then-rolled-back': (changeId) =>
    (
      [
        ['started', 0, {}],
        ['progressed', 1, { rollout: { stage: 'canary', percent: 10 } }],
        ['failed', 2, { summary: 'canary failed health checks' }],
        [
          'rolled_back',
          3,
          { summary: 'rolled back to v1', isRollback: true, version: { from: 'v2', to: 'v1' } },
        ],
      ] as const
    ).map(([phase, minutes, extra], i) =>
      changeEvent({
        eventId: `${changeId}-e${i}`,
        changeId,
        phase,
        occurredAt: at(minutes * MINUTE),
        region: 'us-east-1',
        ...extra,
      }),
    ),
  'planned-then-cancelled': (changeId) =>
    (
      [
        ['planned', 0, { summary: 'maintenance', actor: { type: 'human', id: 'dana' } }],
        ['cancelled', 5, { actor: { type: 'human', id: 'erin' } }],
      ] as const
    ).map(([phase, minutes, extra], i) =>
      changeEvent({
        eventId: `${changeId}-e${i}`,
        changeId,
        phase,
        occurredAt: at(minutes * MINUTE),
        kind: 'database',
        ...extra,
      }),
    ),
};

const PERMUTATIONS = 8;

/** The view with the one field that must differ between copies (the changeId) blanked out. */
function comparable(view: ChangeView): ChangeView {
  return { ...view, changeId: '*' };
}

describe('arrival order does not matter (invariant 6)', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('a change whose "succeeded" arrives before its "started" ends succeeded, placed at its start', async () => {
    const started = changeEvent({ eventId: 'sbs-e1', changeId: 'sbs', phase: 'started', occurredAt: at(0) });
    const succeeded = changeEvent({
      eventId: 'sbs-e2',
      changeId: 'sbs',
      phase: 'succeeded',
      occurredAt: at(7 * MINUTE),
      summary: 'done',
    });
    await publish(env.app, succeeded);
    expect((await getChange(env.app, 'sbs')).change).toMatchObject({
      phase: 'succeeded',
      startedAt: at(7 * MINUTE),
      finishedAt: at(7 * MINUTE),
    });
    await publish(env.app, started);
    const { change, events } = await getChange(env.app, 'sbs');
    expect(change).toMatchObject({
      phase: 'succeeded',
      startedAt: at(0),
      finishedAt: at(7 * MINUTE),
      timelineAt: at(0),
      lastEventAt: at(7 * MINUTE),
      summary: 'done',
      eventCount: 2,
    });
    expect(events.map((e) => e.event['phase'])).toEqual(['started', 'succeeded']);
    // The timeline row moved too: the change is found at its start, and no longer at its end.
    const atStart = await listPage(
      env.app,
      `from=${encodeURIComponent(at(0))}&to=${encodeURIComponent(at(1))}`,
    );
    expect(atStart.items.map((c) => c.changeId)).toEqual(['sbs']);
    const atEnd = await listPage(
      env.app,
      `from=${encodeURIComponent(at(7 * MINUTE))}&to=${encodeURIComponent(at(7 * MINUTE + 1))}`,
    );
    expect(atEnd.items.map((c) => c.changeId)).toEqual([]);
  });

  it.each(Object.keys(TEMPLATES))('%s: every arrival order gives the in-order state', async (name) => {
    const template = TEMPLATES[name];
    if (template === undefined) throw new Error(name);
    const random = seededRandom(name.length * 7919);
    const inOrderId = `${name}-in-order`;
    const inOrder = template(inOrderId);
    await publish(env.app, inOrder);
    const reference = await getChange(env.app, inOrderId);
    expect(reference.events.map((e) => e.event)).toEqual(inOrder);

    const rowsBefore = await countRows(env.sql, 'events');
    const copies: string[] = [];
    for (let k = 0; k < PERMUTATIONS; k += 1) {
      const changeId = `${name}-p${k}`;
      copies.push(changeId);
      const events = template(changeId);
      const arrival = k === 0 ? [...events].reverse() : shuffle(events, random);
      const requests = chunks(arrival, 3, random);
      // Redeliver one event that already went out, in a later request.
      const again = arrival[Math.floor(random() * Math.min(2, arrival.length))];
      if (again !== undefined) requests.push([again]);
      for (const body of requests) await publish(env.app, body);
    }
    expect(await countRows(env.sql, 'events')).toBe(rowsBefore + PERMUTATIONS * inOrder.length);

    for (const changeId of copies) {
      const detail = await getChange(env.app, changeId);
      expect(comparable(detail.change)).toEqual(comparable(reference.change));
      expect(detail.events.map((e) => e.event['phase'])).toEqual(inOrder.map((e) => e.phase));
      expect(detail.events.map((e) => e.event['eventId'])).toEqual(
        inOrder.map((e) => e.eventId.replace(inOrderId, changeId)),
      );
    }
    const rows = await env.sql.query<Record<string, unknown>>(
      `SELECT change_id, source, kind, phase, service, environment, region, cluster, team, actor_type, actor_id,
              summary, version_from, version_to, rollout, override, is_rollback, is_hotfix, planned_at,
              started_at, finished_at, timeline_at, last_event_at, event_count, steps
         FROM changes WHERE change_id = ANY($1::text[]) ORDER BY change_id`,
      [[inOrderId, ...copies]],
    );
    expect(rows.rows).toHaveLength(PERMUTATIONS + 1);
    // The rollout steps too (their eventIds carry the change id: compare them without it).
    const columns = rows.rows.map((row) => ({
      ...row,
      change_id: '*',
      steps: JSON.stringify(row['steps']).replaceAll(`${String(row['change_id'])}-`, '*-'),
    }));
    expect(columns[0]?.steps).toContain('"phase"');
    for (const row of columns) expect(row).toEqual(columns[0]);
  });

  it('folds the lifecycle to the expected state', async () => {
    const { change } = await getChange(env.app, 'lifecycle-p3');
    expect(change).toMatchObject({
      phase: 'succeeded',
      plannedAt: at(-30 * MINUTE),
      startedAt: at(0),
      finishedAt: at(6 * MINUTE),
      timelineAt: at(0),
      summary: 'rolled out v2',
      version: { from: 'v1', to: 'v2' },
      rollout: { stage: 'batch', batch: 2, totalBatches: 2, percent: 100 },
      team: 'payments',
      eventCount: 5,
    });
  });

  it('a later rolled_back beats an earlier failed whichever arrives first', async () => {
    const { change } = await getChange(env.app, 'failed-then-rolled-back-p0');
    expect(change).toMatchObject({
      phase: 'rolled_back',
      isRollback: true,
      summary: 'rolled back to v1',
      version: { from: 'v2', to: 'v1' },
      finishedAt: at(3 * MINUTE),
    });
  });
});

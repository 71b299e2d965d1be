import {
  at,
  changeEvent,
  chunks,
  listAll,
  listPage,
  publish,
  seededRandom,
  shuffle,
  startEnv,
  MINUTE,
  type ChangeEvent,
  type ChangePage,
  type Env,
} from './fixtures';

const CHANGES = 120;
const SERVICES = ['svc-a', 'svc-b', 'svc-c'];

/** 120 changes, three to a minute so that timelineAt ties cross page boundaries; ids sort as numbers. */
function seed(): ChangeEvent[] {
  return Array.from({ length: CHANGES }, (_, i) => {
    const changeId = `p-${String(i).padStart(3, '0')}`;
    return changeEvent({
      eventId: `${changeId}-e0`,
      changeId,
      occurredAt: at(Math.floor(i / 3) * MINUTE),
      service: SERVICES[i % 3] ?? 'svc-a',
    });
  });
}

/** The order the API promises: timelineAt DESC, then changeId DESC. */
function expectedOrder(events: readonly ChangeEvent[]): string[] {
  return [...events]
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (a.changeId < b.changeId ? 1 : -1))
    .map((e) => e.changeId);
}

async function walk(env: Env, query: string, limit: number): Promise<{ pages: ChangePage[]; ids: string[] }> {
  const pages: ChangePage[] = [];
  let cursor: string | null = null;
  do {
    const parts = [query, `limit=${limit}`, cursor === null ? '' : `cursor=${encodeURIComponent(cursor)}`];
    const page = await listPage(env.app, parts.filter((p) => p !== '').join('&'));
    pages.push(page);
    cursor = page.nextCursor;
    if (pages.length > CHANGES + 10) throw new Error('pagination does not end');
  } while (cursor !== null);
  return { pages, ids: pages.flatMap((p) => p.items.map((c) => c.changeId)) };
}

describe('GET /v1/changes: cursor pagination', () => {
  let env: Env;
  const events = seed();
  const order = expectedOrder(events);

  beforeAll(async () => {
    env = await startEnv();
    const random = seededRandom(7);
    for (const batch of chunks(shuffle(events, random), 40, random)) await publish(env.app, batch);
  });
  afterAll(async () => {
    await env.close();
  });

  it('visits all 120 changes exactly once, in order, with limit 50 (pages of 50, 50, 20)', async () => {
    const { pages, ids } = await walk(env, '', 50);
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 20]);
    expect(pages.map((p) => p.nextCursor === null)).toEqual([false, false, true]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(order);
  });

  it('ends without an empty trailing page when the last page is exactly full', async () => {
    const { pages, ids } = await walk(env, '', 40);
    expect(pages.map((p) => p.items.length)).toEqual([40, 40, 40]);
    expect(ids).toEqual(order);
  });

  it('agrees with one page of 500 and with pages of 1 (every tie boundary)', async () => {
    const single = await listPage(env.app, 'limit=500');
    expect(single.items.map((c) => c.changeId)).toEqual(order);
    expect(single.nextCursor).toBeNull();
    const ones = await walk(env, '', 1);
    expect(ones.pages).toHaveLength(CHANGES);
    expect(ones.ids).toEqual(order);
  });

  it('pages 50 at a time when no limit is given', async () => {
    const first = await listPage(env.app, '');
    expect(first.items.map((c) => c.changeId)).toEqual(order.slice(0, 50));
    expect(first.nextCursor).not.toBeNull();
  });

  it('keeps the filters across pages', async () => {
    const { pages, ids } = await walk(env, 'service=svc-b&service=svc-c', 7);
    const expected = order.filter((id) => Number(id.slice(2)) % 3 !== 0);
    expect(ids).toEqual(expected);
    expect(pages).toHaveLength(Math.ceil(expected.length / 7));
  });

  it('is stable under inserts: a newer change does not shift later pages; an older one is reached', async () => {
    const first = await listPage(env.app, 'limit=50');
    // One change newer than everything already seen, one older than everything.
    await publish(env.app, [
      changeEvent({ eventId: 'late-new-e0', changeId: 'late-new', occurredAt: at(10 * 24 * 60 * MINUTE) }),
      changeEvent({ eventId: 'late-old-e0', changeId: 'late-old', occurredAt: at(-10 * 24 * 60 * MINUTE) }),
    ]);
    const ids = first.items.map((c) => c.changeId);
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await listPage(env.app, `limit=50&cursor=${encodeURIComponent(cursor)}`);
      ids.push(...page.items.map((c) => c.changeId));
      cursor = page.nextCursor;
    }
    expect(ids).toEqual([...order, 'late-old']);
    const everything = await listAll(env.app, '');
    expect(everything.map((c) => c.changeId)).toEqual(['late-new', ...order, 'late-old']);
  });
});

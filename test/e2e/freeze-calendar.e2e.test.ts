import request from 'supertest';
import { KEYS, startTestApp, type TestApp } from '../support/app';
import { createTestDatabase } from '../support/database';

interface CalendarPage {
  from: string;
  to: string;
  items: { windowId: string; name: string; start: string; end: string | null }[];
  truncated: boolean;
  nextCursor: string | null;
}

const MINUTE = 60_000;
const FROM = '2026-12-01T00:00:00.000Z';
/** Two days: 2,880 occurrences of a window that fires every minute. */
const TO = '2026-12-03T00:00:00.000Z';

/** GET /v1/freeze-windows/occurrences: a window with more occurrences than a page holds. */
describe('freeze calendar pages', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: TestApp;
  let everyMinute: string;
  let daily: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp({ DATABASE_URL: db.url });
    const declare = async (definition: object): Promise<string> => {
      const res = await request(app.baseUrl)
        .post('/v1/freeze-windows')
        .set('authorization', `Bearer ${KEYS.admin}`)
        .send(definition)
        .expect(201);
      return (res.body as { id: string }).id;
    };
    const base = { reason: 'calendar paging', kind: 'deny', scope: { services: ['calendar-*'] } };
    everyMinute = await declare({
      ...base,
      name: 'every minute',
      schedule: { type: 'recurring', cron: '* * * * *', duration: 'PT1M', timeZone: 'UTC' },
    });
    daily = await declare({
      ...base,
      name: 'daily at noon',
      schedule: { type: 'recurring', cron: '0 12 * * *', duration: 'PT1H', timeZone: 'UTC' },
    });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const page = async (query: string, expected = 200): Promise<CalendarPage> => {
    const res = await request(app.baseUrl)
      .get(`/v1/freeze-windows/occurrences?${query}`)
      .set('authorization', `Bearer ${KEYS.reviewer}`)
      .expect(expected);
    return res.body as CalendarPage;
  };

  it('says when a page is cut, and the pages continue without gaps or repeats', async () => {
    const first = await page(`from=${FROM}&to=${TO}`);
    expect(first.truncated).toBe(true);
    // 1,000 occurrences of the busy window: the page stops before the first one it leaves out, for every
    // window, so the quiet window's second occurrence (day two, noon) is not on it yet.
    const firstBusy = first.items.filter((o) => o.windowId === everyMinute);
    expect(firstBusy).toHaveLength(1_000);
    expect(first.nextCursor).toBe(new Date(Date.parse(FROM) + 1_000 * MINUTE).toISOString());
    expect(first.items.filter((o) => o.windowId === daily).map((o) => o.start)).toEqual([
      '2026-12-01T12:00:00.000Z',
    ]);

    const pages = [first];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const next = await page(`from=${FROM}&to=${TO}&cursor=${encodeURIComponent(cursor)}`);
      pages.push(next);
      cursor = next.nextCursor;
      expect(pages.length).toBeLessThanOrEqual(5);
    }
    expect(pages.map((p) => p.truncated)).toEqual([true, true, false]);
    const all = pages.flatMap((p) => p.items);
    const busyStarts = all.filter((o) => o.windowId === everyMinute).map((o) => Date.parse(o.start));
    expect(busyStarts).toHaveLength(2 * 1_440);
    expect(busyStarts).toEqual(busyStarts.map((_, i) => Date.parse(FROM) + i * MINUTE));
    expect(all.filter((o) => o.windowId === daily).map((o) => o.start)).toEqual([
      '2026-12-01T12:00:00.000Z',
      '2026-12-02T12:00:00.000Z',
    ]);
    // In start order across the pages.
    const starts = all.map((o) => Date.parse(o.start));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('a range that fits on one page is not truncated', async () => {
    const one = await page(`from=${FROM}&to=2026-12-01T10:00:00.000Z`);
    expect(one.truncated).toBe(false);
    expect(one.nextCursor).toBeNull();
    expect(one.items).toHaveLength(600);
  });

  it('refuses a cursor that is not an instant before `to`', async () => {
    await page(`from=${FROM}&to=${TO}&cursor=yesterday`, 400);
    await page(`from=${FROM}&to=${TO}&cursor=${TO}`, 400);
  });
});

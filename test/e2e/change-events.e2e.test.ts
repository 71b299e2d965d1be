import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { canonicalJson } from '../../src/event-store/domain/event-hash';
import { KEYS } from '../support/app';
import {
  changeEvent,
  countRows,
  get,
  getChange,
  post,
  publish,
  type ChangeEvent,
  type Env,
  type IngestResponse,
  startEnv,
  at,
  MINUTE,
} from './fixtures';

const EXAMPLES = path.resolve(__dirname, '../../contracts/change-event.v1/examples');

interface RejectionBody {
  readonly statusCode: number;
  readonly message: string[];
  readonly accepted: unknown[];
  readonly rejected: IngestResponse['rejected'];
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}

const validExamples = readdirSync(path.join(EXAMPLES, 'valid'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, event: readJson(path.join(EXAMPLES, 'valid', f)) as ChangeEvent }));

const expectedInvalid = readJson(path.join(EXAMPLES, 'invalid', 'expected-errors.json')) as Record<
  string,
  string
>;
const invalidExamples = Object.entries(expectedInvalid).map(([file, field]) => ({
  file,
  field,
  event: readJson(path.join(EXAMPLES, 'invalid', file)),
}));

describe('POST /v1/change-events', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  it('stores one event: 202 with its index and eventId, and the change shows up', async () => {
    const event = changeEvent({ eventId: 'single-e1', changeId: 'single-c1', summary: 'one event' });
    const before = await countRows(env.sql, 'events');
    const res = await post(env.app, event).expect(202);
    expect(res.body).toEqual({
      accepted: [
        { index: 0, source: 'argo-cd', changeId: 'single-c1', eventId: 'single-e1', outcome: 'stored' },
      ],
      rejected: [],
    });
    expect(await countRows(env.sql, 'events')).toBe(before + 1);
    const detail = await getChange(env.app, 'single-c1');
    expect(detail.change).toMatchObject({
      changeId: 'single-c1',
      phase: 'started',
      summary: 'one event',
      eventCount: 1,
      startedAt: event.occurredAt,
      timelineAt: event.occurredAt,
    });
    expect(detail.events.map((e) => e.event)).toEqual([event]);
    expect(detail.events[0]?.metadata).toMatchObject({ receivedVia: 'http', publishedBy: 'argo' });
  });

  it('stores each item as the canonical JSON (RFC 8785) of its parsed value, whatever the text sent, and its hash verifies', async () => {
    // Text JSON.stringify would not write: escapes it does not use, number forms it rewrites, spacing.
    const fields = (eventId: string): string =>
      `{ "eventId": "${eventId}", "changeId": "bytes-c1", "source": "argo-cd", "kind": "deploy",
         "phase": "started", "occurredAt": "${at(0)}", "environment": "production",
         "summary": "caf\\u00e9 \\/ \\u2028 \\"quoted\\" \u2603",
         "attributes": { "z": 1e21, "a": 1.50, "n": -0, "e": 10E-3, "s": "tab\\tend" } }`;
    const sent = `[${fields('bytes-e1')}, ${fields('bytes-e2')}]`;
    await request(env.app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'application/json')
      .send(sent)
      .expect(202);
    const stored = await env.sql.query<{ event_id: string; data: string }>(
      `SELECT event_id, data::text AS data FROM events WHERE event_id LIKE 'bytes-e%' ORDER BY event_id`,
    );
    // The bytes the event's hash covers for its data: sorted keys, ECMAScript numbers, minimal escapes.
    expect(stored.rows.map((r) => r.data)).toEqual(
      (JSON.parse(sent) as unknown[]).map((item) => canonicalJson(item)),
    );
    expect(stored.rows[0]?.data).toMatch(
      /^\{"attributes":\{"a":1\.5,"e":0\.01,"n":0,"s":"tab\\tend","z":1e\+21\}/,
    );
    const verify = await get(env.app, '/v1/audit/verify', KEYS.admin).expect(200);
    expect((verify.body as { ok: boolean }).ok).toBe(true);
  });

  it('accepts every valid contract example through the real ingest path', async () => {
    expect(validExamples.length).toBeGreaterThan(5);
    const before = await countRows(env.sql, 'events');
    const res = await post(
      env.app,
      validExamples.map((e) => e.event),
      KEYS.admin,
    ).expect(202);
    const body = res.body as IngestResponse;
    expect(body.rejected).toEqual([]);
    expect(body.accepted).toEqual(
      validExamples.map(({ event }, index) => ({
        index,
        source: event.source,
        changeId: event.changeId,
        eventId: event.eventId,
        outcome: 'stored',
      })),
    );
    expect(await countRows(env.sql, 'events')).toBe(before + validExamples.length);
    for (const { event } of validExamples) {
      const detail = await getChange(env.app, event.changeId, event.source);
      expect(detail.events.map((e) => e.event['eventId'])).toContain(event.eventId);
    }
  });

  it('stores the valid items of a mixed batch and names the invalid ones by index and field', async () => {
    const before = await countRows(env.sql, 'events');
    const noEnvironment: Record<string, unknown> = {
      ...changeEvent({ eventId: 'mixed-e1', changeId: 'mixed-c1' }),
    };
    delete noEnvironment['environment'];
    const batch: unknown[] = [
      changeEvent({ eventId: 'mixed-e0', changeId: 'mixed-c0' }),
      noEnvironment,
      changeEvent({ eventId: 'mixed-e2', changeId: 'mixed-c2' }),
      { ...changeEvent({ eventId: 'mixed-e3', changeId: 'mixed-c3' }), kind: 'reboot' },
      changeEvent({ eventId: 'mixed-e4', changeId: 'mixed-c4', phase: 'succeeded' }),
    ];
    const res = await post(env.app, batch).expect(202);
    const body = res.body as IngestResponse;
    const item = (index: number) => ({
      index,
      source: 'argo-cd',
      changeId: `mixed-c${index}`,
      eventId: `mixed-e${index}`,
      outcome: 'stored',
    });
    expect(body.accepted).toEqual([item(0), item(2), item(4)]);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 3]);
    expect(body.rejected[0]?.errors.map((e) => e.field)).toContain('/environment');
    expect(body.rejected[1]?.errors.map((e) => e.field)).toContain('/kind');
    expect(await countRows(env.sql, 'events')).toBe(before + 3);
    await get(env.app, '/v1/changes/mixed-c1').expect(404);
    await get(env.app, '/v1/changes/mixed-c3').expect(404);
    expect((await getChange(env.app, 'mixed-c4')).change.phase).toBe('succeeded');
  });

  it.each(invalidExamples)('refuses $file with a 400 naming $field', async ({ event, field }) => {
    const before = await countRows(env.sql, 'events');
    const res = await post(env.app, event, KEYS.admin).expect(400);
    const body = res.body as RejectionBody;
    expect(body.accepted).toEqual([]);
    expect(body.rejected).toHaveLength(1);
    expect(body.rejected[0]?.index).toBe(0);
    expect(body.rejected[0]?.errors.map((e) => e.field)).toContain(field);
    expect(body.message.some((m) => m.includes(field))).toBe(true);
    expect(await countRows(env.sql, 'events')).toBe(before);
  });

  it('answers 400 when every item of a batch is invalid, listing each by index', async () => {
    const before = await countRows(env.sql, 'events');
    const batch = [
      { ...changeEvent({ eventId: 'bad-e0', changeId: 'bad-c0' }), phase: 'finished' },
      { ...changeEvent({ eventId: 'bad-e1', changeId: 'bad-c1' }), occurredAt: 'yesterday' },
    ];
    const res = await post(env.app, batch).expect(400);
    const body = res.body as RejectionBody;
    expect(body.rejected.map((r) => [r.index, [...new Set(r.errors.map((e) => e.field))]])).toEqual([
      [0, ['/phase']],
      [1, ['/occurredAt']],
    ]);
    expect(body.message.some((m) => m.startsWith('[0]') && m.includes('/phase'))).toBe(true);
    expect(body.message.some((m) => m.startsWith('[1]') && m.includes('/occurredAt'))).toBe(true);
    expect(await countRows(env.sql, 'events')).toBe(before);
  });

  it('answers 400 for a body that is not an event (a JSON string, a number)', async () => {
    await post(env.app, 'hello').set('content-type', 'application/json').expect(400);
    const res = await request(env.app.baseUrl)
      .post('/v1/change-events')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'application/json')
      .send('{"eventId": ')
      .expect(400);
    expect(res.body).toMatchObject({ statusCode: 400 });
  });

  it('answers 400 to an empty array', async () => {
    const res = await post(env.app, []).expect(400);
    expect(JSON.stringify(res.body)).toMatch(/empty/);
  });

  it('answers 400 to 1,001 events and stores none of them', async () => {
    const before = await countRows(env.sql, 'events');
    const batch = Array.from({ length: 1001 }, (_, i) =>
      changeEvent({ eventId: `over-e${i}`, changeId: `over-c${i}` }),
    );
    const res = await post(env.app, batch).expect(400);
    expect(JSON.stringify(res.body)).toMatch(/1001/);
    expect(await countRows(env.sql, 'events')).toBe(before);
  });

  it('accepts a batch of exactly 1,000 events in full', async () => {
    const before = await countRows(env.sql, 'events');
    const batch = Array.from({ length: 1000 }, (_, i) =>
      changeEvent({
        eventId: `big-e${i}`,
        changeId: `big-c${Math.floor(i / 4)}`,
        phase: (['started', 'progressed', 'progressed', 'succeeded'] as const)[i % 4],
        occurredAt: at((i % 4) * MINUTE + Math.floor(i / 4) * 1000),
        service: 'big-batch',
      }),
    );
    const res = await post(env.app, batch).expect(202);
    const body = res.body as IngestResponse;
    expect(body.rejected).toEqual([]);
    expect(body.accepted.map((a) => a.index)).toEqual(batch.map((_, i) => i));
    expect(body.accepted.map((a) => a.eventId)).toEqual(batch.map((e) => e.eventId));
    expect(await countRows(env.sql, 'events')).toBe(before + 1000);
    const changes = await env.sql.query<{ n: string; events: string; succeeded: string }>(
      `SELECT count(*) AS n, sum(event_count) AS events, count(*) FILTER (WHERE phase = 'succeeded') AS succeeded
         FROM changes WHERE service = 'big-batch'`,
    );
    expect(changes.rows[0]).toEqual({ n: '250', events: '1000', succeeded: '250' });
  });

  describe('duplicates by eventId are no-ops; the same eventId with other content is a conflict', () => {
    it('a republished event is acknowledged again as a duplicate but stored once', async () => {
      const first = changeEvent({ eventId: 'dup-e1', changeId: 'dup-c1', summary: 'original' });
      expect((await publish(env.app, first)).accepted[0]?.outcome).toBe('stored');
      const rows = await countRows(env.sql, 'events');
      const res = await post(env.app, first).expect(202);
      expect((res.body as IngestResponse).accepted).toEqual([
        { index: 0, source: 'argo-cd', changeId: 'dup-c1', eventId: 'dup-e1', outcome: 'duplicate' },
      ]);
      expect(await countRows(env.sql, 'events')).toBe(rows);
      expect((await getChange(env.app, 'dup-c1')).change.eventCount).toBe(1);
    });

    it('a later copy with other content is refused as a conflict (409 naming it) and changes nothing', async () => {
      const rows = await countRows(env.sql, 'events');
      const altered = changeEvent({
        eventId: 'dup-e1',
        changeId: 'dup-c1',
        summary: 'rewritten',
        phase: 'failed',
        occurredAt: at(10 * MINUTE),
      });
      const res = await post(env.app, altered).expect(409);
      const body = res.body as RejectionBody;
      expect(body.accepted).toEqual([]);
      expect(body.rejected).toEqual([
        {
          index: 0,
          reason: 'conflict',
          errors: [
            {
              field: '/eventId',
              message: 'eventId "dup-e1" is already stored for source "argo-cd" with different content',
            },
          ],
        },
      ]);
      expect(body.message).toEqual([
        '[0] eventId "dup-e1" is already stored for source "argo-cd" with different content',
      ]);
      expect(await countRows(env.sql, 'events')).toBe(rows);
      const detail = await getChange(env.app, 'dup-c1');
      expect(detail.change).toMatchObject({ summary: 'original', phase: 'started', eventCount: 1 });
      expect(detail.events).toHaveLength(1);
    });

    it('a duplicate inside one batch, and one beside new events, count once', async () => {
      const rows = await countRows(env.sql, 'events');
      const next = changeEvent({
        eventId: 'dup-e2',
        changeId: 'dup-c1',
        phase: 'succeeded',
        occurredAt: at(MINUTE),
      });
      const old = changeEvent({ eventId: 'dup-e1', changeId: 'dup-c1', summary: 'original' });
      const res = await post(env.app, [next, next, old]).expect(202);
      expect((res.body as IngestResponse).accepted.map((a) => [a.index, a.outcome])).toEqual([
        [0, 'stored'],
        [1, 'duplicate'],
        [2, 'duplicate'],
      ]);
      expect(await countRows(env.sql, 'events')).toBe(rows + 1);
      const detail = await getChange(env.app, 'dup-c1');
      expect(detail.change).toMatchObject({ eventCount: 2, phase: 'succeeded' });
      expect(detail.events.map((e) => e.event['eventId'])).toEqual(['dup-e1', 'dup-e2']);
      expect(detail.events.map((e) => e.streamVersion)).toEqual([1, 2]);
    });
  });

  describe('authentication and authorisation', () => {
    const event = changeEvent({ eventId: 'auth-e1', changeId: 'auth-c1' });

    it('answers 401 without a key, with an unknown key and with a non-bearer scheme', async () => {
      const before = await countRows(env.sql, 'events');
      await request(env.app.baseUrl).post('/v1/change-events').send(event).expect(401);
      await post(env.app, event, 'not-a-real-key').expect(401);
      await request(env.app.baseUrl)
        .post('/v1/change-events')
        .set('authorization', `Basic ${Buffer.from(`x:${KEYS.publisher}`).toString('base64')}`)
        .send(event)
        .expect(401);
      await request(env.app.baseUrl).get('/v1/changes').expect(401);
      await get(env.app, '/v1/changes', 'wrong-key-wrong-key').expect(401);
      expect(await countRows(env.sql, 'events')).toBe(before);
    });

    it('answers 403 to a reviewer publishing, and to a publisher reading or verifying', async () => {
      const before = await countRows(env.sql, 'events');
      const res = await post(env.app, event, KEYS.reviewer).expect(403);
      expect(JSON.stringify(res.body)).toMatch(/publisher/);
      await get(env.app, '/v1/changes', KEYS.publisher).expect(403);
      await get(env.app, '/v1/changes/auth-c1', KEYS.publisher).expect(403);
      await get(env.app, '/v1/audit/verify', KEYS.publisher).expect(403);
      await get(env.app, '/v1/audit/verify', KEYS.reviewer).expect(403);
      expect(await countRows(env.sql, 'events')).toBe(before);
    });

    it('refuses the whole request (403) when one event has a source the publisher is not bound to', async () => {
      const before = await countRows(env.sql, 'events');
      const batch = [
        changeEvent({ eventId: 'foreign-e0', changeId: 'foreign-c0', source: 'argo-cd' }),
        changeEvent({ eventId: 'foreign-e1', changeId: 'foreign-c1', source: 'ones' }),
        changeEvent({ eventId: 'foreign-e2', changeId: 'foreign-c2', source: 'spinnaker' }),
      ];
      const res = await post(env.app, batch).expect(403);
      expect(JSON.stringify(res.body)).toMatch(/index 2.*spinnaker/);
      expect(await countRows(env.sql, 'events')).toBe(before);
      await get(env.app, '/v1/changes/foreign-c0').expect(404);
    });

    it('lets a publisher publish for each bound source, and an admin for any source', async () => {
      await publish(env.app, [
        changeEvent({ eventId: 'bound-e0', changeId: 'bound-c0', source: 'argo-cd' }),
        changeEvent({ eventId: 'bound-e1', changeId: 'bound-c1', source: 'ones' }),
      ]);
      await publish(
        env.app,
        changeEvent({ eventId: 'bound-e2', changeId: 'bound-c2', source: 'spinnaker' }),
        KEYS.admin,
      );
      expect((await getChange(env.app, 'bound-c1', 'ones')).change.source).toBe('ones');
      expect((await getChange(env.app, 'bound-c2', 'spinnaker')).change.source).toBe('spinnaker');
      const admin = await get(env.app, '/v1/changes/bound-c2', KEYS.admin).expect(200);
      expect(admin.body).toMatchObject({ change: { changeId: 'bound-c2' } });
    });
  });
});

// GET /v1/changes/{source}/{changeId}/verification: each event of a change recomputed with the store's
// hash function; an edited event (the append-only triggers bypassed, as an attacker with the database
// might) no longer verifies, and the change's other events still do.
import { KEYS } from '../support/app';
import { at, changeEvent, get, MINUTE, publish, startEnv, type Env } from './fixtures';

interface Verification {
  ok: boolean;
  events: { position: string; eventId: string; eventType: string; ok: boolean }[];
}

describe('per-change verification', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
    await publish(env.app, [
      changeEvent({ eventId: 'v-1', changeId: 'deploy/7', phase: 'started', occurredAt: at(0) }),
      changeEvent({ eventId: 'v-2', changeId: 'deploy/7', phase: 'succeeded', occurredAt: at(MINUTE) }),
      changeEvent({ eventId: 'w-1', changeId: 'other', phase: 'started', occurredAt: at(0) }),
    ]);
  });
  afterAll(async () => {
    await env.close();
  });

  const verification = async (changeId: string, key: string = KEYS.reviewer): Promise<Verification> =>
    (await get(env.app, `/v1/changes/argo-cd/${encodeURIComponent(changeId)}/verification`, key).expect(200))
      .body as Verification;

  it('says every event of an untouched change verifies, in store order', async () => {
    const result = await verification('deploy/7');
    expect(result).toEqual({
      ok: true,
      events: [
        {
          position: expect.stringMatching(/^\d+$/) as unknown,
          eventId: 'v-1',
          eventType: 'ChangeEventRecorded',
          ok: true,
        },
        {
          position: expect.stringMatching(/^\d+$/) as unknown,
          eventId: 'v-2',
          eventType: 'ChangeEventRecorded',
          ok: true,
        },
      ],
    });
    expect(Number(result.events[0]?.position)).toBeLessThan(Number(result.events[1]?.position));
  });

  it('finds an edited event, and only that one', async () => {
    await env.sql.query('BEGIN');
    await env.sql.query('SET LOCAL session_replication_role = replica');
    await env.sql.query(
      `UPDATE events SET data = (data::jsonb || '{"summary":"nothing to see"}')::json WHERE event_id = 'v-2'`,
    );
    await env.sql.query('COMMIT');
    const result = await verification('deploy/7', KEYS.admin);
    expect(result.ok).toBe(false);
    expect(result.events.map((e) => [e.eventId, e.ok])).toEqual([
      ['v-1', true],
      ['v-2', false],
    ]);
    expect((await verification('other')).ok).toBe(true);
  });

  it('answers 404 for a change that does not exist, and 403 to a publisher', async () => {
    const missing = await get(env.app, '/v1/changes/argo-cd/no-such-change/verification').expect(404);
    expect((missing.body as { detail: string }).detail).toBe(
      'no change with source "argo-cd" and changeId "no-such-change"',
    );
    await get(env.app, '/v1/changes/argo-cd/deploy%2F7/verification', KEYS.publisher).expect(403);
  });
});

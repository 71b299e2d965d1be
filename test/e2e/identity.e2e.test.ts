import request from 'supertest';
import { KEYS } from '../support/app';
import {
  at,
  changeEvent,
  get,
  getChange,
  post,
  publish,
  startEnv,
  type ChangeDetail,
  type Env,
  type IngestResponse,
} from './fixtures';

/**
 * Source-scoped identity, against a hostile publisher holding only a valid key: each source has its own
 * namespace of changeIds and eventIds, ids the service derives cannot be sent by anyone, and a 202
 * "accepted" means the event is stored, as sent.
 */
const BLACK_FRIDAY = {
  name: 'Black Friday',
  reason: 'peak traffic',
  kind: 'deny',
  schedule: { type: 'recurring', cron: '0 18 * * 5', duration: 'PT56H', timeZone: 'Europe/Berlin' },
  scope: { services: ['payments-*'], environments: ['prod'] },
};
/** Inside last year's Black Friday freeze (Fri 2025-11-28 17:00Z until Mon 01:00Z). */
const DURING = '2025-11-28T18:30:00.000Z';

describe('identity: source namespaces, derived ids, accepted means stored', () => {
  let env: Env;

  beforeAll(async () => {
    env = await startEnv();
    await request(env.app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send(BLACK_FRIDAY)
      .expect(201);
  });

  afterAll(async () => {
    await env.close();
  });

  const verify = async (): Promise<{ ok: boolean }> =>
    (await get(env.app, '/v1/audit/verify', KEYS.admin).expect(200)).body as { ok: boolean };

  it("pre-empting another source's future eventId leaves the real event to be stored", async () => {
    // github publishes, under its own source, an id that argo-cd will use later.
    const squat = changeEvent({ eventId: 'argo-evt-42', changeId: 'gh-pr-1', source: 'github' });
    const squatted = await publish(env.app, squat, KEYS.github);
    const real = changeEvent({ eventId: 'argo-evt-42', changeId: 'deploy-42', phase: 'failed' });
    const res = await publish(env.app, real);
    const detail = await getChange(env.app, 'deploy-42');
    expect(detail.change).toMatchObject({ source: 'argo-cd', phase: 'failed', eventCount: 1 });
    expect(detail.events.map((e) => e.event)).toEqual([real]);
    expect(squatted.accepted[0]?.outcome).toBe('stored');
    expect(res.accepted).toEqual([
      { index: 0, source: 'argo-cd', changeId: 'deploy-42', eventId: 'argo-evt-42', outcome: 'stored' },
    ]);
    expect((await getChange(env.app, 'gh-pr-1', 'github')).change.source).toBe('github');
    expect((await verify()).ok).toBe(true);
  });

  it('pre-empting the freeze-check id of a change does not stop its violation being recorded', async () => {
    const squat = changeEvent({
      eventId: 'freeze-check:bf-deploy',
      changeId: 'decoy',
      source: 'github',
      service: 'docs',
    });
    await publish(env.app, squat, KEYS.github);
    await publish(
      env.app,
      changeEvent({
        eventId: 'bf-deploy-e1',
        changeId: 'bf-deploy',
        service: 'payments-api',
        environment: 'prod',
        occurredAt: DURING,
      }),
    );
    const detail = await getChange(env.app, 'bf-deploy');
    expect(detail.freeze).toMatchObject({ changeId: 'bf-deploy', outcome: 'violation' });
    const violations = await get(env.app, '/v1/freeze/violations').expect(200);
    expect((violations.body as { items: { source: string; changeId: string }[] }).items).toContainEqual(
      expect.objectContaining({ source: 'argo-cd', changeId: 'bf-deploy' }),
    );
    // The check sits in the change's own stream under an id no publisher can send.
    const { rows } = await env.sql.query<{ event_id: string; namespace: string }>(
      `SELECT event_id, namespace FROM events WHERE stream_type = 'change' AND stream_id = 'bf-deploy'
          AND event_type <> 'ChangeEventRecorded'`,
    );
    expect(rows).toEqual([{ event_id: '$freeze-check:bf-deploy', namespace: 'argo-cd' }]);
    expect((await verify()).ok).toBe(true);
  });

  it('pre-empting the id of an alert’s resolved notification does not keep the alert firing', async () => {
    const startsAt = at(0);
    const fingerprint = 'feedc0ffee123456';
    const alert = (status: 'firing' | 'resolved') => ({
      fingerprint,
      source: 'alertmanager',
      status,
      startsAt,
      ...(status === 'resolved' ? { endsAt: at(30 * 60_000) } : {}),
      name: 'HighErrorRate',
      severity: 'critical',
      environment: 'production',
      service: 'checkout',
    });
    const derived = `alert:alertmanager:${startsAt}:${fingerprint}:resolved`;
    await publish(env.app, changeEvent({ eventId: derived, changeId: 'alert-squat' }));
    const send = (body: object) =>
      request(env.app.baseUrl)
        .post('/v1/alerts')
        .set('authorization', `Bearer ${KEYS.alerting}`)
        .send(body)
        .expect(202);
    await send(alert('firing'));
    await send(alert('resolved'));
    const detail = await get(env.app, `/v1/alerts/${fingerprint}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'resolved', startsAt });
  });

  it('refuses ids in the service’s namespace: a `$` id is not a valid eventId', async () => {
    const res = await post(
      env.app,
      changeEvent({ eventId: '$freeze-check:bf-deploy', changeId: 'bf-deploy' }),
      KEYS.admin,
    ).expect(400);
    expect(JSON.stringify(res.body)).toContain('/eventId');
  });

  it("a github key posting to an argo-cd change's changeId creates a github change and leaves argo-cd's", async () => {
    const argo = changeEvent({
      eventId: 'shared-e1',
      changeId: 'shared/app:v2@prod',
      summary: 'argo rollout',
    });
    await publish(env.app, argo);
    const before = await getChange(env.app, 'shared/app:v2@prod');
    const takeover = changeEvent({
      eventId: 'shared-e2',
      changeId: 'shared/app:v2@prod',
      source: 'github',
      phase: 'failed',
      environment: 'staging',
      service: 'elsewhere',
      actor: { type: 'human', id: 'mallory@example.com' },
      occurredAt: at(60_000),
    });
    const res = await publish(env.app, takeover, KEYS.github);
    const after = await getChange(env.app, 'shared/app:v2@prod');
    expect(after).toEqual(before);
    expect(res.accepted[0]).toMatchObject({ source: 'github', outcome: 'stored' });
    expect(after.change).toMatchObject({ source: 'argo-cd', phase: 'started', environment: 'production' });
    const github = await getChange(env.app, 'shared/app:v2@prod', 'github');
    expect(github.change).toMatchObject({ source: 'github', phase: 'failed', environment: 'staging' });
    expect(github.events.map((e) => e.event['eventId'])).toEqual(['shared-e2']);

    // The legacy address cannot tell them apart: 409 naming both addresses.
    const legacy = await get(env.app, `/v1/changes/${encodeURIComponent('shared/app:v2@prod')}`).expect(409);
    expect(legacy.body).toMatchObject({
      changes: [
        {
          source: 'argo-cd',
          changeId: 'shared/app:v2@prod',
          href: '/v1/changes/argo-cd/shared%2Fapp%3Av2%40prod',
        },
        {
          source: 'github',
          changeId: 'shared/app:v2@prod',
          href: '/v1/changes/github/shared%2Fapp%3Av2%40prod',
        },
      ],
    });
    // ...and is still the change where exactly one source has the changeId.
    const single = await get(env.app, '/v1/changes/deploy-42').expect(200);
    expect((single.body as ChangeDetail).change).toMatchObject({ source: 'argo-cd', changeId: 'deploy-42' });
    await get(env.app, '/v1/changes/spinnaker/deploy-42').expect(404);
    // The timeline lists both, each with its source.
    const page = await get(env.app, '/v1/changes?limit=500').expect(200);
    const shared = (page.body as { items: { source: string; changeId: string }[] }).items.filter(
      (c) => c.changeId === 'shared/app:v2@prod',
    );
    expect(shared.map((c) => c.source).sort()).toEqual(['argo-cd', 'github']);
  });

  it('pages through changes that share a changeId and a start time, one per source', async () => {
    const startedAt = '2026-11-04T09:00:00.000Z';
    await publish(env.app, changeEvent({ eventId: 'tie-argo', changeId: 'tie-1', occurredAt: startedAt }));
    await publish(
      env.app,
      changeEvent({ eventId: 'tie-gh', changeId: 'tie-1', source: 'github', occurredAt: startedAt }),
      KEYS.github,
    );
    const range = `from=${encodeURIComponent(startedAt)}&to=${encodeURIComponent('2026-11-04T09:00:00.001Z')}`;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/v1/changes?${range}&limit=1${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const page = (await get(env.app, query).expect(200)).body as {
        items: { source: string; changeId: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((c) => `${c.source}/${c.changeId}`));
      cursor = page.nextCursor;
    } while (cursor !== null && seen.length < 5);
    expect(seen).toEqual(['github/tie-1', 'argo-cd/tie-1']);
  });

  it('a batch with a conflict beside new events: 202, the conflict listed in rejected with its reason', async () => {
    const original = changeEvent({ eventId: 'batch-e1', changeId: 'batch-c1', summary: 'first' });
    await publish(env.app, original);
    const res = await post(env.app, [
      { ...original, summary: 'second' },
      changeEvent({ eventId: 'batch-e2', changeId: 'batch-c1', phase: 'succeeded', occurredAt: at(60_000) }),
      original,
    ]).expect(202);
    const body = res.body as IngestResponse;
    expect(body.accepted.map((a) => [a.index, a.outcome])).toEqual([
      [1, 'stored'],
      [2, 'duplicate'],
    ]);
    expect(body.rejected).toEqual([
      {
        index: 0,
        reason: 'conflict',
        errors: [
          {
            field: '/eventId',
            message: 'eventId "batch-e1" is already stored for source "argo-cd" with different content',
          },
        ],
      },
    ]);
    const detail = await getChange(env.app, 'batch-c1');
    expect(detail.change).toMatchObject({ summary: 'first', phase: 'succeeded', eventCount: 2 });
  });

  it('the outcome of an event can be looked up by its publisher, reviewers and admins, not by other sources', async () => {
    const path = '/v1/change-events/outcomes?source=argo-cd&eventId=batch-e1';
    const mine = await get(env.app, path, KEYS.publisher).expect(200);
    // Embedded mode answers each POST with the outcome; the lookup says whether and where it is stored.
    expect(mine.body).toMatchObject({ source: 'argo-cd', eventId: 'batch-e1', stored: true, outcomes: [] });
    await get(env.app, path, KEYS.reviewer).expect(200);
    await get(env.app, path, KEYS.github).expect(403);
    const missing = await get(
      env.app,
      '/v1/change-events/outcomes?source=github&eventId=batch-e1',
      KEYS.admin,
    );
    expect(missing.body).toMatchObject({ stored: false, position: null });
  });
});

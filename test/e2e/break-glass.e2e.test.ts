import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { SERVICE_NAMESPACE, serviceEventId } from '../../src/event-store/domain/stored-event';
import { PostgresEventStore } from '../../src/event-store/postgres-event-store';
import type { FreezeViolationPage } from '../../src/freeze/queries/list-freeze-violations/list-freeze-violations.query';
import { KEYS } from '../support/app';
import {
  changeEvent,
  get,
  publish,
  startEnv,
  type ChangeDetail,
  type ChangeEvent,
  type Env,
} from './fixtures';

/**
 * Break glass needs someone who holds the role: an override that only names a role the window allows is
 * denied (evaluate) or recorded as a violation (publish); a key holding the role, or a grant such a key
 * issued, gets through, and the record names both keys.
 */
const ROLE = 'incident-commander';
const JUSTIFICATION = 'card payments failing (INC-7)';

interface Evaluation {
  decision: 'allow' | 'warn' | 'deny';
  reason: string;
  override?: {
    role: string;
    authorised: boolean;
    grantedBy: string | null;
    usedBy: string;
    grantId?: string;
    refusal?: string;
  };
}

interface GrantView {
  grantId: string;
  role: string;
  reason: string;
  scope: Record<string, string>;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  status: 'active' | 'expired' | 'revoked';
  revoked: { revokedBy: string; reason: string } | null;
  uses: { eventId: string; changeId: string; source: string; usedBy: string }[];
}

describe('break-glass overrides need a key that holds the role', () => {
  let env: Env;
  // A freeze on payments-api in prod that is active while the test runs.
  const now = Date.now();
  const startedAt = new Date(now - 60_000).toISOString();

  beforeAll(async () => {
    env = await startEnv();
    await request(env.app.baseUrl)
      .post('/v1/freeze-windows')
      .set('authorization', `Bearer ${KEYS.admin}`)
      .send({
        name: 'Incident freeze',
        reason: 'INC-7 in progress',
        kind: 'deny',
        schedule: {
          type: 'once',
          start: new Date(now - 3_600_000).toISOString(),
          end: new Date(now + 3_600_000).toISOString(),
        },
        scope: { services: ['payments-*'], environments: ['prod'] },
        breakGlass: { roles: [ROLE], justificationRequired: true },
      })
      .expect(201);
  });

  afterAll(async () => {
    await env.close();
  });

  const evaluate = async (key: string, body: object = {}): Promise<Evaluation> =>
    (
      await request(env.app.baseUrl)
        .post('/v1/freeze/evaluate')
        .set('authorization', `Bearer ${key}`)
        .send({ service: 'payments-api', environment: 'prod', region: 'eu-west-1', kind: 'deploy', ...body })
        .expect(200)
    ).body as Evaluation;

  const payments = (changeId: string, override: ChangeEvent['override']): ChangeEvent =>
    changeEvent({
      eventId: `${changeId}-started`,
      changeId,
      service: 'payments-api',
      environment: 'prod',
      occurredAt: startedAt,
      override,
    });

  const freezeOf = async (changeId: string): Promise<NonNullable<ChangeDetail['freeze']>> => {
    const detail = (await get(env.app, `/v1/changes/${encodeURIComponent(changeId)}`).expect(200))
      .body as ChangeDetail;
    if (detail.freeze === null) throw new Error(`no freeze check for ${changeId}`);
    return detail.freeze;
  };

  const issueGrant = (key: string, body: object): request.Test =>
    request(env.app.baseUrl)
      .post('/v1/freeze/override-grants')
      .set('authorization', `Bearer ${key}`)
      .send(body);

  const grantFor = async (scope: object, expiresInMinutes = 30): Promise<GrantView> =>
    (
      await issueGrant(KEYS.oncall, {
        role: ROLE,
        reason: 'INC-7 roll forward',
        scope,
        expiresInMinutes,
      }).expect(201)
    ).body as GrantView;

  describe('evaluate', () => {
    it('denies a pipeline key that only names an allowed role, saying why', async () => {
      const result = await evaluate(KEYS.publisher, {
        override: { by: 'ana', role: ROLE, justification: JUSTIFICATION },
      });
      expect(result.decision).toBe('deny');
      expect(result.reason).toContain(
        'override not authorised: role "incident-commander" is only named: API key "argo" does not hold it',
      );
      expect(result.override).toEqual({
        role: ROLE,
        authorised: false,
        grantedBy: null,
        usedBy: 'argo',
        refusal: expect.stringContaining('override not authorised') as unknown,
      });
    });

    it('lets a key holding the role through with a warning, attributed to the key, not to the body', async () => {
      const result = await evaluate(KEYS.oncall, {
        override: { by: 'somebody-else', role: ROLE, justification: JUSTIFICATION },
      });
      expect(result.decision).toBe('warn');
      expect(result.reason).toContain('break-glass override by oncall-ana as incident-commander');
      expect(result.reason).not.toContain('somebody-else');
      expect(result.override).toEqual({
        role: ROLE,
        authorised: true,
        grantedBy: 'oncall-ana',
        usedBy: 'oncall-ana',
      });
      // `by` may be left out now.
      expect(
        (await evaluate(KEYS.oncall, { override: { role: ROLE, justification: JUSTIFICATION } })).decision,
      ).toBe('warn');
    });

    it('lets a pipeline key through with a grant issued by a role holder, naming both keys', async () => {
      const grant = await grantFor({ service: 'payments-api', environment: 'prod' });
      const result = await evaluate(KEYS.publisher, {
        override: { role: ROLE, justification: JUSTIFICATION, grantId: grant.grantId },
      });
      expect(result.decision).toBe('warn');
      expect(result.reason).toContain(`granted by oncall-ana (grant ${grant.grantId})`);
      expect(result.override).toEqual({
        role: ROLE,
        authorised: true,
        grantedBy: 'oncall-ana',
        usedBy: 'argo',
        grantId: grant.grantId,
      });
      // A change-scoped grant applies when the request names that change.
      const one = await grantFor({ source: 'argo-cd', changeId: 'eval-one' });
      const override = { role: ROLE, justification: JUSTIFICATION, grantId: one.grantId };
      expect(
        (await evaluate(KEYS.publisher, { source: 'argo-cd', changeId: 'eval-one', override })).decision,
      ).toBe('warn');
      expect(
        (await evaluate(KEYS.publisher, { source: 'argo-cd', changeId: 'eval-two', override })).decision,
      ).toBe('deny');
    });

    it('denies with a grant of the wrong scope, or an unknown grant', async () => {
      const checkout = await grantFor({ service: 'checkout', environment: 'prod' });
      const wrongScope = await evaluate(KEYS.publisher, {
        override: { role: ROLE, justification: JUSTIFICATION, grantId: checkout.grantId },
      });
      expect(wrongScope.decision).toBe('deny');
      expect(wrongScope.override?.refusal).toContain('covers service "checkout" in "prod", not this change');
      const unknown = await evaluate(KEYS.publisher, {
        override: { role: ROLE, justification: JUSTIFICATION, grantId: randomUUID() },
      });
      expect(unknown.decision).toBe('deny');
      expect(unknown.override?.refusal).toMatch(/override grant .* does not exist/);
    });
  });

  describe('publish', () => {
    it('records an override the pipeline key only names as a violation, not as overridden', async () => {
      await publish(env.app, payments('bg-named', { by: 'ana', role: ROLE, justification: JUSTIFICATION }));
      const check = await freezeOf('bg-named');
      expect(check).toMatchObject({
        outcome: 'violation',
        decision: 'deny',
        change: { override: { by: 'ana', role: ROLE, authorised: false, grantedBy: null, usedBy: null } },
      });
      expect(check.reason).toContain('override not authorised: role "incident-commander" is only named');
    });

    it('refuses an event that asserts its own authority (the contract has no such field)', async () => {
      const res = await request(env.app.baseUrl)
        .post('/v1/change-events')
        .set('authorization', `Bearer ${KEYS.publisher}`)
        .send({
          ...payments('bg-self-asserted', { by: 'ana', role: ROLE, justification: JUSTIFICATION }),
          override: {
            by: 'ana',
            role: ROLE,
            justification: JUSTIFICATION,
            authority: { authorised: true, grantedBy: 'oncall-ana', usedBy: 'argo' },
          },
        })
        .expect(400);
      expect(JSON.stringify(res.body)).toContain('authority');
      await get(env.app, '/v1/changes/bg-self-asserted').expect(404);
    });

    it('records an override published by a key holding the role as overridden, naming the key', async () => {
      await publish(
        env.app,
        payments('bg-held', { by: 'ana', role: ROLE, justification: JUSTIFICATION }),
        KEYS.oncall,
      );
      expect(await freezeOf('bg-held')).toMatchObject({
        outcome: 'overridden',
        change: { override: { authorised: true, grantedBy: 'oncall-ana', usedBy: 'oncall-ana' } },
      });
    });

    it('honours a grant issued by a role holder and used by the pipeline key; the record and the grant show both', async () => {
      const grant = await grantFor({ source: 'argo-cd', changeId: 'bg-granted' });
      expect(grant).toMatchObject({ role: ROLE, issuedBy: 'oncall-ana', status: 'active', uses: [] });
      expect(Date.parse(grant.expiresAt) - Date.parse(grant.issuedAt)).toBe(30 * 60_000);
      await publish(
        env.app,
        payments('bg-granted', {
          by: 'ana',
          role: ROLE,
          justification: JUSTIFICATION,
          grantId: grant.grantId,
        }),
      );
      const check = await freezeOf('bg-granted');
      expect(check).toMatchObject({
        outcome: 'overridden',
        change: {
          override: { grantId: grant.grantId, authorised: true, grantedBy: 'oncall-ana', usedBy: 'argo' },
        },
      });
      expect(check.reason).toContain(`granted by oncall-ana (grant ${grant.grantId})`);
      const read = (await get(env.app, `/v1/freeze/override-grants/${grant.grantId}`).expect(200))
        .body as GrantView;
      expect(read.uses).toEqual([
        expect.objectContaining({ eventId: 'bg-granted-started', changeId: 'bg-granted', usedBy: 'argo' }),
      ]);
      // The violations list shows the same record.
      const page = (await get(env.app, '/v1/freeze/violations?outcome=overridden').expect(200))
        .body as FreezeViolationPage;
      const listed = page.items.find((c) => c.changeId === 'bg-granted');
      expect(JSON.stringify(listed)).toContain('"usedBy":"argo"');
      expect(JSON.stringify(listed)).toContain('"grantedBy":"oncall-ana"');
    });

    it('records a violation for a grant of another change, an expired grant, or a revoked one', async () => {
      const other = await grantFor({ source: 'argo-cd', changeId: 'some-other-change' });
      await publish(
        env.app,
        payments('bg-wrong-scope', {
          by: 'ana',
          role: ROLE,
          justification: JUSTIFICATION,
          grantId: other.grantId,
        }),
      );
      const wrong = await freezeOf('bg-wrong-scope');
      expect(wrong.outcome).toBe('violation');
      expect(wrong.reason).toContain('not this change');

      // A grant whose time is up: appended to the store the way the service stores grants, with past times.
      const expiredId = randomUUID();
      const store = env.app.app.get(PostgresEventStore);
      await env.app.app.get(DataSource).transaction((tx) =>
        store.append(tx, [
          {
            namespace: SERVICE_NAMESPACE,
            eventId: serviceEventId(`override-grant:${randomUUID()}`),
            streamType: 'override-grant',
            streamId: expiredId,
            type: 'OverrideGrantIssued',
            data: {
              grantId: expiredId,
              role: ROLE,
              reason: 'yesterday',
              scope: { service: 'payments-api', environment: 'prod' },
              issuedBy: 'oncall-ana',
              issuedAt: new Date(now - 7_200_000).toISOString(),
              expiresAt: new Date(now - 3_600_000).toISOString(),
            },
            metadata: { receivedVia: 'http' },
            occurredAt: new Date(now - 7_200_000),
          },
        ]),
      );
      const expiredEval = await evaluate(KEYS.publisher, {
        override: { role: ROLE, justification: JUSTIFICATION, grantId: expiredId },
      });
      expect(expiredEval.decision).toBe('deny');
      expect(expiredEval.override?.refusal).toContain('expired at');
      await publish(
        env.app,
        payments('bg-expired', { by: 'ana', role: ROLE, justification: JUSTIFICATION, grantId: expiredId }),
      );
      expect((await freezeOf('bg-expired')).outcome).toBe('violation');
      expect((await freezeOf('bg-expired')).reason).toContain('expired at');

      const revoked = await grantFor({ service: 'payments-api', environment: 'prod' });
      const res = await request(env.app.baseUrl)
        .post(`/v1/freeze/override-grants/${revoked.grantId}/revoke`)
        .set('authorization', `Bearer ${KEYS.oncall}`)
        .send({ reason: 'incident over' })
        .expect(200);
      expect((res.body as GrantView).status).toBe('revoked');
      await publish(
        env.app,
        payments('bg-revoked', {
          by: 'ana',
          role: ROLE,
          justification: JUSTIFICATION,
          grantId: revoked.grantId,
        }),
      );
      expect((await freezeOf('bg-revoked')).reason).toContain('revoked by oncall-ana');
    });
  });

  describe('grants', () => {
    const scope = { service: 'payments-api', environment: 'prod' };

    it('refuses to let a key without the role issue a grant (403), admins included', async () => {
      const body = { role: ROLE, reason: 'let me', scope, expiresInMinutes: 30 };
      const pipeline = await issueGrant(KEYS.publisher, body).expect(403);
      expect((pipeline.body as { message: string }).message).toContain(
        'API key "argo" does not hold break-glass role "incident-commander"',
      );
      await issueGrant(KEYS.admin, body).expect(403);
      await issueGrant(KEYS.oncall, { ...body, role: 'sre' }).expect(403);
    });

    it('refuses a bad body with 400 naming the fields, and a validity past the maximum', async () => {
      const res = await issueGrant(KEYS.oncall, {
        role: ROLE,
        scope: { service: 'x' },
        expiresInMinutes: 0,
      }).expect(400);
      const message = (res.body as { message: string[] }).message.join('\n');
      expect(message).toContain('/reason is required');
      expect(message).toContain('/scope must be');
      expect(message).toContain('/expiresInMinutes must be a whole number from 1 to 240');
      await issueGrant(KEYS.oncall, { role: ROLE, reason: 'r', scope, expiresInMinutes: 241 }).expect(400);
      await issueGrant(KEYS.oncall, {
        role: ROLE,
        reason: 'r',
        scope,
        expiresInMinutes: 5,
        grantId: 'mine',
      }).expect(400);
    });

    it('lets reviewers and role holders read a grant, not pipelines; unknown ids are 404', async () => {
      const grant = await grantFor(scope);
      await get(env.app, `/v1/freeze/override-grants/${grant.grantId}`, KEYS.reviewer).expect(200);
      await get(env.app, `/v1/freeze/override-grants/${grant.grantId}`, KEYS.oncall).expect(200);
      await get(env.app, `/v1/freeze/override-grants/${grant.grantId}`, KEYS.publisher).expect(403);
      await get(env.app, `/v1/freeze/override-grants/${randomUUID()}`).expect(404);
      await get(env.app, '/v1/freeze/override-grants/not-a-grant').expect(404);
      await request(env.app.baseUrl)
        .post(`/v1/freeze/override-grants/${grant.grantId}/revoke`)
        .set('authorization', `Bearer ${KEYS.publisher}`)
        .send({ reason: 'mine now' })
        .expect(403);
    });
  });
});

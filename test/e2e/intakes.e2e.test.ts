// PagerDuty change events, LaunchDarkly, Argo CD notifications and the generic webhook over HTTP against
// the real app and PostgreSQL: upstream examples to golden change events, credentials (401), redelivery
// stored once, each credential bound to its one source, rotation, and unmappable payloads refused with
// the field and kept for admins. The Argo CD bodies are the templates of docs/integrations.md, rendered.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { KEYS } from '../support/app';
import { IntakeRejections, MAX_KEPT_PAYLOAD_BYTES } from '../../src/intake/rejections/intake-rejections';
import { renderGoTemplate } from '../support/go-template';
import { ldSignature, SECRET_HEADER, SECRETS } from '../support/intakes';
import { startEnv, type Env } from './fixtures';
import { fixtureJson, fixtureText, isProblem, rejections, send, storedEvents } from './intake-support';

describe('intakes: PagerDuty, LaunchDarkly, Argo CD, generic webhook', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  describe('PagerDuty: POST /v2/change/enqueue', () => {
    const golden = fixtureJson('pagerduty/change-event.golden.json') as { changeId: string }[];
    const changeId = golden[0]?.changeId ?? '';
    const withKey = (
      key: string,
      edit: (body: Record<string, unknown>) => void = () => undefined,
    ): string => {
      const body = fixtureJson('pagerduty/change-event.json') as Record<string, unknown>;
      body['routing_key'] = key;
      edit(body);
      return JSON.stringify(body);
    };
    const enqueue = (body: string) => send(env.app, '/v2/change/enqueue', body, {});

    it("maps PagerDuty's documented example to the golden change event, answering as PagerDuty does", async () => {
      const res = await enqueue(withKey(SECRETS.pagerdutyKey));
      expect(res).toMatchObject({
        status: 202,
        body: { status: 'success', message: 'Change event processed' },
      });
      expect(await storedEvents(env.app, 'pagerduty-checkout', changeId)).toEqual(golden);
    });

    it('stores the same event sent again nothing new (its id is its content)', async () => {
      expect((await enqueue(withKey(SECRETS.pagerdutyKey))).status).toBe(202);
      expect(await storedEvents(env.app, 'pagerduty-checkout', changeId)).toHaveLength(1);
    });

    it("binds each routing key to its source: another key's event lands in that key's source, with its environment", async () => {
      expect((await enqueue(withKey(SECRETS.pagerdutyOtherKey))).status).toBe(202);
      const other = (await storedEvents(env.app, 'pagerduty-payments', changeId)) as {
        environment: string;
      }[];
      expect(other.map((e) => e.environment)).toEqual(['staging']);
      expect(await storedEvents(env.app, 'pagerduty-checkout', changeId)).toHaveLength(1);
    });

    it("answers an unknown or missing routing key 401 in PagerDuty's shape, storing nothing", async () => {
      const unknown = await enqueue(withKey('not-a-configured-routing-key'));
      expect(unknown.status).toBe(401);
      expect(unknown.body).toMatchObject({ status: 'invalid routing key' });
      const missing = await enqueue(withKey(SECRETS.pagerdutyKey, (b) => delete b['routing_key']));
      expect(missing.status).toBe(401);
    });

    it('refuses an event without a summary 400 naming it, and keeps it for admins without the routing key', async () => {
      const body = withKey(
        SECRETS.pagerdutyKey,
        (b) => delete (b['payload'] as Record<string, unknown>)['summary'],
      );
      const res = await enqueue(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['/payload/summary is required'],
      });
      const kept = (await rejections(env.app, KEYS.admin, '?kind=pagerduty')).items;
      expect(kept).toHaveLength(1);
      expect(kept[0]?.payload).toContain('"timestamp":"2020-07-17T08:42:58.315+0000"');
      expect(kept[0]?.payload).not.toContain(SECRETS.pagerdutyKey);
    });
  });

  describe('LaunchDarkly: POST /v1/intake/launchdarkly/{integration}', () => {
    const deliver = (file: string, secret: string = SECRETS.launchdarkly, text = fixtureText(file)) =>
      send(env.app, '/v1/intake/launchdarkly/ld', text, { 'x-ld-signature': ldSignature(secret, text) });

    it('maps a flag turned on (feature_flag) and the documented sample (config) to the golden events', async () => {
      for (const name of ['flag-turned-on', 'environment-renamed']) {
        const res = await deliver(`launchdarkly/${name}.json`);
        expect(res.status).toBe(202);
        const golden = fixtureJson(`launchdarkly/${name}.golden.json`) as { changeId: string }[];
        expect(await storedEvents(env.app, 'launchdarkly', golden[0]?.changeId ?? '')).toEqual(golden);
      }
    });

    it('stores a redelivered entry nothing new', async () => {
      const res = await deliver('launchdarkly/flag-turned-on.json');
      expect((res.body['accepted'] as { outcome: string }[])[0]?.outcome).toBe('duplicate');
    });

    it('answers 401 to a missing signature or one made with another secret', async () => {
      const text = fixtureText('launchdarkly/flag-turned-on.json');
      expect((await send(env.app, '/v1/intake/launchdarkly/ld', text, {})).status).toBe(401);
      const foreign = await deliver('launchdarkly/flag-turned-on.json', SECRETS.github);
      expect(foreign.status).toBe(401);
      expect(isProblem(foreign)).toBe(true);
    });

    it('refuses an entry of a kind that is no change, 400 naming /kind', async () => {
      const entry = fixtureJson('launchdarkly/flag-turned-on.json') as Record<string, unknown>;
      const text = JSON.stringify({ ...entry, _id: 'member-entry', kind: 'member' });
      const res = await deliver('', SECRETS.launchdarkly, text);
      expect(res.status).toBe(400);
      expect((res.body['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['/kind']);
      expect((await rejections(env.app, KEYS.admin, '?integration=ld')).items[0]?.payload).toBe(text);
    });
  });

  describe('Argo CD: the documented templates, rendered as the notifications engine renders them', () => {
    const doc = readFileSync(path.resolve(__dirname, '../../docs/integrations.md'), 'utf8');
    const block = /<!-- argocd-notifications-cm -->\s*```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const configMap = parseYaml(block) as { data: Record<string, string> };
    const template = (name: string): string => {
      const parsed = parseYaml(configMap.data[`template.${name}`] ?? '') as {
        webhook: { 'change-audit': { body: string } };
      };
      return parsed.webhook['change-audit'].body;
    };
    const application = (phase: string, health: string, startedAt: string, finishedAt?: string) => {
      const app = fixtureJson('argocd/application.json') as {
        status: { operationState: Record<string, unknown>; health: { status: string } };
      };
      app.status.operationState['phase'] = phase;
      app.status.operationState['startedAt'] = startedAt;
      if (finishedAt === undefined) delete app.status.operationState['finishedAt'];
      else app.status.operationState['finishedAt'] = finishedAt;
      app.status.health.status = health;
      return app;
    };
    const notify = (name: string, app: unknown, secret: string = SECRETS.argocd) =>
      send(
        env.app,
        '/v1/intake/argocd/argo-prod',
        renderGoTemplate(template(name), { app, context: { argocdUrl: 'https://argocd.example.com' } }),
        {
          [SECRET_HEADER]: secret,
        },
      );

    it('the ConfigMap has the webhook service, a template and a trigger for each of the four notifications', () => {
      expect(configMap.data['service.webhook.change-audit']).toContain('/v1/intake/argocd/');
      expect(configMap.data['service.webhook.change-audit']).toContain('X-Intake-Secret');
      for (const event of ['sync-running', 'sync-succeeded', 'sync-failed', 'health-degraded']) {
        expect(template(`change-audit-${event}`)).toContain(`"event": "${event}"`);
        expect(configMap.data[`trigger.change-audit-on-${event}`]).toContain(`change-audit-${event}`);
      }
    });

    it('maps running, succeeded and degraded of one sync to the golden events of one change', async () => {
      const started = '2026-11-03T12:05:00Z';
      expect(
        (await notify('change-audit-sync-running', application('Running', 'Progressing', started))).status,
      ).toBe(202);
      expect(
        (
          await notify(
            'change-audit-sync-succeeded',
            application('Succeeded', 'Healthy', started, '2026-11-03T12:06:40Z'),
          )
        ).status,
      ).toBe(202);
      // The previous secret still works while rotating.
      const degraded = application('Succeeded', 'Degraded', started, '2026-11-03T12:06:40Z');
      expect((await notify('change-audit-health-degraded', degraded, SECRETS.argocdPrevious)).status).toBe(
        202,
      );
      expect(await storedEvents(env.app, 'argocd-prod', `checkout@${started}`)).toEqual(
        fixtureJson('argocd/sync.golden.json'),
      );
    });

    it('maps a failed sync, and stores the notification sent again nothing new', async () => {
      const app = application('Failed', 'Degraded', '2026-11-03T13:00:00Z', '2026-11-03T13:01:00Z');
      expect((await notify('change-audit-sync-failed', app)).status).toBe(202);
      const again = await notify('change-audit-sync-failed', app);
      expect((again.body['accepted'] as { outcome: string }[])[0]?.outcome).toBe('duplicate');
      const events = (await storedEvents(env.app, 'argocd-prod', 'checkout@2026-11-03T13:00:00Z')) as {
        phase: string;
      }[];
      expect(events.map((e) => e.phase)).toEqual(['failed']);
    });

    it("answers 401 without the integration's secret, or with another integration's", async () => {
      const app = application('Running', 'Progressing', '2026-11-03T14:00:00Z');
      expect((await notify('change-audit-sync-running', app, 'wrong-secret-wrong-secret')).status).toBe(401);
      expect((await notify('change-audit-sync-running', app, SECRETS.generic)).status).toBe(401);
      expect(await storedEvents(env.app, 'argocd-prod', 'checkout@2026-11-03T14:00:00Z')).toEqual([]);
    });

    it('refuses a notification whose operation has no start time (rendered <no value>) 400 naming /startedAt', async () => {
      const app = application('Running', 'Progressing', '');
      delete app.status.operationState['startedAt'];
      const res = await notify('change-audit-sync-running', app);
      expect(res.status).toBe(400);
      expect((res.body['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['/startedAt']);
    });
  });

  describe('generic webhook: POST /v1/intake/webhook/{integration}', () => {
    const payload = {
      id: 'delivery-7f3a',
      at: 1_793_707_200_000,
      status: 'done',
      by: 'ci-bot',
      url: 'https://deployer.example.com/runs/981',
      target: { env: 'production' },
      deployment: { id: 'run-981', app: 'checkout', version: 'v2.4.1' },
    };
    const hook = (body: unknown, secret: string = SECRETS.generic) =>
      send(env.app, '/v1/intake/webhook/deployer', JSON.stringify(body), { [SECRET_HEADER]: secret });

    it("maps a payload by the integration's declared pointers, defaults and phase words", async () => {
      const res = await hook(payload);
      expect(res.status).toBe(202);
      expect(await storedEvents(env.app, 'deployer', 'run-981')).toEqual([
        {
          eventId: 'delivery-7f3a',
          changeId: 'run-981',
          source: 'deployer',
          kind: 'deploy',
          phase: 'succeeded',
          occurredAt: '2026-11-03T12:00:00.000Z',
          environment: 'production',
          service: 'checkout',
          version: { to: 'v2.4.1' },
          actor: { type: 'human', id: 'ci-bot' },
          links: [{ url: 'https://deployer.example.com/runs/981' }],
          attributes: { 'webhook.integration': 'deployer' },
        },
      ]);
      expect((await hook(payload)).body['accepted']).toMatchObject([{ outcome: 'duplicate' }]);
    });

    it('refuses a payload missing a mapped field, or with a phase word that is no phase, naming the field', async () => {
      const missing = await hook({ ...payload, at: undefined, id: 'delivery-2' });
      expect(missing.status).toBe(400);
      expect((missing.body['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['/at']);
      const phase = await hook({ ...payload, id: 'delivery-3', status: 'exploded' });
      expect(phase.status).toBe(400);
      expect((phase.body['errors'] as { field: string }[]).map((e) => e.field)).toEqual(['/phase']);
      expect(await storedEvents(env.app, 'deployer', 'run-981')).toHaveLength(1);
    });

    it("answers 401 to another integration's secret", async () => {
      expect((await hook({ ...payload, id: 'delivery-4' }, SECRETS.argocd)).status).toBe(401);
    });
  });

  describe('refused payloads: bounded in size and in time', () => {
    it('keeps the first 64 KiB of a large refused payload, marked truncated', async () => {
      const big = { id: 'delivery-big', padding: 'x'.repeat(100_000) };
      const res = await send(env.app, '/v1/intake/webhook/deployer', JSON.stringify(big), {
        [SECRET_HEADER]: SECRETS.generic,
      });
      expect(res.status).toBe(400);
      const [kept] = (await rejections(env.app, KEYS.admin, '?integration=deployer&limit=1')).items;
      expect(kept).toMatchObject({ truncated: true, payloadBytes: JSON.stringify(big).length });
      expect(Buffer.byteLength(kept?.payload ?? '')).toBe(MAX_KEPT_PAYLOAD_BYTES);
    });

    it('deletes rejections older than INTAKE_REJECTION_RETENTION_DAYS (30 here) and keeps the rest', async () => {
      const before = (await rejections(env.app, KEYS.admin, '?limit=500')).items.length;
      await env.sql.query(
        `INSERT INTO intake_rejections (integration, kind, reason, errors, payload, payload_bytes, truncated, received_at)
         VALUES ('old', 'generic', 'old', '[]', '{}', 2, false, now() - interval '31 days')`,
      );
      expect((await rejections(env.app, KEYS.admin, '?integration=old')).items).toHaveLength(1);
      expect(await env.app.app.get(IntakeRejections).prune()).toBe(1);
      expect((await rejections(env.app, KEYS.admin, '?integration=old')).items).toHaveLength(0);
      expect((await rejections(env.app, KEYS.admin, '?limit=500')).items).toHaveLength(before);
    });
  });
});

// POST /v1/cdevents, the CloudEvents sink for CDEvents, over HTTP in its three modes: the CDEvents spec's
// own conformance examples (test/fixtures/cdevents-v0.5.1) are stored as their golden change and alert
// events; unknown types and versions are refused naming the type; a redelivery stores nothing new; a key
// bound to one source cannot publish a CDEvent whose context.source is bound to another.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { CdEventsResponse } from '../../src/cdevents/http/cdevents.controller';
import { KEYS } from '../support/app';
import { ALERT_EVENT_RECORDED } from '../../src/alerts/domain/alert-stream';
import { CHANGE_EVENT_RECORDED } from '../../src/changes/domain/change-stream';
import { get, getChange, startEnv, type Env } from './fixtures';
import { rejections } from './intake-support';

const FIXTURES = path.resolve(__dirname, '../fixtures/cdevents-v0.5.1');
const CDEVENTS_SOURCES = '/event/source=argo-cd,/monitoring=grafana';

type CdEvent = { context: Record<string, unknown>; subject: Record<string, unknown> } & Record<
  string,
  unknown
>;
const fixture = (name: string): CdEvent =>
  JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, 'utf8')) as CdEvent;
const golden = (name: string): { kind: 'change' | 'alert'; event: Record<string, unknown> } =>
  JSON.parse(readFileSync(`${FIXTURES}/golden/${name}.json`, 'utf8')) as {
    kind: 'change' | 'alert';
    event: Record<string, unknown>;
  };

/** The CloudEvent attributes of a CDEvent, as the CDEvents binding sets them (from its context). */
const attributes = (cdevent: CdEvent) => ({
  specversion: '1.0',
  id: String(cdevent.context['id']),
  source: String(cdevent.context['source']),
  type: String(cdevent.context['type']),
});

/** Copies a CDEvent with other context members (the spec's examples share one id). */
const withContext = (cdevent: CdEvent, context: Record<string, unknown>): CdEvent => ({
  ...cdevent,
  context: { ...cdevent.context, ...context },
});

/** Change and alert events stored (the suspects projection appends its rankings meanwhile: not counted). */
async function storedEvents(env: Env): Promise<number> {
  const result = await env.sql.query<{ n: string }>(
    'SELECT count(*) AS n FROM events WHERE event_type = ANY($1)',
    [[CHANGE_EVENT_RECORDED, ALERT_EVENT_RECORDED]],
  );
  return Number(result.rows[0]?.n);
}

const CHANGE_FIXTURES = [
  'service_deployed',
  'service_upgraded',
  'service_rolledback',
  'service_removed',
  'environment_created',
  'environment_modified',
  'environment_deleted',
];

describe('POST /v1/cdevents', () => {
  let env: Env;
  beforeAll(async () => {
    env = await startEnv({ CDEVENTS_SOURCES });
  });
  afterAll(async () => {
    await env.close();
  });

  const binary = (cdevent: CdEvent, key: string = KEYS.publisher, headers: Record<string, string> = {}) => {
    const ce = attributes(cdevent);
    return request(env.app.baseUrl)
      .post('/v1/cdevents')
      .set('authorization', `Bearer ${key}`)
      .set('content-type', 'application/json')
      .set('ce-specversion', ce.specversion)
      .set('ce-id', ce.id)
      .set('ce-source', ce.source)
      .set('ce-type', ce.type)
      .set(headers)
      .send(JSON.stringify(cdevent));
  };
  const structured = (body: unknown, key: string, type = 'application/cloudevents+json') =>
    request(env.app.baseUrl)
      .post('/v1/cdevents')
      .set('authorization', `Bearer ${key}`)
      .set('content-type', type)
      .send(JSON.stringify(body));
  const envelope = (cdevent: CdEvent) => ({
    ...attributes(cdevent),
    datacontenttype: 'application/json',
    data: cdevent,
  });

  it.each(CHANGE_FIXTURES)('binary mode: %s is stored as its golden change event', async (name) => {
    const expected = golden(name);
    const res = await binary(fixture(name));
    expect(res.status).toBe(202);
    const body = res.body as CdEventsResponse;
    expect(body.rejected).toEqual([]);
    expect(body.accepted).toEqual([
      expect.objectContaining({
        index: 0,
        kind: 'change',
        source: 'argo-cd',
        eventId: expected.event['eventId'],
      }),
    ]);
    const change = await getChange(env.app, String(expected.event['changeId']), 'argo-cd');
    expect(change.events).toHaveLength(1);
    expect(change.events[0]?.event).toEqual(expected.event);
    expect(change.events[0]?.metadata).toMatchObject({
      receivedVia: 'cdevents',
      cloudEventsMode: 'binary',
      publishedBy: 'argo',
    });
    expect(change.change.phase).toBe('succeeded');
  });

  it('structured then batch mode: an incident is detected, reported and resolved as one alert instance', async () => {
    const detected = await structured(envelope(fixture('incident_detected')), KEYS.alerting);
    expect(detected.status).toBe(202);
    expect((detected.body as CdEventsResponse).accepted).toEqual([
      expect.objectContaining({ index: 0, kind: 'alert', source: 'grafana' }),
    ]);
    const firing = await get(env.app, '/v1/alerts/incident-123');
    expect(firing.status).toBe(200);
    expect(firing.body).toMatchObject({ status: 'firing', alert: golden('incident_detected').event });

    // Reported and resolved a minute later, in one batch: both join the instance the detection opened.
    const later = (name: string) =>
      withContext(fixture(name), { id: `${name}-later`, timestamp: '2022-11-11T13:53:20.079Z' });
    const batch = await structured(
      [envelope(later('incident_reported')), envelope(later('incident_resolved'))],
      KEYS.alerting,
      'application/cloudevents-batch+json',
    );
    expect(batch.status).toBe(202);
    expect((batch.body as CdEventsResponse).accepted.map((a) => [a.index, a.kind])).toEqual([
      [0, 'alert'],
      [1, 'alert'],
    ]);
    const resolved = await get(env.app, '/v1/alerts/incident-123');
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      startsAt: '2022-11-11T13:52:20.079Z',
      endsAt: '2022-11-11T13:53:20.079Z',
    });
    const list = await get(
      env.app,
      '/v1/alerts?service=myApp&from=2022-11-01T00:00:00Z&to=2022-12-01T00:00:00Z',
    );
    expect((list.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it('maps the golden incidents when each is the first news of its incident', async () => {
    for (const name of ['incident_reported', 'incident_resolved']) {
      const expected = golden(name).event;
      const fingerprint = `fresh-${name}`;
      const cdevent = fixture(name);
      const fresh = { ...cdevent, subject: { ...cdevent.subject, id: fingerprint } };
      const res = await binary(fresh, KEYS.alerting);
      expect(res.status).toBe(202);
      const alert = await get(env.app, `/v1/alerts/${fingerprint}`);
      const labels = { ...(expected['labels'] as Record<string, string>), cdevents_subject: fingerprint };
      expect(alert.body).toMatchObject({ alert: { ...expected, fingerprint, labels } });
    }
  });

  it('stores nothing new for a redelivery, in any mode', async () => {
    const before = await storedEvents(env);
    const again = await binary(fixture('service_deployed'));
    expect(again.status).toBe(202);
    expect((again.body as CdEventsResponse).accepted[0]).toMatchObject({ outcome: 'duplicate' });
    const structuredAgain = await structured(envelope(fixture('service_upgraded')), KEYS.publisher);
    expect(structuredAgain.status).toBe(202);
    const incidentAgain = await structured(envelope(fixture('incident_resolved')), KEYS.alerting);
    expect(incidentAgain.status).toBe(202);
    expect(await storedEvents(env)).toBe(before);
  });

  it('refuses an unknown type or version with 400 naming it, storing nothing', async () => {
    const before = await storedEvents(env);
    const unknown = await binary(fixture('build_started'));
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('dev.cdevents.build.started.0.3.0');
    const newer = withContext(fixture('service_deployed'), { type: 'dev.cdevents.service.deployed.0.9.0' });
    const version = await binary(newer);
    expect(version.status).toBe(400);
    expect(JSON.stringify(version.body)).toContain('version 0.9.0 is not accepted');
    // In a batch, the mappable CDEvents are taken and the unknown one is listed with its type.
    const deployed = withContext(fixture('service_deployed'), { id: 'batch-with-unknown' });
    const batch = await structured(
      [envelope(fixture('build_started')), envelope(deployed)],
      KEYS.publisher,
      'application/cloudevents-batch+json',
    );
    expect(batch.status).toBe(202);
    const body = batch.body as CdEventsResponse;
    expect(body.accepted.map((a) => a.index)).toEqual([1]);
    expect(body.rejected.map((r) => [r.index, r.reason, r.errors.map((e) => e.field)])).toEqual([
      [0, 'unknown_type', ['/data/context/type']],
    ]);
    expect(body.rejected[0]?.errors[0]?.message).toContain('"dev.cdevents.build.started.0.3.0" is not');
    expect(await storedEvents(env)).toBe(before + 1);
    // Each refusal is kept as received, for admins only: the two single ones and the batch.
    const kept = (await rejections(env.app, KEYS.admin)).items.filter((r) => r.kind === 'cdevents');
    expect(kept).toHaveLength(3);
    expect(kept.some((r) => r.payload.includes('dev.cdevents.service.deployed.0.9.0'))).toBe(true);
    const ofBatch = kept.find((r) => r.payload.includes('batch-with-unknown'));
    expect(ofBatch?.errors.map((e) => e.field)).toEqual(['/0/data/context/type']);
    expect((await rejections(env.app, KEYS.reviewer)).status).toBe(403);
  });

  it('refuses a CDEvent whose context.source is bound to a source the key may not publish as (403)', async () => {
    const before = await storedEvents(env);
    const cdevent = withContext(fixture('service_deployed'), { id: 'cross-source' });
    const foreign = await binary(cdevent, KEYS.github);
    expect(foreign.status).toBe(403);
    expect((foreign.body as { detail: string }).detail).toContain('bound to source "argo-cd"');
    // The incident source (grafana) is not the pipeline key's either, even inside a batch with its own.
    const mixed = await structured(
      [envelope(cdevent), envelope(withContext(fixture('incident_detected'), { id: 'cross-incident' }))],
      KEYS.publisher,
      'application/cloudevents-batch+json',
    );
    expect(mixed.status).toBe(403);
    expect(await storedEvents(env)).toBe(before);
    // A context.source bound to no configured source is refused naming it.
    const unbound = await binary(
      withContext(fixture('service_deployed'), { source: '/elsewhere/ci' }),
      KEYS.admin,
      {
        'ce-source': '/elsewhere/ci',
      },
    );
    expect(unbound.status).toBe(400);
    expect((unbound.body as { errors: unknown[] }).errors).toEqual([
      {
        field: '/context/source',
        message: '/context/source "/elsewhere/ci" is bound to no source (CDEVENTS_SOURCES)',
      },
    ]);
    expect(await storedEvents(env)).toBe(before);
  });

  it('refuses what is not a CloudEvent of a CDEvent, naming the header or field', async () => {
    const deployed = fixture('service_deployed');
    const plain = await request(env.app.baseUrl)
      .post('/v1/cdevents')
      .set('authorization', `Bearer ${KEYS.publisher}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(deployed));
    expect(plain.status).toBe(400);
    expect(JSON.stringify(plain.body)).toContain('not a CloudEvent');
    const noId = await binary(deployed, KEYS.publisher, { 'ce-id': '' });
    expect(noId.status).toBe(400);
    expect(JSON.stringify(noId.body)).toContain('ce-id');
    const mismatch = await binary(deployed, KEYS.publisher, {
      'ce-type': 'dev.cdevents.service.upgraded.0.3.0',
    });
    expect(mismatch.status).toBe(400);
    expect(JSON.stringify(mismatch.body)).toContain('/context/type');
    const base64 = await structured({ ...attributes(deployed), data_base64: 'e30=' }, KEYS.publisher);
    expect(base64.status).toBe(400);
    expect(JSON.stringify(base64.body)).toContain('/data_base64');
    const noEnvironment = withContext(deployed, { id: 'no-environment' });
    const res = await binary({ ...noEnvironment, subject: { id: 'x', content: {} } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('/subject/content/environment is required');
    const emptyBatch = await structured([], KEYS.publisher, 'application/cloudevents-batch+json');
    expect(emptyBatch.status).toBe(400);
  });
});

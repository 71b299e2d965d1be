import request from 'supertest';
import type { AlertSuspectsView } from '../../src/correlation/http/suspect-views';
import type { QualityView } from '../../src/correlation/http/suspects.controller';
import type { TrainedWeights } from '../../src/correlation/domain/weights-stream';
import { MIN_TRAINING_VERDICTS } from '../../src/correlation/domain/weights';
import { delayOffset, type DelayProfile } from '../../src/correlation/domain/delay-profile';
import { KEYS } from '../support/app';
import { changeEvent, get, publish, startEnv, type Env } from './fixtures';

/**
 * Learned factor weights over HTTP: verdicts record their ranking's candidates; training is refused while
 * there are too few, then fits version 1 from them; applying it makes new rankings name version 1 and
 * show each factor's weight; reset goes back to the priors. Each step is an event in the store.
 */
const HOUR = 3_600_000;
const MINUTE = 60_000;
const FIRST_ALERT = Date.parse('2026-11-20T00:00:00.000Z');
const ALERTS = MIN_TRAINING_VERDICTS;
const alertAt = (i: number): number => FIRST_ALERT + i * 3 * HOUR;
const iso = (ms: number): string => new Date(ms).toISOString();
const fingerprint = (i: number): string => `weights-alert-${String(i).padStart(2, '0')}`;

function trainedDelays(trained: TrainedWeights): DelayProfile {
  if (trained.delays === undefined) throw new Error('training learned no delay profile');
  return trained.delays;
}

describe('learned factor weights over HTTP', () => {
  let env: Env;

  beforeAll(async () => {
    env = await startEnv();
  });

  afterAll(async () => {
    await env.close();
  });

  const as = (key: string, method: 'post' | 'put', path: string) =>
    request(env.app.baseUrl)[method](path).set('authorization', `Bearer ${key}`);

  const verdict = (i: number) =>
    as(KEYS.reviewer, 'post', `/v1/alerts/${fingerprint(i)}/verdicts`)
      .send({ changeId: `config-${i}`, verdict: 'cause' })
      .expect(201);

  it('records verdicts with their candidates, refuses training while too few, then trains, applies and resets', async () => {
    await as(KEYS.admin, 'put', '/v1/topology')
      .send({ edges: [{ caller: 'api', dependency: 'shared-db' }] })
      .expect(200);
    // Each alert on api: a deploy of api itself 17 min before (the priors' favourite: on the alerting
    // service, a little past the time plateau) and a config change on its shared dependency 5 min before,
    // which the reviewer judges the cause every time: time should count more, topology less.
    const changes = Array.from({ length: ALERTS }, (_, i) => [
      changeEvent({
        eventId: `deploy-${i}-started`,
        changeId: `deploy-${i}`,
        service: 'api',
        environment: 'production',
        occurredAt: iso(alertAt(i) - 17 * MINUTE),
      }),
      changeEvent({
        eventId: `config-${i}-started`,
        changeId: `config-${i}`,
        kind: 'config',
        service: 'shared-db',
        environment: 'production',
        occurredAt: iso(alertAt(i) - 5 * MINUTE),
      }),
    ]).flat();
    await publish(env.app, changes);
    await as(KEYS.alerting, 'post', '/v1/alerts').send(
      Array.from({ length: ALERTS }, (_, i) => ({
        source: 'grafana',
        fingerprint: fingerprint(i),
        name: 'HighErrorRate',
        status: 'firing',
        severity: 'critical',
        service: 'api',
        environment: 'production',
        startsAt: iso(alertAt(i)),
      })),
    );
    const priorRanking = (await get(env.app, `/v1/alerts/${fingerprint(0)}/suspects`).expect(200))
      .body as AlertSuspectsView;
    expect(priorRanking.weightsVersion).toBe(0);
    expect(priorRanking.items.map((s) => s.changeId)).toEqual(['deploy-0', 'config-0']);
    expect(priorRanking.items[0]?.factors.every((f) => f.factorWeight === 1)).toBe(true);

    for (let i = 0; i < 5; i += 1) await verdict(i);
    const refused = await as(KEYS.admin, 'post', '/v1/correlation/weights/train').expect(409);
    expect(refused.body).toMatchObject({
      missingVerdicts: MIN_TRAINING_VERDICTS - 5,
      missingCauses: 5,
    });
    expect((refused.body as { detail: string }).detail).toContain(
      `${MIN_TRAINING_VERDICTS - 5} more verdicts`,
    );
    await as(KEYS.reviewer, 'post', '/v1/correlation/weights/train').expect(403);

    for (let i = 5; i < ALERTS; i += 1) await verdict(i);
    const { rows } = await env.sql.query<{ data: { candidates: unknown[]; weightsVersion: number } }>(
      `SELECT data FROM events WHERE event_type = 'SuspectVerdictRecorded' ORDER BY global_position LIMIT 1`,
    );
    expect(rows[0]?.data).toMatchObject({
      weightsVersion: 0,
      candidates: [
        { changeId: 'deploy-0', factors: { topology: 1 }, kind: 'deploy', delayMs: 17 * MINUTE },
        { changeId: 'config-0', factors: { topology: 0.75 }, kind: 'config', delayMs: 5 * MINUTE },
      ],
    });

    const trained = (await as(KEYS.admin, 'post', '/v1/correlation/weights/train').expect(201)) as {
      body: TrainedWeights;
    };
    expect(trained.body).toMatchObject({ version: 1, trainedOn: { verdicts: ALERTS, causes: ALERTS } });
    expect(trained.body.weights.time).toBeGreaterThan(1);
    expect(trained.body.weights.topology).toBeLessThan(1);
    // The delays learned with them: a configuration change alerting 5 min later is what a cause looks
    // like here, a deploy alerting 17 min later is not.
    expect(delayOffset(trainedDelays(trained.body), 'config', 5 * MINUTE)).toBeGreaterThan(0);
    expect(delayOffset(trainedDelays(trained.body), 'deploy', 17 * MINUTE)).toBeLessThan(0);
    // Trained, not yet applied.
    expect((await get(env.app, `/v1/alerts/${fingerprint(0)}/suspects`).expect(200)).body).toMatchObject({
      weightsVersion: 0,
    });

    await as(KEYS.reviewer, 'post', '/v1/correlation/weights/apply').send({ version: 1 }).expect(403);
    await as(KEYS.admin, 'post', '/v1/correlation/weights/apply').send({ version: 7 }).expect(404);
    await as(KEYS.admin, 'post', '/v1/correlation/weights/apply').send({ version: 1 }).expect(201);
    const learned = (await get(env.app, `/v1/alerts/${fingerprint(0)}/suspects`).expect(200))
      .body as AlertSuspectsView;
    expect(learned.weightsVersion).toBe(1);
    expect(learned.items.map((s) => s.changeId)).toEqual(['config-0', 'deploy-0']);
    const topology = learned.items[0]?.factors.find((f) => f.name === 'topology');
    expect(topology?.factorWeight).toBe(trained.body.weights.topology);
    expect(learned.items[0]?.reasons.join(' ')).toContain('learned weights version 1');
    const timing = learned.items[0]?.factors.find((f) => f.name === 'timing');
    expect(timing).toMatchObject({ factorWeight: 1 });
    expect(timing?.weight).toBeGreaterThan(1);
    expect(timing?.reason).toBe(
      'the alert started 5-8 min after it: for changes that take effect at once (configuration, flags), ' +
        `reviewers' verdicts here make that timing more telling of a cause than the other factors say (×${timing?.weight.toFixed(2)})`,
    );

    const quality = (await get(env.app, '/v1/correlation/quality').expect(200)) as { body: QualityView };
    expect(quality.body).toMatchObject({
      cases: ALERTS,
      weights: {
        version: 1,
        trainedOn: { verdicts: ALERTS, causes: ALERTS },
        delays: trained.body.delays,
      },
      training: { available: { verdicts: ALERTS, causes: ALERTS } },
      evaluation: { trainedOn: ALERTS / 2, scoredOn: ALERTS / 2 },
    });
    expect(quality.body.evaluation?.learned.hitRateAt1).toBeGreaterThan(
      quality.body.evaluation?.priors.hitRateAt1 ?? 1,
    );

    await as(KEYS.admin, 'post', '/v1/correlation/weights/reset').expect(201);
    expect((await get(env.app, `/v1/alerts/${fingerprint(0)}/suspects`).expect(200)).body).toMatchObject({
      weightsVersion: 0,
      items: [{ changeId: 'deploy-0' }, { changeId: 'config-0' }],
    });
    expect((await get(env.app, '/v1/correlation/quality').expect(200)).body).toMatchObject({
      weights: { version: 0, delays: null },
    });
    const events = await env.sql.query<{ event_type: string; namespace: string }>(
      `SELECT event_type, namespace FROM events WHERE stream_type = 'correlation-weights' ORDER BY global_position`,
    );
    expect(events.rows).toEqual([
      { event_type: 'CorrelationWeightsTrained', namespace: '$service' },
      { event_type: 'CorrelationWeightsApplied', namespace: '$service' },
      { event_type: 'CorrelationWeightsReset', namespace: '$service' },
    ]);
  });
});

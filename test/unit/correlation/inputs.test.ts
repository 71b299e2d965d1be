import type { AlertEvent } from '../../../src/alerts/domain/alert-event';
import { foldChangeEvents, toChangeView } from '../../../src/changes/domain/change-state';
import {
  correlationAlertFromEvent,
  correlationChangeFromEvents,
  correlationChangeFromView,
} from '../../../src/correlation/domain/inputs';
import { changeEvent } from '../support/change-events';

const canaryEvents = [
  changeEvent({
    eventId: 'e1',
    phase: 'started',
    occurredAt: '2026-11-14T13:00:00Z',
    service: 'checkout',
    region: 'eu-west-1',
    cluster: 'prod-eu-west-1-a',
    rollout: { stage: 'canary', percent: 5 },
    actor: { type: 'service', id: 'argo-cd-pipeline' },
  }),
  changeEvent({
    eventId: 'e2',
    phase: 'progressed',
    occurredAt: '2026-11-14T13:20:00Z',
    service: 'checkout',
    region: 'eu-west-1',
    rollout: { stage: 'full', percent: 100 },
  }),
  changeEvent({
    eventId: 'e3',
    phase: 'rolled_back',
    occurredAt: '2026-11-14T13:40:00Z',
    service: 'checkout',
    region: 'eu-west-1',
    isRollback: true,
  }),
];

describe('correlationChangeFromEvents', () => {
  it('folds the events as the read model does and keeps the steps in time order', () => {
    const change = correlationChangeFromEvents([...canaryEvents].reverse());
    expect(change).toMatchObject({
      phase: 'rolled_back',
      service: 'checkout',
      startedAt: Date.parse('2026-11-14T13:00:00Z'),
      finishedAt: Date.parse('2026-11-14T13:40:00Z'),
      actorType: 'service',
    });
    expect(change?.steps.map((s) => [s.phase, s.cluster, s.rollout?.percent])).toEqual([
      ['started', 'prod-eu-west-1-a', 5],
      ['progressed', undefined, 100],
      ['rolled_back', undefined, undefined],
    ]);
  });

  it('does not take a change that was rolled back for a rollback', () => {
    expect(correlationChangeFromEvents(canaryEvents)?.isRollback).toBe(false);
    const redeploy = canaryEvents.slice(0, 1).map((e) => ({ ...e, isRollback: true }));
    expect(correlationChangeFromEvents(redeploy)?.isRollback).toBe(true);
  });

  it('counts a duplicated event once', () => {
    const first = canaryEvents[0];
    if (first === undefined) throw new Error('unreachable');
    expect(correlationChangeFromEvents([...canaryEvents, first])?.steps).toHaveLength(3);
  });

  it('has no suspect in a change that was only planned', () => {
    expect(
      correlationChangeFromEvents([
        changeEvent({ eventId: 'p', phase: 'planned', occurredAt: '2026-11-14T13:00:00Z' }),
      ]),
    ).toBeUndefined();
  });
});

describe('correlationChangeFromView', () => {
  it('works from the read-model row alone, reading a rolled-back change as undone rather than a rollback', () => {
    const state = foldChangeEvents(canaryEvents);
    if (state === undefined) throw new Error('unreachable');
    const view = toChangeView(state);
    expect(view.isRollback).toBe(true);
    const change = correlationChangeFromView(view);
    expect(change).toMatchObject({
      isRollback: false,
      steps: [],
      region: 'eu-west-1',
      cluster: 'prod-eu-west-1-a',
    });
  });
});

describe('correlationAlertFromEvent', () => {
  it('keeps what correlation needs, with instants in milliseconds', () => {
    const event: AlertEvent = {
      fingerprint: 'a3f1c9e07d5b2e64',
      source: 'alertmanager',
      status: 'resolved',
      startsAt: '2026-11-14T15:42:07.318465912+02:00',
      endsAt: '2026-11-14T14:03:37Z',
      name: 'HighErrorRate',
      severity: 'critical',
      environment: 'production',
      service: 'checkout-api',
      groupKey: '{}:{alertname="HighErrorRate"}',
    };
    expect(correlationAlertFromEvent(event)).toEqual({
      key: 'alert:alertmanager:2026-11-14T13:42:07.318Z:a3f1c9e07d5b2e64',
      fingerprint: 'a3f1c9e07d5b2e64',
      source: 'alertmanager',
      name: 'HighErrorRate',
      severity: 'critical',
      status: 'resolved',
      service: 'checkout-api',
      environment: 'production',
      region: undefined,
      cluster: undefined,
      groupKey: '{}:{alertname="HighErrorRate"}',
      startsAt: Date.parse('2026-11-14T13:42:07.318Z'),
      endsAt: Date.parse('2026-11-14T14:03:37Z'),
    });
  });
});

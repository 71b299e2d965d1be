import type { ChangeEvent } from '../../src/changes/domain/change-event';
import { appendChangeSteps, changeStepOf } from '../../src/changes/domain/change-steps';

const event = (
  eventId: string,
  phase: ChangeEvent['phase'],
  minute: number,
  fields: Partial<ChangeEvent> = {},
): ChangeEvent => ({
  eventId,
  changeId: 'c-1',
  source: 'argo-cd',
  kind: 'deploy',
  phase,
  occurredAt: new Date(Date.UTC(2026, 10, 21, 10, minute)).toISOString(),
  environment: 'production',
  ...fields,
});

describe('change steps (the rollout history a timeline row keeps)', () => {
  it('keeps the step fields of an event and leaves absent fields absent', () => {
    const step = changeStepOf(
      event('e1', 'progressed', 5, {
        region: 'eu-west-1',
        cluster: 'a',
        rollout: { stage: 'canary', percent: 5 },
        summary: 'not a step field',
      }),
    );
    expect(step).toEqual({
      eventId: 'e1',
      phase: 'progressed',
      occurredAt: '2026-11-21T10:05:00.000Z',
      region: 'eu-west-1',
      cluster: 'a',
      rollout: { stage: 'canary', percent: 5 },
    });
    expect(Object.keys(changeStepOf(event('e2', 'started', 0)) ?? {})).toEqual([
      'eventId',
      'phase',
      'occurredAt',
    ]);
  });

  it('is not a step while planned', () => {
    expect(changeStepOf(event('p', 'planned', 0))).toBeUndefined();
    expect(appendChangeSteps([], [event('p', 'planned', 0)])).toEqual([]);
  });

  it('orders steps as the fold orders events, whatever the arrival order', () => {
    const events = [
      event('b', 'progressed', 10),
      event('a', 'progressed', 10),
      event('s', 'started', 0),
      event('z', 'succeeded', 30),
    ];
    const ids = (steps: readonly { eventId: string }[]) => steps.map((s) => s.eventId);
    const oneByOne = events.reduce((steps, e) => appendChangeSteps(steps, [e]), appendChangeSteps([], []));
    expect(ids(oneByOne)).toEqual(['s', 'a', 'b', 'z']);
    expect(ids(appendChangeSteps([], [...events].reverse()))).toEqual(['s', 'a', 'b', 'z']);
    expect(ids(appendChangeSteps(appendChangeSteps([], events.slice(2)), events.slice(0, 2)))).toEqual([
      's',
      'a',
      'b',
      'z',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { ChangeEvent } from '../../src/changes/domain/change-event';
import { TERMINAL_PHASES, phaseRank } from '../../src/changes/domain/change-event';
import {
  applyChangeEvent,
  foldChangeEvents,
  toChangeView,
  type ChangeState,
  type ChangeView,
} from '../../src/changes/domain/change-state';
import {
  CHANGE_ID,
  PHASES,
  at,
  changeEvent,
  changeEventsArb,
  changeEventsInTwoOrdersArb,
  permutations,
  redelivered,
} from './support/change-events';

const ms = (iso: string): number => Date.parse(iso);

function fold(events: readonly ChangeEvent[]): ChangeState {
  const state = foldChangeEvents(events);
  if (state === undefined) throw new Error('folding a non-empty list gave no state');
  return state;
}

const view = (events: readonly ChangeEvent[]): ChangeView => toChangeView(fold(events));

/** Applies distinct events one at a time, as the projection does across transactions. */
function applyAll(events: readonly ChangeEvent[], roundTripJson = false): ChangeState {
  let state: ChangeState | undefined;
  for (const event of events) {
    state = applyChangeEvent(state, event);
    // The projection persists the state as JSON between events.
    if (roundTripJson) state = JSON.parse(JSON.stringify(state)) as ChangeState;
  }
  if (state === undefined) throw new Error('no events');
  return state;
}

/** An arbitrary list of events plus one arrival order of it with random redeliveries mixed in. */
const arrivalsArb = changeEventsArb(8).chain((events) =>
  fc.array(fc.tuple(fc.nat({ max: events.length - 1 }), fc.boolean()), { maxLength: 8 }).chain((dupes) => {
    // A redelivery is either the same object or a structurally identical copy from the wire.
    const copies = dupes.map(([i, clone]) => (clone ? redelivered(at(events, i)) : at(events, i)));
    const all = [...events, ...copies];
    return fc.tuple(
      fc.constant(events),
      fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
    );
  }),
);

describe('foldChangeEvents: arrival order does not matter (invariant 6 of docs/design.md)', () => {
  it('lists every phase of the change-event.v1 schema (the generators use this list)', () => {
    const schemaPath = path.resolve(__dirname, '../../contracts/change-event.v1/schema.json');
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as {
      properties: { phase: { enum: string[] } };
    };
    expect([...PHASES].sort()).toEqual([...schema.properties.phase.enum].sort());
  });

  it('gives the same state and view for every permutation with any duplicates', () => {
    fc.assert(
      fc.property(arrivalsArb, ([events, arrivals]) => {
        const expected = fold(events);
        expect(fold(arrivals)).toStrictEqual(expected);
        expect(toChangeView(fold(arrivals))).toStrictEqual(toChangeView(expected));
        expect(fold(arrivals).eventCount).toBe(events.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same state for EVERY permutation of up to 5 events', () => {
    fc.assert(
      fc.property(changeEventsArb(5), (events) => {
        const expected = fold(events);
        const expectedView = toChangeView(expected);
        const orders = permutations(events);
        expect(orders).toHaveLength([1, 1, 2, 6, 24, 120][events.length] ?? -1);
        for (const order of orders) {
          expect(fold(order)).toStrictEqual(expected);
          expect(toChangeView(fold(order))).toStrictEqual(expectedView);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('applying events one at a time in any order equals folding them', () => {
    fc.assert(
      fc.property(changeEventsInTwoOrdersArb(8), ([events, order]) => {
        const folded = fold(events);
        expect(applyAll(order)).toStrictEqual(folded);
        // ... also when the state is stored as JSON between events, as the projection does.
        expect(toChangeView(applyAll(order, true))).toStrictEqual(toChangeView(folded));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with a direct reading of the rules (phase precedence, earliest start, last writer wins)', () => {
    const byStamp = (a: ChangeEvent, b: ChangeEvent): number =>
      ms(a.occurredAt) - ms(b.occurredAt) || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);
    const last = (events: readonly ChangeEvent[]): ChangeEvent | undefined =>
      [...events].sort(byStamp).at(-1);
    const minAt = (events: readonly ChangeEvent[]): string | null =>
      events.length === 0 ? null : new Date(Math.min(...events.map((e) => ms(e.occurredAt)))).toISOString();

    fc.assert(
      fc.property(changeEventsArb(8), (events) => {
        const actual = view(events);
        const winner = [...events]
          .sort((a, b) => phaseRank(a.phase) - phaseRank(b.phase) || byStamp(a, b))
          .at(-1);
        expect(actual.phase).toBe(winner?.phase);
        expect(actual.finishedAt).toBe(
          winner !== undefined && TERMINAL_PHASES.has(winner.phase)
            ? new Date(ms(winner.occurredAt)).toISOString()
            : null,
        );
        const startedAt = minAt(events.filter((e) => e.phase !== 'planned'));
        const plannedAt = minAt(events.filter((e) => e.phase === 'planned'));
        expect(actual.startedAt).toBe(startedAt);
        expect(actual.plannedAt).toBe(plannedAt);
        expect(actual.timelineAt).toBe(startedAt ?? plannedAt);
        expect(actual.source).toBe(last(events)?.source);
        expect(actual.environment).toBe(last(events)?.environment);
        expect(actual.service).toBe(last(events.filter((e) => e.service !== undefined))?.service ?? null);
        expect(actual.actor).toStrictEqual(last(events.filter((e) => e.actor !== undefined))?.actor ?? null);
        expect(actual.version).toStrictEqual(
          last(events.filter((e) => e.version !== undefined))?.version ?? null,
        );
        expect(actual.rollout).toStrictEqual(
          last(events.filter((e) => e.rollout !== undefined))?.rollout ?? null,
        );
        expect(actual.isRollback).toBe(events.some((e) => e.isRollback === true));
        expect(actual.isHotfix).toBe(events.some((e) => e.isHotfix === true));
        expect(actual.eventCount).toBe(events.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('foldChangeEvents: examples', () => {
  /** Folds the events in every order and checks they all agree, then returns the view. */
  function viewInEveryOrder(events: readonly ChangeEvent[]): ChangeView {
    const views = permutations(events).map(view);
    const first = at(views, 0);
    for (const other of views) expect(other).toStrictEqual(first);
    return first;
  }

  it('returns undefined for no events', () => {
    expect(foldChangeEvents([])).toBeUndefined();
  });

  it('orders phases by precedence: a late-arriving started never overrides succeeded', () => {
    const started = changeEvent({ eventId: 'e1', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' });
    const succeeded = changeEvent({ eventId: 'e2', phase: 'succeeded', occurredAt: '2026-11-20T10:05:00Z' });
    expect(view([succeeded, started]).phase).toBe('succeeded');
    expect(view([started, succeeded]).phase).toBe('succeeded');
  });

  it('keeps a terminal phase even against a non-terminal event that claims to be later (clock skew)', () => {
    const events = [
      changeEvent({ eventId: 'e1', phase: 'succeeded', occurredAt: '2026-11-20T10:05:00Z' }),
      changeEvent({ eventId: 'e2', phase: 'progressed', occurredAt: '2026-11-20T10:09:00Z' }),
      changeEvent({ eventId: 'e3', phase: 'started', occurredAt: '2026-11-20T10:10:00Z' }),
      changeEvent({ eventId: 'e4', phase: 'planned', occurredAt: '2026-11-20T10:11:00Z' }),
    ];
    const v = viewInEveryOrder(events);
    expect(v.phase).toBe('succeeded');
    expect(v.finishedAt).toBe('2026-11-20T10:05:00.000Z');
  });

  it('moves forward through planned, started and progressed', () => {
    const planned = changeEvent({ eventId: 'p', phase: 'planned', occurredAt: '2026-11-20T09:00:00Z' });
    const started = changeEvent({ eventId: 's', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' });
    const progressed = changeEvent({ eventId: 'g', phase: 'progressed', occurredAt: '2026-11-20T10:01:00Z' });
    expect(viewInEveryOrder([planned]).phase).toBe('planned');
    expect(viewInEveryOrder([planned, started]).phase).toBe('started');
    expect(viewInEveryOrder([planned, started, progressed]).phase).toBe('progressed');
  });

  it('among terminal phases the later occurredAt wins: failed at 10:00 then rolled_back at 10:05', () => {
    const failed = changeEvent({ eventId: 'z-failed', phase: 'failed', occurredAt: '2026-11-20T10:00:00Z' });
    const rolledBack = changeEvent({
      eventId: 'a-rolled-back',
      phase: 'rolled_back',
      occurredAt: '2026-11-20T10:05:00Z',
    });
    const v = viewInEveryOrder([failed, rolledBack]);
    expect(v.phase).toBe('rolled_back');
    expect(v.finishedAt).toBe('2026-11-20T10:05:00.000Z');
  });

  it('breaks an occurredAt tie between terminal phases by eventId, whatever the arrival order', () => {
    const a = changeEvent({ eventId: 'evt-a', phase: 'failed', occurredAt: '2026-11-20T10:00:00Z' });
    const b = changeEvent({ eventId: 'evt-b', phase: 'cancelled', occurredAt: '2026-11-20T10:00:00.000Z' });
    expect(viewInEveryOrder([a, b]).phase).toBe('cancelled');
    const c = changeEvent({ eventId: 'evt-c', phase: 'failed', occurredAt: '2026-11-20T10:00:00Z' });
    expect(viewInEveryOrder([a, b, c]).phase).toBe('failed');
  });

  it('startedAt is the earliest event past planning, plannedAt the earliest planned event', () => {
    const v = viewInEveryOrder([
      changeEvent({ eventId: 'p2', phase: 'planned', occurredAt: '2026-11-20T09:30:00Z' }),
      changeEvent({ eventId: 'p1', phase: 'planned', occurredAt: '2026-11-20T09:00:00Z' }),
      changeEvent({ eventId: 's', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' }),
      // A progressed event that occurred before the started one (skewed clocks): it still counts.
      changeEvent({ eventId: 'g', phase: 'progressed', occurredAt: '2026-11-20T09:59:00Z' }),
      changeEvent({ eventId: 'f', phase: 'failed', occurredAt: '2026-11-20T10:30:00Z' }),
    ]);
    expect(v.plannedAt).toBe('2026-11-20T09:00:00.000Z');
    expect(v.startedAt).toBe('2026-11-20T09:59:00.000Z');
    expect(v.timelineAt).toBe('2026-11-20T09:59:00.000Z');
    expect(v.lastEventAt).toBe('2026-11-20T10:30:00.000Z');
  });

  it('a change that only finished still has a startedAt (the terminal event)', () => {
    const v = view([changeEvent({ eventId: 'x', phase: 'succeeded', occurredAt: '2026-11-20T10:00:00Z' })]);
    expect(v.startedAt).toBe('2026-11-20T10:00:00.000Z');
    expect(v.plannedAt).toBeNull();
    expect(v.finishedAt).toBe('2026-11-20T10:00:00.000Z');
  });

  it('timelineAt is plannedAt for a change that has not started', () => {
    const v = view([changeEvent({ eventId: 'p', phase: 'planned', occurredAt: '2026-11-25T22:00:00Z' })]);
    expect(v.plannedAt).toBe('2026-11-25T22:00:00.000Z');
    expect(v.startedAt).toBeNull();
    expect(v.timelineAt).toBe('2026-11-25T22:00:00.000Z');
  });

  it.each(['planned', 'started', 'progressed'] as const)(
    'finishedAt is null while the change is %s',
    (phase) => {
      const v = view([changeEvent({ eventId: 'x', phase, occurredAt: '2026-11-20T10:00:00Z' })]);
      expect(v.phase).toBe(phase);
      expect(v.finishedAt).toBeNull();
    },
  );

  it.each(['succeeded', 'failed', 'rolled_back', 'cancelled'] as const)(
    'finishedAt is the occurredAt of the %s event',
    (phase) => {
      const v = viewInEveryOrder([
        changeEvent({ eventId: 's', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' }),
        changeEvent({ eventId: 't', phase, occurredAt: '2026-11-20T10:07:30.250Z' }),
      ]);
      expect(v.phase).toBe(phase);
      expect(v.finishedAt).toBe('2026-11-20T10:07:30.250Z');
    },
  );

  it('compares instants, not strings, when occurredAt carries an offset', () => {
    const v = viewInEveryOrder([
      // 11:00+02:00 is 09:00Z: earlier than the 10:00Z event although it sorts later as text.
      changeEvent({
        eventId: 'a',
        phase: 'started',
        occurredAt: '2026-11-20T11:00:00+02:00',
        summary: 'old',
      }),
      changeEvent({ eventId: 'b', phase: 'progressed', occurredAt: '2026-11-20T10:00:00Z', summary: 'new' }),
    ]);
    expect(v.startedAt).toBe('2026-11-20T09:00:00.000Z');
    expect(v.summary).toBe('new');
  });

  it('ORs isRollback and isHotfix over all events', () => {
    const v = viewInEveryOrder([
      changeEvent({ eventId: 'a', phase: 'started', occurredAt: '2026-11-20T10:00:00Z', isHotfix: true }),
      changeEvent({ eventId: 'b', phase: 'progressed', occurredAt: '2026-11-20T10:01:00Z', isHotfix: false }),
      changeEvent({
        eventId: 'c',
        phase: 'rolled_back',
        occurredAt: '2026-11-20T10:02:00Z',
        isRollback: true,
      }),
      changeEvent({
        eventId: 'd',
        phase: 'progressed',
        occurredAt: '2026-11-20T10:03:00Z',
        isRollback: false,
      }),
    ]);
    expect(v.isHotfix).toBe(true);
    expect(v.isRollback).toBe(true);
    const plain = view([changeEvent({ eventId: 'x', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' })]);
    expect(plain.isHotfix).toBe(false);
    expect(plain.isRollback).toBe(false);
  });

  it('optional fields are last-writer-wins by occurredAt, and an event without the field keeps it', () => {
    const v = viewInEveryOrder([
      changeEvent({
        eventId: 'a',
        phase: 'started',
        occurredAt: '2026-11-20T10:00:00Z',
        service: 'checkout',
        region: 'eu-west-1',
        summary: 'Deploy v2',
        version: { from: 'v1', to: 'v2' },
        actor: { type: 'human', id: 'alice' },
      }),
      changeEvent({
        eventId: 'b',
        phase: 'progressed',
        occurredAt: '2026-11-20T10:05:00Z',
        summary: 'Deploy v2 (batch 2 of 4)',
        rollout: { stage: 'batch', batch: 2, totalBatches: 4 },
      }),
      // Arrives in any order but occurred first: it must not overwrite the later values.
      changeEvent({
        eventId: 'c',
        phase: 'planned',
        occurredAt: '2026-11-20T09:00:00Z',
        service: 'legacy-checkout',
        summary: 'Planned deploy',
        rollout: { stage: 'canary', percent: 5 },
        actor: { type: 'service', id: 'ci-bot' },
      }),
      // Latest, but carries none of the optional fields: nothing is erased.
      changeEvent({ eventId: 'd', phase: 'succeeded', occurredAt: '2026-11-20T10:30:00Z' }),
    ]);
    expect(v.service).toBe('checkout');
    expect(v.region).toBe('eu-west-1');
    expect(v.summary).toBe('Deploy v2 (batch 2 of 4)');
    expect(v.version).toStrictEqual({ from: 'v1', to: 'v2' });
    expect(v.rollout).toStrictEqual({ stage: 'batch', batch: 2, totalBatches: 4 });
    expect(v.actor).toStrictEqual({ type: 'human', id: 'alice' });
    expect(v.cluster).toBeNull();
    expect(v.team).toBeNull();
    expect(v.override).toBeNull();
  });

  it('breaks an occurredAt tie on an optional field by eventId', () => {
    const v = viewInEveryOrder([
      changeEvent({ eventId: 'evt-2', phase: 'started', occurredAt: '2026-11-20T10:00:00Z', team: 'two' }),
      changeEvent({ eventId: 'evt-1', phase: 'started', occurredAt: '2026-11-20T10:00:00Z', team: 'one' }),
    ]);
    expect(v.team).toBe('two');
  });

  it('required fields (source, kind, environment) are last-writer-wins too', () => {
    const v = viewInEveryOrder([
      changeEvent({ eventId: 'a', phase: 'started', occurredAt: '2026-11-20T10:05:00Z', kind: 'config' }),
      changeEvent({
        eventId: 'b',
        phase: 'planned',
        occurredAt: '2026-11-20T10:00:00Z',
        kind: 'deploy',
        source: 'spinnaker',
        environment: 'staging',
      }),
    ]);
    expect(v.kind).toBe('config');
    expect(v.source).toBe('argo-cd');
    expect(v.environment).toBe('production');
  });

  it('counts distinct events: a redelivered eventId counts once', () => {
    const a = changeEvent({ eventId: 'a', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' });
    const b = changeEvent({ eventId: 'b', phase: 'progressed', occurredAt: '2026-11-20T10:01:00Z' });
    const c = changeEvent({ eventId: 'c', phase: 'succeeded', occurredAt: '2026-11-20T10:02:00Z' });
    expect(view([a]).eventCount).toBe(1);
    expect(view([a, b, c]).eventCount).toBe(3);
    expect(view([a, b, a, c, redelivered(b), c]).eventCount).toBe(3);
    expect(view([a, b, a, c, redelivered(b), c])).toStrictEqual(view([a, b, c]));
  });

  it('refuses an event of another change', () => {
    const state = fold([changeEvent({ eventId: 'a', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' })]);
    const stranger = changeEvent({
      eventId: 'b',
      phase: 'succeeded',
      occurredAt: '2026-11-20T10:01:00Z',
      changeId: 'another-change',
    });
    expect(() => applyChangeEvent(state, stranger)).toThrow(/another-change/);
    expect(() => applyChangeEvent(state, stranger)).toThrow(new RegExp(CHANGE_ID));
    expect(() =>
      foldChangeEvents([
        changeEvent({ eventId: 'a', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' }),
        stranger,
      ]),
    ).toThrow(/belongs to change/);
  });

  it('maps a folded state to the flat view', () => {
    const v = view([
      changeEvent({
        eventId: 'a',
        phase: 'started',
        occurredAt: '2026-11-20T10:00:00Z',
        cluster: 'eks-a',
        team: 'payments',
        override: { by: 'carol', role: 'incident-commander' },
      }),
    ]);
    expect(v).toStrictEqual({
      changeId: CHANGE_ID,
      source: 'argo-cd',
      kind: 'deploy',
      phase: 'started',
      service: null,
      environment: 'production',
      region: null,
      cluster: 'eks-a',
      team: 'payments',
      actor: null,
      summary: null,
      version: null,
      rollout: null,
      override: { by: 'carol', role: 'incident-commander' },
      isRollback: false,
      isHotfix: false,
      plannedAt: null,
      startedAt: '2026-11-20T10:00:00.000Z',
      finishedAt: null,
      timelineAt: '2026-11-20T10:00:00.000Z',
      lastEventAt: '2026-11-20T10:00:00.000Z',
      eventCount: 1,
    } satisfies ChangeView);
  });
});

describe('phaseRank', () => {
  it('ranks planned < started < progressed < every terminal phase, terminal phases equal', () => {
    expect(phaseRank('planned')).toBeLessThan(phaseRank('started'));
    expect(phaseRank('started')).toBeLessThan(phaseRank('progressed'));
    const terminal = PHASES.filter((p) => TERMINAL_PHASES.has(p));
    expect(terminal.sort()).toEqual(['cancelled', 'failed', 'rolled_back', 'succeeded']);
    for (const p of terminal) {
      expect(phaseRank(p)).toBeGreaterThan(phaseRank('progressed'));
      expect(phaseRank(p)).toBe(phaseRank('succeeded'));
    }
  });
});

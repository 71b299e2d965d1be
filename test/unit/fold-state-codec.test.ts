import fc from 'fast-check';
import type { ChangeEvent } from '../../src/changes/domain/change-event';
import {
  applyChangeEvent,
  foldChangeEvents,
  toChangeView,
  type ChangeState,
} from '../../src/changes/domain/change-state';
import { changeCopyLine } from '../../src/changes/infrastructure/change-row';
import { decodeFoldState, encodeFoldState } from '../../src/changes/infrastructure/fold-state-codec';
import { at, changeEvent, changeEventsArb, changeEventsInTwoOrdersArb } from './support/change-events';

/** What the column held before the compact layout, and what the driver's JSON.parse made of it. */
const legacy = (state: ChangeState): unknown => JSON.parse(JSON.stringify(state));
/** The stored value as the driver returns it (json columns are parsed). */
const stored = (state: ChangeState): unknown => JSON.parse(encodeFoldState(state));

function fold(events: readonly ChangeEvent[]): ChangeState {
  const state = foldChangeEvents(events);
  if (state === undefined) throw new Error('folding a non-empty list gave no state');
  return state;
}

/** Events with text JSON and COPY must escape (quotes, backslashes, tabs, newlines, any code point). */
const awkwardEventsArb = changeEventsArb(8).chain((events) =>
  fc
    .array(fc.string({ unit: 'binary', maxLength: 12 }), {
      minLength: events.length,
      maxLength: events.length,
    })
    .map((texts) => events.map((e, i) => (i % 2 === 0 ? { ...e, summary: `${at(texts, i)}"\\\t\n` } : e))),
);

describe('the stored fold state (fold-state-codec.ts)', () => {
  it('decodes to the state it encoded, as the old JSON encoding did, for every state a fold reaches', () => {
    fc.assert(
      fc.property(fc.oneof(changeEventsArb(8), awkwardEventsArb), (events) => {
        // Every intermediate state, as the projection stores one after each batch.
        let state: ChangeState | undefined;
        for (const event of events) {
          state = applyChangeEvent(state, event);
          expect(decodeFoldState(stored(state))).toStrictEqual(legacy(state));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('merges later events into a decoded state exactly as into the state itself', () => {
    fc.assert(
      fc.property(changeEventsArb(8), (events) => {
        let state: ChangeState | undefined;
        for (const event of events) {
          const restored = state === undefined ? undefined : decodeFoldState(stored(state));
          state = applyChangeEvent(restored, event);
        }
        expect(encodeFoldState(state as ChangeState)).toBe(encodeFoldState(fold(events)));
        expect(toChangeView(state as ChangeState)).toStrictEqual(toChangeView(fold(events)));
      }),
      { numRuns: 300 },
    );
  });

  it('encodes equal states to equal text (the read-model check compares the column as text)', () => {
    fc.assert(
      fc.property(changeEventsInTwoOrdersArb(8), ([events, order]) => {
        expect(encodeFoldState(fold(order))).toBe(encodeFoldState(fold(events)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a fold state stored in the layout before the compact one (rows written by older versions)', () => {
    fc.assert(
      fc.property(changeEventsArb(8), (events) => {
        const state = fold(events);
        const decoded = decodeFoldState(legacy(state));
        expect(decoded).toStrictEqual(legacy(state));
        expect(toChangeView(decoded)).toStrictEqual(toChangeView(state));
        expect(encodeFoldState(decoded)).toBe(encodeFoldState(state));
      }),
      { numRuns: 200 },
    );
  });

  it('reads a row stored by the previous version, verbatim', () => {
    // fold_state of a change row as 0.1.0 wrote it (JSON.stringify of the ChangeState).
    const old = JSON.parse(
      '{"changeId":"c-1","eventCount":2,"phase":{"value":"succeeded","stamp":{"at":1764165660000,"eventId":"e-2"}},' +
        '"source":{"value":"argo-cd","stamp":{"at":1764165660000,"eventId":"e-2"}},' +
        '"kind":{"value":"deploy","stamp":{"at":1764165660000,"eventId":"e-2"}},' +
        '"environment":{"value":"production","stamp":{"at":1764165660000,"eventId":"e-2"}},' +
        '"service":{"value":"checkout","stamp":{"at":1764165600000,"eventId":"e-1"}},' +
        '"actor":{"value":{"type":"human","id":"alice"},"stamp":{"at":1764165660000,"eventId":"e-2"}},' +
        '"startedAt":1764165600000,"firstEventAt":1764165600000,"lastEventAt":1764165660000,' +
        '"isRollback":false,"isHotfix":true}',
    ) as unknown;
    const state = decodeFoldState(old);
    expect(toChangeView(state)).toMatchObject({
      changeId: 'c-1',
      phase: 'succeeded',
      service: 'checkout',
      actor: { type: 'human', id: 'alice' },
      startedAt: '2025-11-26T14:00:00.000Z',
      finishedAt: '2025-11-26T14:01:00.000Z',
      isHotfix: true,
      eventCount: 2,
    });
    expect(decodeFoldState(JSON.parse(encodeFoldState(state)))).toStrictEqual(old);
  });

  it('stores each distinct stamp once: a four-event lifecycle takes under half the bytes of the old layout', () => {
    const id = (n: number) => `0b7f3c2e-9d41-4a8e-b6c5-${n.toString().padStart(12, '0')}`;
    const base = Date.parse('2026-11-20T10:00:00.000Z');
    const full = {
      service: 'checkout',
      region: 'eu-west-1',
      cluster: 'eks-a',
      team: 'payments',
      actor: { type: 'automation' as const, id: 'argo-cd' },
      summary: 'deploy checkout 1.4.2',
      version: { from: '1.4.1', to: '1.4.2' },
    };
    // The plan carries the details, later events only what they must: two stamps in all.
    const events = (['planned', 'started', 'progressed', 'succeeded'] as const).map((phase, i) =>
      changeEvent({
        eventId: id(i),
        phase,
        occurredAt: new Date(base + i * 60_000).toISOString(),
        ...(i === 0 ? full : {}),
      }),
    );
    const state = fold(events);
    const compact = encodeFoldState(state);
    expect(compact.length).toBeLessThan(JSON.stringify(state).length / 2);
    expect(compact.split(id(0)).length - 1).toBe(1);
    expect(compact.split(id(3)).length - 1).toBe(1);
    // In order of first use: the phase (the last event), then the service (the plan).
    expect((JSON.parse(compact) as unknown[])[8]).toEqual([180_000, id(3), 0, id(0)]);
    expect(decodeFoldState(JSON.parse(compact))).toStrictEqual(legacy(state));
  });

  it('refuses what it cannot read rather than guessing', () => {
    const state = stored(
      fold([changeEvent({ eventId: 'e-1', phase: 'started', occurredAt: '2026-11-20T10:00:00Z' })]),
    );
    expect(() => decodeFoldState([3, ...(state as unknown[]).slice(1)])).toThrow(/unknown layout 3/);
    const noStamp = [...(state as unknown[])];
    noStamp[9] = [5, 'started'];
    expect(() => decodeFoldState(noStamp)).toThrow(/stamp 5/);
    const noPhase = [...(state as unknown[])];
    noPhase[9] = null;
    expect(() => decodeFoldState(noPhase)).toThrow(/required register phase/);
    expect(() => decodeFoldState(null)).toThrow(/neither/);
    expect(() => decodeFoldState('[2]')).toThrow(/neither/);
  });

  it('is what changeCopyLine writes into the fold_state column, COPY-escaped', () => {
    const state = fold([
      changeEvent({
        eventId: 'e-1',
        phase: 'started',
        occurredAt: '2026-11-20T10:00:00Z',
        summary: 'a\tb\\c',
      }),
    ]);
    const fields = changeCopyLine(state, 7n, []).slice(0, -1).split('\t');
    // fold_state is the column before steps (CHANGE_COLUMNS).
    expect(fields[fields.length - 2]).toBe(encodeFoldState(state).replace(/\\/g, '\\\\'));
    expect(fields[fields.length - 2]).toContain('"a\\\\tb\\\\\\\\c"');
  });
});

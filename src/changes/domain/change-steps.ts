import type { ChangeEvent } from './change-event';
import { compareStamps, type Stamp } from './change-state';

/**
 * One event of a change past planning, as its rollout history keeps it: when the change reached how far,
 * and where. The timeline row carries them (column `steps`), so a reader that needs a change's rollout (the
 * suspect ranking, for each of hundreds of candidates) gets it with the row instead of reading the events.
 */
export type ChangeStepRecord = Pick<
  ChangeEvent,
  'eventId' | 'phase' | 'occurredAt' | 'region' | 'cluster' | 'rollout' | 'isRollback'
>;

/** The step fields of an event; planned events are not steps. Absent fields stay absent. */
export function changeStepOf(event: ChangeEvent): ChangeStepRecord | undefined {
  if (event.phase === 'planned') return undefined;
  const step: { -readonly [K in keyof ChangeStepRecord]: ChangeStepRecord[K] } = {
    eventId: event.eventId,
    phase: event.phase,
    occurredAt: event.occurredAt,
  };
  if (event.region !== undefined) step.region = event.region;
  if (event.cluster !== undefined) step.cluster = event.cluster;
  if (event.rollout !== undefined) step.rollout = event.rollout;
  if (event.isRollback !== undefined) step.isRollback = event.isRollback;
  return step;
}

/**
 * A change's steps after these new events (the store has already removed duplicates), in the order the
 * fold orders events (occurredAt, then eventId), so every arrival order gives the same list.
 */
export function appendChangeSteps(
  steps: readonly ChangeStepRecord[],
  events: readonly ChangeEvent[],
): ChangeStepRecord[] {
  const added = events.flatMap((e) => changeStepOf(e) ?? []);
  if (added.length === 0) return [...steps];
  const stamp = (s: ChangeStepRecord): Stamp => ({ at: Date.parse(s.occurredAt), eventId: s.eventId });
  return [...steps, ...added].sort((a, b) => compareStamps(stamp(a), stamp(b)));
}

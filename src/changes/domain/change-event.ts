/**
 * The domain's view of a change event. It mirrors contracts/change-event.v1/schema.json through the
 * generated type, so the schema stays the single source of truth for the shape.
 */
export type { ChangeEventV1 as ChangeEvent } from '../../contracts/generated/change-event.v1';
export type ChangePhase = import('../../contracts/generated/change-event.v1').ChangeEventV1['phase'];
export type ChangeKind = import('../../contracts/generated/change-event.v1').ChangeEventV1['kind'];

/** Terminal phases end a change; among them the latest one wins (failed, then rolled_back later). */
export const TERMINAL_PHASES: ReadonlySet<ChangePhase> = new Set<ChangePhase>([
  'succeeded',
  'failed',
  'rolled_back',
  'cancelled',
]);

/**
 * Phase precedence: a change only moves forward, whatever order its events arrive in.
 * A late "started" never overrides "succeeded".
 */
export function phaseRank(phase: ChangePhase): number {
  switch (phase) {
    case 'planned':
      return 0;
    case 'started':
      return 1;
    case 'progressed':
      return 2;
    case 'succeeded':
    case 'failed':
    case 'rolled_back':
    case 'cancelled':
      return 3;
  }
}

import fc from 'fast-check';
import type { ChangeEvent, ChangePhase } from '../../../src/changes/domain/change-event';

/** Every phase of change-event.v1 (a test checks this list against the schema enum). */
export const PHASES = [
  'planned',
  'started',
  'progressed',
  'succeeded',
  'failed',
  'rolled_back',
  'cancelled',
] as const satisfies readonly ChangePhase[];

export const KINDS = [
  'deploy',
  'config',
  'scaling',
  'experiment',
  'feature_flag',
  'infra',
  'database',
  'other',
] as const satisfies readonly ChangeEvent['kind'][];

export const CHANGE_ID = 'argo-cd:checkout:prod:42';

type Required = Pick<ChangeEvent, 'eventId' | 'phase' | 'occurredAt'>;

/** A valid change event of CHANGE_ID with the given id, phase and time, plus any overrides. */
export function changeEvent(fields: Required & Partial<ChangeEvent>): ChangeEvent {
  return {
    changeId: CHANGE_ID,
    source: 'argo-cd',
    kind: 'deploy',
    environment: 'production',
    ...fields,
  };
}

/** The element at `index`, failing loudly instead of yielding undefined. */
export function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no element at index ${index} (length ${items.length})`);
  return item;
}

/** Every ordering of `items` (n! of them: keep n small). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  const result: T[][] = [];
  items.forEach((item, i) => {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) result.push([item, ...tail]);
  });
  return result;
}

const BASE = Date.parse('2026-11-20T10:00:00.000Z');

/**
 * occurredAt as an ISO string with Z: mostly a handful of nearby minutes (so that ties on occurredAt,
 * and so the eventId tie-break, are common), sometimes anything in this century; with or without
 * milliseconds (the same instant can be spelled both ways).
 */
export const occurredAtArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }).map((m) => BASE + m * 60_000) },
      {
        weight: 1,
        arbitrary: fc
          .date({
            min: new Date('2000-01-01T00:00:00Z'),
            max: new Date('2099-12-31T23:59:59Z'),
            noInvalidDate: true,
          })
          .map((d) => d.getTime()),
      },
    ),
    fc.boolean(),
  )
  .map(([ms, dropMillis]) => {
    const iso = new Date(ms).toISOString();
    return dropMillis && iso.endsWith('.000Z') ? iso.replace('.000Z', 'Z') : iso;
  });

const eventIdArb = fc.oneof(fc.uuid(), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,10}$/));
const small = (...values: string[]): fc.Arbitrary<string> => fc.constantFrom(...values);

/** One event of CHANGE_ID with random phase, time and a random subset of the optional fields. */
export const changeEventArb: fc.Arbitrary<ChangeEvent> = fc.record(
  {
    eventId: eventIdArb,
    changeId: fc.constant(CHANGE_ID),
    source: small('argo-cd', 'spinnaker'),
    kind: fc.constantFrom(...KINDS),
    phase: fc.constantFrom(...PHASES),
    occurredAt: occurredAtArb,
    environment: small('production', 'staging'),
    service: small('checkout', 'payments', 'search'),
    region: small('eu-west-1', 'us-east-1'),
    cluster: small('eks-a', 'eks-b'),
    team: small('payments', 'platform'),
    actor: fc.record(
      {
        type: fc.constantFrom('human' as const, 'service' as const, 'automation' as const),
        id: small('alice', 'bob', 'ci-bot'),
        name: small('Alice', 'Bob'),
      },
      { requiredKeys: ['type', 'id'], noNullPrototype: true },
    ),
    summary: small('deploy v1', 'deploy v2', 'roll back'),
    version: fc.oneof(
      fc.record({ from: small('v1', 'v2'), to: small('v2', 'v3') }, { noNullPrototype: true }),
      fc.record({ to: small('v2', 'v3') }, { noNullPrototype: true }),
    ),
    rollout: fc.record(
      {
        stage: small('canary', 'full'),
        batch: fc.integer({ min: 1, max: 4 }),
        totalBatches: fc.constant(4),
        percent: fc.integer({ min: 0, max: 100 }),
      },
      { requiredKeys: ['stage'], noNullPrototype: true },
    ),
    isRollback: fc.boolean(),
    isHotfix: fc.boolean(),
    override: fc.record(
      { by: small('carol'), role: small('incident-commander'), ticket: small('INC-1') },
      { noNullPrototype: true },
    ),
  },
  {
    requiredKeys: ['eventId', 'changeId', 'source', 'kind', 'phase', 'occurredAt', 'environment'],
    // Events come from JSON.parse: plain objects (toStrictEqual compares prototypes).
    noNullPrototype: true,
  },
);

/** 1..maxLength events of one change with distinct eventIds. */
export function changeEventsArb(maxLength = 8): fc.Arbitrary<ChangeEvent[]> {
  return fc.uniqueArray(changeEventArb, { minLength: 1, maxLength, selector: (e) => e.eventId });
}

/** The same event as a redelivery decodes it: an equal but distinct object, fresh from JSON. */
export function redelivered(event: ChangeEvent): ChangeEvent {
  return JSON.parse(JSON.stringify(event)) as ChangeEvent;
}

/** Change events and the same events in another arrival order: for properties that must not depend on it. */
export function changeEventsInTwoOrdersArb(maxLength = 8): fc.Arbitrary<[ChangeEvent[], ChangeEvent[]]> {
  return changeEventsArb(maxLength).chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }),
    ),
  );
}

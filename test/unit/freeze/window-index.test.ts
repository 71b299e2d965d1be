/**
 * The scope index only narrows down which windows are looked at: the windows it finds, and the decisions
 * evaluated with it, are exactly those of testing every window.
 */
import fc from 'fast-check';
import { evaluate, type ChangeToEvaluate } from '../../../src/freeze/domain/evaluator';
import {
  CHANGE_KINDS,
  type FreezeScope,
  type FreezeWindow,
  type ScopeDimension,
} from '../../../src/freeze/domain/freeze-window';
import { matchesScope, type ChangeAttributes } from '../../../src/freeze/domain/scope';
import { FreezeWindowIndex, indexFreezeWindows, indexOf } from '../../../src/freeze/domain/window-index';
import { freezeWindow, once, recurring } from './support/windows';

const HOUR = 3_600_000;

/** Plain values, globs of every kind the scope supports, and values with characters the index treats as globs. */
const PATTERNS: { readonly [D in Exclude<ScopeDimension, 'kinds'>]: readonly string[] } = {
  services: [
    'payments-api',
    'checkout',
    'search',
    'payments-*',
    '*',
    'pay?ents-api',
    '{checkout,search}',
    'check*',
    '*-api',
    '[cs]*',
    'team/checkout',
    'a+b',
  ],
  teams: ['payments', 'core', 'pay*', 'c?re'],
  environments: ['prod', 'staging', 'prod*', 'dev'],
  regions: ['eu-west-1', 'us-east-1', 'eu-*'],
  tiers: ['tier-0', 'tier-1', 'tier-?'],
};

const VALUES = {
  service: [
    'payments-api',
    'payments-worker',
    'checkout',
    'checkout-v2',
    'search',
    'team/checkout',
    'a+b',
    'aab',
  ],
  team: ['payments', 'core', 'cure', 'payroll'],
  environment: ['prod', 'prod-eu', 'staging', 'dev'],
  region: ['eu-west-1', 'eu-central-1', 'us-east-1'],
  kind: CHANGE_KINDS,
  tier: ['tier-0', 'tier-1', 'tier-2', 'tier-10'],
} as const;

const scopeArb: fc.Arbitrary<FreezeScope> = fc.record(
  {
    services: fc.subarray([...PATTERNS.services], { minLength: 1, maxLength: 3 }),
    teams: fc.subarray([...PATTERNS.teams], { minLength: 1, maxLength: 2 }),
    environments: fc.subarray([...PATTERNS.environments], { minLength: 1, maxLength: 2 }),
    regions: fc.subarray([...PATTERNS.regions], { minLength: 1, maxLength: 2 }),
    kinds: fc.subarray([...CHANGE_KINDS], { minLength: 1, maxLength: 3 }),
    tiers: fc.subarray([...PATTERNS.tiers], { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** Attributes, sometimes missing or empty (the index must then skip the windows that restrict them). */
const attribute = (values: readonly string[]) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...values) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant('') },
  );

const attributesArb: fc.Arbitrary<ChangeAttributes> = fc.record({
  service: attribute(VALUES.service),
  team: attribute(VALUES.team),
  environment: attribute(VALUES.environment),
  region: attribute(VALUES.region),
  kind: attribute(VALUES.kind),
  tier: attribute(VALUES.tier),
});

const AT = Date.UTC(2024, 10, 29, 12);

/** A few schedule shapes around AT: running now, later, over, recurring in two zones, open-ended. */
const SCHEDULES = [
  once(new Date(AT - 2 * HOUR).toISOString(), new Date(AT + 3 * HOUR).toISOString()),
  once(new Date(AT + 5 * HOUR).toISOString(), new Date(AT + 30 * HOUR).toISOString()),
  once(new Date(AT - 50 * HOUR).toISOString(), new Date(AT - 20 * HOUR).toISOString()),
  once(new Date(AT - HOUR).toISOString()),
  recurring('0 18 * * 5', 'PT56H', 'Europe/Berlin'),
  recurring('0 9 * * 1-5', 'PT8H', 'America/New_York'),
  recurring('0 1 * * *', 'PT3H', 'America/New_York'),
  recurring('*/30 * * * *', 'PT10M', 'UTC'),
] as const;

const windowArb: fc.Arbitrary<FreezeWindow> = fc
  .record({
    scope: scopeArb,
    kind: fc.constantFrom('deny' as const, 'allow' as const),
    schedule: fc.constantFrom(...SCHEDULES),
    exemptions: fc.subarray(['rollback' as const, 'hotfix' as const]),
    breakGlass: fc.option(fc.constant({ roles: ['sre'], justificationRequired: true }), { nil: undefined }),
    cancelled: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    lifted: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
  })
  .map(({ scope, kind, schedule, exemptions, breakGlass, cancelled, lifted }) =>
    freezeWindow(
      { scope, kind, schedule, exemptions, ...(breakGlass === undefined ? {} : { breakGlass }) },
      { cancelled, ...(lifted ? { liftedAt: new Date(AT - HOUR / 2) } : {}) },
    ),
  );

function scanned(windows: readonly FreezeWindow[], change: ChangeAttributes): FreezeWindow[] {
  return windows.filter((w) => !w.cancelled && matchesScope(w.scope, change));
}

describe('the scope index', () => {
  it('finds exactly the windows whose scope matches, in list order', () => {
    fc.assert(
      fc.property(
        fc.array(windowArb, { maxLength: 40 }),
        fc.array(attributesArb, { minLength: 1, maxLength: 10 }),
        (windows, changes) => {
          const index = new FreezeWindowIndex(windows);
          for (const change of changes) {
            expect({ change, ids: index.applicable(change).map((w) => w.id) }).toEqual({
              change,
              ids: scanned(windows, change).map((w) => w.id),
            });
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same evaluations as testing every window', () => {
    const changeArb: fc.Arbitrary<ChangeToEvaluate> = fc.record({
      service: fc.constantFrom(...VALUES.service),
      environment: fc.constantFrom(...VALUES.environment),
      region: fc.constantFrom(...VALUES.region),
      kind: fc.constantFrom(...VALUES.kind),
      team: fc.option(fc.constantFrom(...VALUES.team), { nil: undefined }),
      tier: fc.option(fc.constantFrom(...VALUES.tier), { nil: undefined }),
      isRollback: fc.boolean(),
      override: fc.option(fc.constant({ by: 'alice', role: 'sre', justification: 'SEV1' }), {
        nil: undefined,
      }),
    });
    fc.assert(
      fc.property(
        fc.array(windowArb, { maxLength: 25 }),
        changeArb,
        fc.integer({ min: -48, max: 48 }),
        (windows, change, hours) => {
          const at = new Date(AT + hours * HOUR);
          const indexed = indexFreezeWindows(windows);
          expect(indexOf(indexed)).toBeDefined();
          expect(evaluate(indexed, change, at)).toEqual(evaluate([...windows], change, at));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is kept for a frozen list only, once per list', () => {
    const windows = [
      freezeWindow({ schedule: once('2024-11-29T00:00:00Z'), scope: { services: ['checkout'] } }),
    ];
    expect(indexOf(windows)).toBeUndefined();
    const indexed = indexFreezeWindows(windows);
    expect(Object.isFrozen(indexed)).toBe(true);
    expect(indexed).toEqual(windows);
    expect(indexFreezeWindows(indexed)).toBe(indexed);
    const index = indexOf(indexed);
    expect(index?.applicable({ service: 'checkout' }).map((w) => w.id)).toEqual([windows[0]?.id]);
    expect(index?.applicable({ service: 'search' })).toEqual([]);
    // The caller's array is left as it was (and unindexed): changing it cannot make the index stale.
    windows.push(freezeWindow({ schedule: once('2024-11-29T00:00:00Z') }));
    expect(indexed).toHaveLength(1);
    expect(indexOf(windows)).toBeUndefined();
  });
});

import type { FreezeWindow } from '../../../src/freeze/domain/freeze-window';
import {
  evaluate,
  type ChangeToEvaluate,
  type FreezeEvaluation,
  type OverrideAuthority,
} from '../../../src/freeze/domain/evaluator';
import { freezeWindow, instant, once, recurring } from './support/windows';

// ---------------------------------------------------------------------------------------------------
// Windows

/** The Black Friday window: weekly from Friday 18:00 Berlin time for 56 h, payments in prod. */
const blackFriday = freezeWindow(
  {
    name: 'Black Friday',
    reason: 'peak traffic',
    schedule: recurring('0 18 * * 5', 'PT56H', 'Europe/Berlin'),
    scope: { services: ['payments-*'], environments: ['prod'] },
    exemptions: ['rollback'],
    breakGlass: { roles: ['incident-commander'], justificationRequired: true },
  },
  { id: 'bf' },
);
const liftedBlackFriday = { ...blackFriday, id: 'bf-lifted', liftedAt: instant('2024-11-30T10:00Z') };
const cancelledBlackFriday = { ...blackFriday, id: 'bf-cancelled', cancelled: true };

const paymentsMaintenance = freezeWindow(
  {
    name: 'Payments DB maintenance',
    reason: 'schema migration',
    schedule: once('2024-11-30T00:00:00Z', '2024-12-01T00:00:00Z'),
    scope: { services: ['payments-api'] },
  },
  { id: 'maint' },
);

const relaxedBreakGlass = freezeWindow(
  {
    name: 'Quarter close',
    reason: 'finance close',
    schedule: once('2024-09-30T00:00:00Z', '2024-10-02T00:00:00Z'),
    exemptions: ['hotfix'],
    breakGlass: { roles: ['sre'], justificationRequired: false },
  },
  { id: 'qc' },
);

/** A nightly 01:00–04:00 (local) freeze in each zone; London's runs 00:00–03:00 so it straddles its 01:00 change. */
const nightly = (id: string, zone: string, cron = '0 1 * * *'): FreezeWindow =>
  freezeWindow(
    { name: `Nightly ${zone}`, reason: 'batch jobs', schedule: recurring(cron, 'PT3H', zone) },
    { id },
  );
const newYork = nightly('ny', 'America/New_York');
const chicago = nightly('chi', 'America/Chicago');
const losAngeles = nightly('la', 'America/Los_Angeles');
const berlin = nightly('ber', 'Europe/Berlin');
const london = nightly('lon', 'Europe/London', '0 0 * * *');

const businessHours = freezeWindow(
  {
    name: 'Business hours',
    reason: 'deploy only when staffed',
    kind: 'allow',
    schedule: recurring('0 9 * * 1-5', 'PT8H', 'Europe/London'),
    scope: { services: ['checkout'], environments: ['prod'] },
  },
  { id: 'bh' },
);
const checkoutFreeze = (id: string, start: string, end: string) =>
  freezeWindow(
    {
      name: `Checkout freeze ${id}`,
      reason: 'launch',
      schedule: once(start, end),
      scope: { services: ['checkout'] },
    },
    { id },
  );

const nightDeploys = freezeWindow(
  {
    name: 'Night deploys',
    reason: 'batch changes only at night',
    kind: 'allow',
    schedule: recurring('0 22 * * *', 'PT4H', 'UTC'),
    scope: { services: ['batch-*'] },
    exemptions: ['rollback'],
    breakGlass: { roles: ['sre'], justificationRequired: true },
  },
  { id: 'night' },
);
const weekendDeploys = freezeWindow(
  {
    name: 'Weekend deploys',
    reason: 'batch changes at weekends',
    kind: 'allow',
    schedule: recurring('0 8 * * 6', 'PT10H', 'UTC'),
    scope: { services: ['batch-*'] },
  },
  { id: 'weekend' },
);

const monthEnd = freezeWindow(
  {
    name: 'Month-end billing',
    reason: 'invoices',
    schedule: recurring('0 20 31 * *', 'PT6H', 'Europe/Berlin'),
  },
  { id: 'month-end' },
);

// ---------------------------------------------------------------------------------------------------
// Changes

const payments: ChangeToEvaluate = {
  service: 'payments-api',
  environment: 'prod',
  region: 'eu-west-1',
  kind: 'deploy',
};
const checkout: ChangeToEvaluate = { ...payments, service: 'checkout' };
const batch: ChangeToEvaluate = { ...payments, service: 'batch-reports' };
const anyChange: ChangeToEvaluate = { ...payments, service: 'search' };
/** Alice's own key holds the role: the authority the caller verified. */
const HELD_BY_CALLER: OverrideAuthority = { authorised: true, grantedBy: 'alice', usedBy: 'alice' };
/** `null`: the override only names its role (no authority verified). */
const override = (
  role: string,
  justification?: string,
  authority: OverrideAuthority | null = HELD_BY_CALLER,
) => ({
  override: {
    by: 'alice',
    role,
    ticket: 'INC-42',
    ...(justification === undefined ? {} : { justification }),
    ...(authority === null ? {} : { authority }),
  },
});

interface Expected {
  decision: FreezeEvaluation['decision'];
  /** `id start..end` of each listed window. */
  windows: string[];
  allowedAfter?: string;
  reason?: RegExp;
}

type Row = [string, FreezeWindow[], ChangeToEvaluate, string, Expected];

const BF_2024 = 'bf 2024-11-29T17:00:00.000Z..2024-12-02T01:00:00.000Z';
const BF_END = '2024-12-02T01:00:00.000Z';

const rows: Row[] = [
  // Black Friday: boundaries, scope, exemptions and break-glass.
  [
    'Black Friday: frozen inside',
    [blackFriday],
    payments,
    '2024-11-30T12:00Z',
    { decision: 'deny', windows: [BF_2024], allowedAfter: BF_END, reason: /"Black Friday" \(peak traffic\)/ },
  ],
  [
    'Black Friday: frozen at exactly the start',
    [blackFriday],
    payments,
    '2024-11-29T17:00:00.000Z',
    { decision: 'deny', windows: [BF_2024], allowedAfter: BF_END },
  ],
  [
    'Black Friday: open 1 ms before the start',
    [blackFriday],
    payments,
    '2024-11-29T16:59:59.999Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'Black Friday: frozen 1 ms before the end',
    [blackFriday],
    payments,
    '2024-12-02T00:59:59.999Z',
    { decision: 'deny', windows: [BF_2024], allowedAfter: BF_END },
  ],
  [
    'Black Friday: open at exactly the end',
    [blackFriday],
    payments,
    BF_END,
    { decision: 'allow', windows: [], reason: /No freeze window/ },
  ],
  [
    'glob scope: payments-* does not cover checkout',
    [blackFriday],
    checkout,
    '2024-11-30T12:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'glob scope: another payments-* service',
    [blackFriday],
    { ...payments, service: 'payments-ledger' },
    '2024-11-30T12:00Z',
    { decision: 'deny', windows: [BF_2024], allowedAfter: BF_END },
  ],
  [
    'scope: staging is not frozen',
    [blackFriday],
    { ...payments, environment: 'staging' },
    '2024-11-30T12:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'exemption: a rollback passes with a warning',
    [blackFriday],
    { ...payments, isRollback: true },
    '2024-11-30T12:00Z',
    { decision: 'warn', windows: [BF_2024], allowedAfter: BF_END, reason: /exempts rollback/ },
  ],
  [
    'exemption: a hotfix is not exempt from Black Friday',
    [blackFriday],
    { ...payments, isHotfix: true },
    '2024-11-30T12:00Z',
    { decision: 'deny', windows: [BF_2024], allowedAfter: BF_END, reason: /not a rollback/ },
  ],
  [
    'break-glass: allowed role with justification',
    [blackFriday],
    { ...payments, ...override('incident-commander', 'SEV1 fix') },
    '2024-11-30T12:00Z',
    {
      decision: 'warn',
      windows: [BF_2024],
      allowedAfter: BF_END,
      reason: /break-glass override by alice as incident-commander, ticket INC-42/,
    },
  ],
  [
    'break-glass: allowed role and justification, but only named (authority not verified)',
    [blackFriday],
    { ...payments, ...override('incident-commander', 'SEV1 fix', null) },
    '2024-11-30T12:00Z',
    {
      decision: 'deny',
      windows: [BF_2024],
      allowedAfter: BF_END,
      reason: /override not authorised: its authority was not verified/,
    },
  ],
  [
    'break-glass: allowed role and justification, refused authority',
    [blackFriday],
    {
      ...payments,
      ...override('incident-commander', 'SEV1 fix', {
        authorised: false,
        why: 'API key "argo" does not hold it',
      }),
    },
    '2024-11-30T12:00Z',
    {
      decision: 'deny',
      windows: [BF_2024],
      allowedAfter: BF_END,
      reason: /override not authorised: API key "argo" does not hold it/,
    },
  ],
  [
    'break-glass: a grant issued by a role holder, used by another key',
    [blackFriday],
    {
      ...payments,
      ...override('incident-commander', 'SEV1 fix', {
        authorised: true,
        grantedBy: 'ic-bob',
        usedBy: 'argo',
        grantId: 'g-1',
      }),
    },
    '2024-11-30T12:00Z',
    {
      decision: 'warn',
      windows: [BF_2024],
      allowedAfter: BF_END,
      reason:
        /break-glass override by alice as incident-commander, granted by ic-bob \(grant g-1\), ticket INC-42/,
    },
  ],
  [
    'break-glass: allowed role without justification',
    [blackFriday],
    { ...payments, ...override('incident-commander') },
    '2024-11-30T12:00Z',
    { decision: 'deny', windows: [BF_2024], allowedAfter: BF_END, reason: /requires a justification/ },
  ],
  [
    'break-glass: blank justification',
    [blackFriday],
    { ...payments, ...override('incident-commander', '   ') },
    '2024-11-30T12:00Z',
    { decision: 'deny', windows: [BF_2024], allowedAfter: BF_END, reason: /requires a justification/ },
  ],
  [
    'break-glass: wrong role',
    [blackFriday],
    { ...payments, ...override('developer', 'please') },
    '2024-11-30T12:00Z',
    {
      decision: 'deny',
      windows: [BF_2024],
      allowedAfter: BF_END,
      reason: /role "developer" may not override/,
    },
  ],
  [
    'break-glass: justification not required',
    [relaxedBreakGlass],
    { ...anyChange, ...override('sre') },
    '2024-10-01T00:00Z',
    {
      decision: 'warn',
      windows: ['qc 2024-09-30T00:00:00.000Z..2024-10-02T00:00:00.000Z'],
      allowedAfter: '2024-10-02T00:00:00.000Z',
    },
  ],
  [
    'break-glass: a window without break-glass',
    [paymentsMaintenance],
    { ...payments, ...override('incident-commander', 'SEV1') },
    '2024-11-30T12:00Z',
    {
      decision: 'deny',
      windows: ['maint 2024-11-30T00:00:00.000Z..2024-12-01T00:00:00.000Z'],
      allowedAfter: '2024-12-01T00:00:00.000Z',
      reason: /allows no break-glass/,
    },
  ],
  [
    'exemption: hotfix-only window denies a rollback',
    [relaxedBreakGlass],
    { ...anyChange, isRollback: true },
    '2024-10-01T00:00Z',
    {
      decision: 'deny',
      windows: ['qc 2024-09-30T00:00:00.000Z..2024-10-02T00:00:00.000Z'],
      allowedAfter: '2024-10-02T00:00:00.000Z',
    },
  ],
  // Several deny windows: every active one must let the change through.
  [
    'two deny windows: only one exempts the rollback',
    [blackFriday, paymentsMaintenance],
    { ...payments, isRollback: true },
    '2024-11-30T12:00Z',
    {
      decision: 'deny',
      windows: [BF_2024, 'maint 2024-11-30T00:00:00.000Z..2024-12-01T00:00:00.000Z'],
      allowedAfter: BF_END,
      reason: /^Denied by freeze window "Payments DB maintenance"/,
    },
  ],
  [
    'two deny windows: both let the override through',
    [blackFriday, liftedBlackFriday],
    { ...payments, ...override('incident-commander', 'SEV1') },
    '2024-11-30T09:00Z',
    {
      decision: 'warn',
      windows: [BF_2024, 'bf-lifted 2024-11-29T17:00:00.000Z..2024-11-30T10:00:00.000Z'],
      allowedAfter: BF_END,
    },
  ],
  // Lifted, cancelled, expired, "freeze now".
  [
    'lifted: frozen until the lift',
    [liftedBlackFriday],
    payments,
    '2024-11-30T09:59:59.999Z',
    {
      decision: 'deny',
      windows: ['bf-lifted 2024-11-29T17:00:00.000Z..2024-11-30T10:00:00.000Z'],
      allowedAfter: '2024-11-30T10:00:00.000Z',
    },
  ],
  [
    'lifted: open from the lift',
    [liftedBlackFriday],
    payments,
    '2024-11-30T10:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'lifted: later occurrences never start',
    [liftedBlackFriday],
    payments,
    '2024-12-07T12:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'cancelled: never applies',
    [cancelledBlackFriday],
    payments,
    '2024-11-30T12:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'expired one-off window',
    [checkoutFreeze('old', '2024-01-01T00:00:00Z', '2024-01-02T00:00:00Z')],
    checkout,
    '2024-06-01T00:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'freeze now: no allowedAfter while not lifted',
    [
      freezeWindow(
        { name: 'Incident', reason: 'SEV1 ongoing', schedule: once('2024-06-01T08:00:00Z') },
        { id: 'now' },
      ),
    ],
    anyChange,
    '2024-06-01T09:00Z',
    { decision: 'deny', windows: ['now 2024-06-01T08:00:00.000Z..open'], reason: /until lifted/ },
  ],
  [
    'allowedAfter within 31 days, to the millisecond',
    [checkoutFreeze('long', '2023-12-01T00:00:00Z', '2024-02-01T00:00:00Z')],
    checkout,
    '2024-01-01T00:00Z',
    {
      decision: 'deny',
      windows: ['long 2023-12-01T00:00:00.000Z..2024-02-01T00:00:00.000Z'],
      allowedAfter: '2024-02-01T00:00:00.000Z',
    },
  ],
  [
    'allowedAfter absent beyond 31 days',
    [checkoutFreeze('long', '2023-12-01T00:00:00Z', '2024-02-01T00:00:00.001Z')],
    checkout,
    '2024-01-01T00:00Z',
    { decision: 'deny', windows: ['long 2023-12-01T00:00:00.000Z..2024-02-01T00:00:00.001Z'] },
  ],
  [
    'back-to-back deny windows: allowed after the second',
    [
      checkoutFreeze('a', '2024-04-01T10:00:00Z', '2024-04-01T12:00:00Z'),
      checkoutFreeze('b', '2024-04-01T12:00:00Z', '2024-04-01T14:00:00Z'),
    ],
    checkout,
    '2024-04-01T11:00Z',
    {
      decision: 'deny',
      windows: ['a 2024-04-01T10:00:00.000Z..2024-04-01T12:00:00.000Z'],
      allowedAfter: '2024-04-01T14:00:00.000Z',
    },
  ],
  // Allow windows, and allow overlapping deny.
  [
    'allow window: inside (London business hours, BST)',
    [businessHours],
    checkout,
    '2024-04-01T08:00Z',
    {
      decision: 'allow',
      windows: ['bh 2024-04-01T08:00:00.000Z..2024-04-01T16:00:00.000Z'],
      reason: /Inside allowed window "Business hours"/,
    },
  ],
  [
    'allow window: outside, reopens after the weekend and the spring-forward',
    [businessHours],
    checkout,
    '2024-03-29T17:30Z',
    {
      decision: 'deny',
      windows: ['bh 2024-04-01T08:00:00.000Z..2024-04-01T16:00:00.000Z'],
      allowedAfter: '2024-04-01T08:00:00.000Z',
      reason: /outside allowed window "Business hours"/,
    },
  ],
  [
    'allow window: at exactly its end',
    [businessHours],
    checkout,
    '2024-03-25T17:00Z',
    {
      decision: 'deny',
      windows: ['bh 2024-03-26T09:00:00.000Z..2024-03-26T17:00:00.000Z'],
      allowedAfter: '2024-03-26T09:00:00.000Z',
    },
  ],
  [
    'allow window: does not restrict changes outside its scope',
    [businessHours],
    anyChange,
    '2024-03-29T17:30Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'overlap: deny beats an active allow window',
    [businessHours, checkoutFreeze('launch', '2024-04-01T10:00:00Z', '2024-04-01T12:00:00Z')],
    checkout,
    '2024-04-01T11:00Z',
    {
      decision: 'deny',
      windows: ['launch 2024-04-01T10:00:00.000Z..2024-04-01T12:00:00.000Z'],
      allowedAfter: '2024-04-01T12:00:00.000Z',
    },
  ],
  [
    'overlap: deny ends after the allow window closed → next allow window',
    [businessHours, checkoutFreeze('late', '2024-04-01T15:00:00Z', '2024-04-01T18:00:00Z')],
    checkout,
    '2024-04-01T15:30Z',
    {
      decision: 'deny',
      windows: ['late 2024-04-01T15:00:00.000Z..2024-04-01T18:00:00.000Z'],
      allowedAfter: '2024-04-02T08:00:00.000Z',
    },
  ],
  [
    'overlap: allowed once the deny window ends inside the allow window',
    [businessHours, checkoutFreeze('launch', '2024-04-01T10:00:00Z', '2024-04-01T12:00:00Z')],
    checkout,
    '2024-04-01T12:00Z',
    { decision: 'allow', windows: ['bh 2024-04-01T08:00:00.000Z..2024-04-01T16:00:00.000Z'] },
  ],
  [
    'allow window across midnight: inside after midnight',
    [nightDeploys],
    batch,
    '2024-05-02T01:00Z',
    { decision: 'allow', windows: ['night 2024-05-01T22:00:00.000Z..2024-05-02T02:00:00.000Z'] },
  ],
  [
    'allow window across midnight: closed at its end',
    [nightDeploys],
    batch,
    '2024-05-02T02:00Z',
    {
      decision: 'deny',
      windows: ['night 2024-05-02T22:00:00.000Z..2024-05-03T02:00:00.000Z'],
      allowedAfter: '2024-05-02T22:00:00.000Z',
    },
  ],
  [
    'two allow windows: the earlier to open decides allowedAfter',
    [nightDeploys, weekendDeploys],
    batch,
    '2024-05-03T12:00Z',
    {
      decision: 'deny',
      windows: [
        'night 2024-05-03T22:00:00.000Z..2024-05-04T02:00:00.000Z',
        'weekend 2024-05-04T08:00:00.000Z..2024-05-04T18:00:00.000Z',
      ],
      allowedAfter: '2024-05-03T22:00:00.000Z',
    },
  ],
  [
    'two allow windows: one active is enough',
    [nightDeploys, weekendDeploys],
    batch,
    '2024-05-04T09:00Z',
    { decision: 'allow', windows: ['weekend 2024-05-04T08:00:00.000Z..2024-05-04T18:00:00.000Z'] },
  ],
  [
    'outside allow window: the window exempts rollbacks',
    [nightDeploys],
    { ...batch, isRollback: true },
    '2024-05-02T12:00Z',
    {
      decision: 'warn',
      windows: ['night 2024-05-02T22:00:00.000Z..2024-05-03T02:00:00.000Z'],
      allowedAfter: '2024-05-02T22:00:00.000Z',
    },
  ],
  [
    'outside allow window: break-glass of the allow window',
    [nightDeploys],
    { ...batch, ...override('sre', 'customer outage') },
    '2024-05-02T12:00Z',
    {
      decision: 'warn',
      windows: ['night 2024-05-02T22:00:00.000Z..2024-05-03T02:00:00.000Z'],
      allowedAfter: '2024-05-02T22:00:00.000Z',
    },
  ],
  [
    'outside two allow windows: the rollback must pass both',
    [nightDeploys, weekendDeploys],
    { ...batch, isRollback: true },
    '2024-05-03T12:00Z',
    {
      decision: 'deny',
      windows: [
        'night 2024-05-03T22:00:00.000Z..2024-05-04T02:00:00.000Z',
        'weekend 2024-05-04T08:00:00.000Z..2024-05-04T18:00:00.000Z',
      ],
      allowedAfter: '2024-05-03T22:00:00.000Z',
      reason: /Weekend deploys: it has no exemptions/,
    },
  ],
  [
    'month end: a window on the 31st still running on the 1st',
    [monthEnd],
    anyChange,
    '2024-02-01T00:30Z',
    {
      decision: 'deny',
      windows: ['month-end 2024-01-31T19:00:00.000Z..2024-02-01T01:00:00.000Z'],
      allowedAfter: '2024-02-01T01:00:00.000Z',
    },
  ],
  [
    'month end: skips months without a 31st',
    [monthEnd],
    anyChange,
    '2024-04-30T20:00Z',
    { decision: 'allow', windows: [] },
  ],
];

// Daylight saving: the nightly 01:00–04:00 freeze ends at 04:00 local on both change days, in three zones
// of America and two of Europe. Rows: window, instant, expected occurrence, expected decision.
const dstRows: Row[] = [
  [
    'New York spring-forward: frozen until 04:00 EDT',
    [newYork],
    anyChange,
    '2024-03-10T07:59:59.999Z',
    {
      decision: 'deny',
      windows: ['ny 2024-03-10T06:00:00.000Z..2024-03-10T08:00:00.000Z'],
      allowedAfter: '2024-03-10T08:00:00.000Z',
    },
  ],
  [
    'New York spring-forward: open at 04:00 EDT',
    [newYork],
    anyChange,
    '2024-03-10T08:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'New York fall-back: frozen in the repeated hour',
    [newYork],
    anyChange,
    '2024-11-03T06:30Z',
    {
      decision: 'deny',
      windows: ['ny 2024-11-03T05:00:00.000Z..2024-11-03T09:00:00.000Z'],
      allowedAfter: '2024-11-03T09:00:00.000Z',
    },
  ],
  [
    'New York fall-back: open at 04:00 EST',
    [newYork],
    anyChange,
    '2024-11-03T09:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'Chicago spring-forward',
    [chicago],
    anyChange,
    '2024-03-10T08:59Z',
    {
      decision: 'deny',
      windows: ['chi 2024-03-10T07:00:00.000Z..2024-03-10T09:00:00.000Z'],
      allowedAfter: '2024-03-10T09:00:00.000Z',
    },
  ],
  [
    'Chicago fall-back',
    [chicago],
    anyChange,
    '2024-11-03T09:59Z',
    {
      decision: 'deny',
      windows: ['chi 2024-11-03T06:00:00.000Z..2024-11-03T10:00:00.000Z'],
      allowedAfter: '2024-11-03T10:00:00.000Z',
    },
  ],
  [
    'Los Angeles spring-forward',
    [losAngeles],
    anyChange,
    '2024-03-10T10:59Z',
    {
      decision: 'deny',
      windows: ['la 2024-03-10T09:00:00.000Z..2024-03-10T11:00:00.000Z'],
      allowedAfter: '2024-03-10T11:00:00.000Z',
    },
  ],
  [
    'Los Angeles fall-back',
    [losAngeles],
    anyChange,
    '2024-11-03T11:59Z',
    {
      decision: 'deny',
      windows: ['la 2024-11-03T08:00:00.000Z..2024-11-03T12:00:00.000Z'],
      allowedAfter: '2024-11-03T12:00:00.000Z',
    },
  ],
  [
    'Los Angeles spring-forward: not frozen before 01:00 PST',
    [losAngeles],
    anyChange,
    '2024-03-10T08:59Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'Berlin spring-forward: frozen until 04:00 CEST',
    [berlin],
    anyChange,
    '2024-03-31T01:59Z',
    {
      decision: 'deny',
      windows: ['ber 2024-03-31T00:00:00.000Z..2024-03-31T02:00:00.000Z'],
      allowedAfter: '2024-03-31T02:00:00.000Z',
    },
  ],
  [
    'Berlin spring-forward: open at 04:00 CEST',
    [berlin],
    anyChange,
    '2024-03-31T02:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'Berlin fall-back: frozen until 04:00 CET',
    [berlin],
    anyChange,
    '2024-10-27T02:59Z',
    {
      decision: 'deny',
      windows: ['ber 2024-10-26T23:00:00.000Z..2024-10-27T03:00:00.000Z'],
      allowedAfter: '2024-10-27T03:00:00.000Z',
    },
  ],
  [
    'Berlin fall-back: frozen from 01:00 CEST (the day before in UTC)',
    [berlin],
    anyChange,
    '2024-10-26T23:00Z',
    {
      decision: 'deny',
      windows: ['ber 2024-10-26T23:00:00.000Z..2024-10-27T03:00:00.000Z'],
      allowedAfter: '2024-10-27T03:00:00.000Z',
    },
  ],
  [
    'London spring-forward: frozen until 03:00 BST',
    [london],
    anyChange,
    '2024-03-31T01:59Z',
    {
      decision: 'deny',
      windows: ['lon 2024-03-31T00:00:00.000Z..2024-03-31T02:00:00.000Z'],
      allowedAfter: '2024-03-31T02:00:00.000Z',
    },
  ],
  [
    'London fall-back: frozen until 03:00 GMT',
    [london],
    anyChange,
    '2024-10-27T02:59Z',
    {
      decision: 'deny',
      windows: ['lon 2024-10-26T23:00:00.000Z..2024-10-27T03:00:00.000Z'],
      allowedAfter: '2024-10-27T03:00:00.000Z',
    },
  ],
  [
    'London fall-back: open at 03:00 GMT',
    [london],
    anyChange,
    '2024-10-27T03:00Z',
    { decision: 'allow', windows: [] },
  ],
  [
    'three American zones at once: allowed when the last one opens',
    [newYork, chicago, losAngeles],
    anyChange,
    '2024-11-03T06:30Z',
    {
      decision: 'deny',
      windows: [
        'ny 2024-11-03T05:00:00.000Z..2024-11-03T09:00:00.000Z',
        'chi 2024-11-03T06:00:00.000Z..2024-11-03T10:00:00.000Z',
      ],
      allowedAfter: '2024-11-03T12:00:00.000Z',
    },
  ],
];

const describeWindow = (w: FreezeEvaluation['windows'][number]) =>
  `${w.id} ${w.occurrenceStart?.toISOString() ?? 'none'}..${w.occurrenceEnd?.toISOString() ?? 'open'}`;

describe('evaluate', () => {
  it.each([...rows, ...dstRows])('%s', (_name, windows, change, at, expected) => {
    const result = evaluate(windows, change, instant(at));
    expect({
      decision: result.decision,
      windows: result.windows.map(describeWindow),
      allowedAfter: result.allowedAfter?.toISOString(),
    }).toEqual({
      decision: expected.decision,
      windows: expected.windows,
      allowedAfter: expected.allowedAfter,
    });
    if (expected.reason) expect(result.reason).toMatch(expected.reason);
    // Reasons name every window they list.
    for (const w of result.windows) expect(result.reason).toContain(`"${w.name}"`);
    // allowedAfter is the first allowed instant: allowed there, not allowed just before.
    if (result.allowedAfter) {
      expect(evaluate(windows, change, result.allowedAfter).decision).toBe('allow');
      expect(evaluate(windows, change, new Date(result.allowedAfter.getTime() - 1)).decision).not.toBe(
        'allow',
      );
    }
  });

  it('returns the documented response shape', () => {
    const { reason, ...rest } = evaluate([blackFriday], payments, instant('2024-11-30T12:00Z'));
    expect(reason).toBe(
      'Denied by freeze window "Black Friday" (peak traffic) until 2024-12-02T01:00:00.000Z: ' +
        'not a rollback, and no break-glass override. Allowed from 2024-12-02T01:00:00.000Z.',
    );
    expect(rest).toEqual({
      decision: 'deny',
      windows: [
        {
          id: 'bf',
          name: 'Black Friday',
          kind: 'deny',
          occurrenceStart: instant('2024-11-29T17:00:00Z'),
          occurrenceEnd: instant('2024-12-02T01:00:00Z'),
        },
      ],
      allowedAfter: instant('2024-12-02T01:00:00Z'),
    });
  });

  it('finds allowedAfter behind a month of back-to-back occurrences quickly', () => {
    const continuous = freezeWindow(
      {
        name: 'Migration',
        reason: 'datacentre move',
        schedule: recurring('*/5 * * * *', 'PT10M', 'Europe/Berlin', { validUntil: '2024-05-30T00:00:00Z' }),
      },
      { id: 'dc' },
    );
    const started = performance.now();
    const result = evaluate([continuous], anyChange, instant('2024-05-01T00:00Z'));
    expect(performance.now() - started).toBeLessThan(2000);
    // The last occurrence starts 2024-05-29T23:55Z and ends ten minutes later.
    expect(result.allowedAfter?.toISOString()).toBe('2024-05-30T00:05:00.000Z');
    expect(evaluate([continuous], anyChange, instant('2024-05-01T00:00Z')).decision).toBe('deny');
  });

  it('refuses an invalid instant', () => {
    expect(() => evaluate([blackFriday], payments, new Date('not a date'))).toThrow(RangeError);
    expect(() => evaluate([], payments, new Date('0050-01-01T00:00:00Z'))).toThrow(RangeError);
  });
});

describe('evaluator edge cases', () => {
  const anyChangeHere: ChangeToEvaluate = {
    service: 'checkout',
    environment: 'prod',
    region: 'eu',
    kind: 'deploy',
  };

  it('says "until lifted" once for a freeze without end', () => {
    const incident = freezeWindow({
      name: 'Incident',
      reason: 'SEV1',
      schedule: once('2024-06-01T08:00:00Z'),
    });
    const { reason } = evaluate([incident], anyChangeHere, instant('2024-06-01T09:00:00Z'));
    expect(reason).toContain('until lifted');
    expect(reason).not.toContain('until until');
  });

  it('answers near the end of the supported range instead of failing on the allowedAfter horizon', () => {
    const late = freezeWindow({
      name: 'Late',
      reason: 'far future',
      schedule: once('2499-12-20T00:00:00Z', '2499-12-25T00:00:00Z'),
    });
    const result = evaluate([late], anyChangeHere, instant('2499-12-21T00:00:00Z'));
    expect(result.decision).toBe('deny');
    expect(result.allowedAfter?.toISOString()).toBe('2499-12-25T00:00:00.000Z');
  });
});

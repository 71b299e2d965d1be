import {
  checkStartedChange,
  freezeCheckEventId,
  freezeCheckEventType,
  type StartedChange,
} from '../../../src/freeze/domain/freeze-check';
import { freezeWindow, instant, once } from './support/windows';

const DETECTED = instant('2026-03-01T12:00:05Z');
/** The publishing key held the role itself. */
const HELD_BY_PUBLISHER = { authorised: true, grantedBy: 'ic-alice', usedBy: 'ic-alice' } as const;

const change = (fields: Partial<StartedChange> = {}): StartedChange => ({
  changeId: 'c-1',
  service: 'payments-api',
  environment: 'prod',
  region: 'eu-west-1',
  team: 'payments',
  kind: 'deploy',
  isRollback: false,
  isHotfix: false,
  override: null,
  startedAt: '2026-03-01T12:00:00.000Z',
  ...fields,
});

const freeze = freezeWindow(
  {
    name: 'Quarter close',
    schedule: once('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'),
    scope: { services: ['payments-*'], environments: ['prod'] },
    exemptions: ['rollback'],
    breakGlass: { roles: ['incident-commander'], justificationRequired: true },
  },
  { id: 'w-close' },
);
const hotfixFreeze = freezeWindow(
  {
    name: 'Hotfixes only',
    schedule: once('2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z'),
    exemptions: ['hotfix'],
  },
  { id: 'w-hotfix' },
);

describe('freeze check of a started change', () => {
  it('is a violation when a matching deny window is active at the start, with the deciding occurrence', () => {
    const check = checkStartedChange([freeze], change(), DETECTED);
    expect(check).toMatchObject({
      changeId: 'c-1',
      outcome: 'violation',
      decision: 'deny',
      startedAt: '2026-03-01T12:00:00.000Z',
      detectedAt: '2026-03-01T12:00:05.000Z',
      change: { service: 'payments-api', environment: 'prod', kind: 'deploy', override: null },
      windows: [
        {
          id: 'w-close',
          name: 'Quarter close',
          kind: 'deny',
          occurrenceStart: '2026-03-01T00:00:00.000Z',
          occurrenceEnd: '2026-03-02T00:00:00.000Z',
        },
      ],
    });
    expect(check?.reason).toContain('Quarter close');
    expect(check && freezeCheckEventType(check)).toBe('FreezeViolationDetected');
  });

  it.each([
    ['a change that has not started', { startedAt: null }],
    ['a start before the window', { startedAt: '2026-02-28T23:59:59.999Z' }],
    ['a start at the exact end (half-open)', { startedAt: '2026-03-02T00:00:00.000Z' }],
    ['another environment', { environment: 'staging' }],
    ['a service the scope does not list', { service: 'checkout' }],
    ['a change without a service, when the scope lists services', { service: null }],
  ])('is nothing for %s', (_what, fields: Partial<StartedChange>) => {
    expect(checkStartedChange([freeze], change(fields), DETECTED)).toBeUndefined();
  });

  it('is nothing when there are no windows', () => {
    expect(checkStartedChange([], change(), DETECTED)).toBeUndefined();
  });

  it('counts the exact start instant as frozen', () => {
    expect(
      checkStartedChange([freeze], change({ startedAt: '2026-03-01T00:00:00.000Z' }), DETECTED)?.outcome,
    ).toBe('violation');
  });

  it('is exempt for a rollback the window exempts', () => {
    const check = checkStartedChange([freeze], change({ isRollback: true }), DETECTED);
    expect(check).toMatchObject({ outcome: 'exempt', decision: 'warn' });
    expect(check && freezeCheckEventType(check)).toBe('FreezeViolationExcused');
  });

  it('is overridden for a break-glass override by an allowed role with a justification, backed by a grant', () => {
    const override = {
      by: 'alice',
      role: 'incident-commander',
      justification: 'payments down',
      ticket: 'INC-1',
      grantId: 'g-1',
    };
    const authority = { authorised: true, grantedBy: 'ic-bob', usedBy: 'argo', grantId: 'g-1' } as const;
    const check = checkStartedChange([freeze], change({ override: { ...override, authority } }), DETECTED);
    expect(check).toMatchObject({
      outcome: 'overridden',
      decision: 'warn',
      change: { override: { ...override, authorised: true, grantedBy: 'ic-bob', usedBy: 'argo' } },
    });
    expect(check?.change.override).not.toHaveProperty('authority');
  });

  it('is a violation for an override that only names an allowed role, saying why', () => {
    const override = { by: 'mallory', role: 'incident-commander', justification: 'trust me' };
    const refused = {
      authorised: false,
      why: 'role "incident-commander" is only named: no key holding it published the event, and no override grant is referenced',
    } as const;
    for (const authority of [undefined, refused]) {
      const check = checkStartedChange([freeze], change({ override: { ...override, authority } }), DETECTED);
      expect(check).toMatchObject({
        outcome: 'violation',
        decision: 'deny',
        change: { override: { ...override, authorised: false, grantedBy: null, usedBy: null } },
      });
      expect(check?.reason).toContain('override not authorised: ');
    }
    expect(
      checkStartedChange([freeze], change({ override: { ...override, authority: refused } }), DETECTED)
        ?.reason,
    ).toContain('is only named: no key holding it published the event');
  });

  it.each([
    ['without justification', { by: 'alice', role: 'incident-commander' }],
    ['with a blank justification', { by: 'alice', role: 'incident-commander', justification: '  ' }],
    ['by a role the window does not allow', { by: 'eve', role: 'developer', justification: 'hurry' }],
  ])('is a violation for an override %s, even with authority', (_what, override) => {
    const backed = { ...override, authority: HELD_BY_PUBLISHER };
    expect(checkStartedChange([freeze], change({ override: backed }), DETECTED)?.outcome).toBe('violation');
  });

  it('is overridden, not exempt, when only some of the deciding windows exempt the change', () => {
    // A hotfix: exempt from "Hotfixes only", but "Quarter close" lets it through only by the override.
    const override = {
      by: 'alice',
      role: 'incident-commander',
      justification: 'payments down',
      authority: HELD_BY_PUBLISHER,
    };
    const check = checkStartedChange([freeze, hotfixFreeze], change({ isHotfix: true, override }), DETECTED);
    expect(check?.outcome).toBe('overridden');
    expect(check?.windows.map((w) => w.id).sort()).toEqual(['w-close', 'w-hotfix']);
    expect(checkStartedChange([hotfixFreeze], change({ isHotfix: true }), DETECTED)?.outcome).toBe('exempt');
  });

  it('ignores a cancelled window and stops at a lifted one', () => {
    const cancelled = { ...freeze, cancelled: true };
    expect(checkStartedChange([cancelled], change(), DETECTED)).toBeUndefined();
    const lifted = { ...freeze, liftedAt: instant('2026-03-01T11:00:00Z') };
    expect(checkStartedChange([lifted], change(), DETECTED)).toBeUndefined();
    expect(
      checkStartedChange([lifted], change({ startedAt: '2026-03-01T10:59:00.000Z' }), DETECTED)?.outcome,
    ).toBe('violation');
  });

  it('derives one event id per change, so a second check of the same change is a duplicate', () => {
    expect(freezeCheckEventId('c-1')).toBe(freezeCheckEventId('c-1'));
    expect(freezeCheckEventId('c-1')).not.toBe(freezeCheckEventId('c-2'));
  });
});

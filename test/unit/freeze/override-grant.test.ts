import {
  authorityOfIngestedOverride,
  authorityOfKeyUse,
  checkGrantUse,
  foldOverrideGrant,
  type OverrideGrant,
  type OverrideGrantEvent,
  type OverrideTarget,
} from '../../../src/freeze/domain/override-grant';

const ISSUED_AT = '2026-03-01T10:00:00.000Z';
const EXPIRES_AT = '2026-03-01T11:00:00.000Z';
const during = new Date('2026-03-01T10:30:00.000Z');
const after = new Date(EXPIRES_AT);

const issued = (scope: OverrideGrant['scope']): OverrideGrantEvent => ({
  type: 'OverrideGrantIssued',
  data: {
    grantId: 'g-1',
    role: 'sre-oncall',
    reason: 'INC-9 roll forward',
    scope,
    issuedBy: 'sre-alice',
    issuedAt: ISSUED_AT,
    expiresAt: EXPIRES_AT,
  },
});

const forChange = { source: 'argo-cd', changeId: 'deploy-7' };
const forService = { service: 'payments-api', environment: 'prod' };
const target: OverrideTarget = {
  source: 'argo-cd',
  changeId: 'deploy-7',
  service: 'payments-api',
  environment: 'prod',
};

function grant(...events: OverrideGrantEvent[]): OverrideGrant {
  const folded = foldOverrideGrant(events);
  if (folded === undefined) throw new Error('no grant');
  return folded;
}

describe('foldOverrideGrant', () => {
  it('is undefined until issued, and keeps uses and the first revocation', () => {
    expect(foldOverrideGrant([])).toBeUndefined();
    const use: OverrideGrantEvent = {
      type: 'OverrideGrantUsed',
      data: { grantId: 'g-1', eventId: 'e-1', ...forChange, usedBy: 'argo', usedAt: ISSUED_AT },
    };
    const revoke = (by: string): OverrideGrantEvent => ({
      type: 'OverrideGrantRevoked',
      data: { grantId: 'g-1', revokedBy: by, revokedAt: EXPIRES_AT, reason: 'done' },
    });
    expect(foldOverrideGrant([use])).toBeUndefined();
    const folded = grant(issued(forChange), use, revoke('sre-alice'), revoke('admin'));
    expect(folded.uses).toEqual([use.data]);
    expect(folded.revoked?.revokedBy).toBe('sre-alice');
    expect(folded.issuedBy).toBe('sre-alice');
  });
});

describe('checkGrantUse', () => {
  it('is usable for its role, within its validity and its scope', () => {
    expect(checkGrantUse(grant(issued(forChange)), 'sre-oncall', target, during)).toEqual({ usable: true });
    expect(checkGrantUse(grant(issued(forService)), 'sre-oncall', target, during)).toEqual({ usable: true });
  });

  it.each([
    ['at its expiry', grant(issued(forChange)), 'sre-oncall', target, after, /expired at 2026-03-01T11:00/],
    [
      'before it was issued',
      grant(issued(forChange)),
      'sre-oncall',
      target,
      new Date('2026-03-01T09:59:59Z'),
      /not issued yet/,
    ],
    [
      'for another role',
      grant(issued(forChange)),
      'incident-commander',
      target,
      during,
      /is for role "sre-oncall", not "incident-commander"/,
    ],
    [
      'for another change',
      grant(issued(forChange)),
      'sre-oncall',
      { ...target, changeId: 'deploy-8' },
      during,
      /covers change "deploy-7" of source "argo-cd", not this change/,
    ],
    [
      'for the same change id of another source',
      grant(issued(forChange)),
      'sre-oncall',
      { ...target, source: 'spinnaker' },
      during,
      /not this change/,
    ],
    [
      'for another environment',
      grant(issued(forService)),
      'sre-oncall',
      { ...target, environment: 'staging' },
      during,
      /covers service "payments-api" in "prod"/,
    ],
    [
      'for a change without a service',
      grant(issued(forService)),
      'sre-oncall',
      { ...target, service: null },
      during,
      /not this change/,
    ],
    [
      'once revoked',
      grant(issued(forChange), {
        type: 'OverrideGrantRevoked',
        data: { grantId: 'g-1', revokedBy: 'sre-alice', revokedAt: ISSUED_AT, reason: 'done' },
      }),
      'sre-oncall',
      target,
      during,
      /revoked by sre-alice/,
    ],
  ])('is not usable %s', (_what, g, role, t, at, why) => {
    const check = checkGrantUse(g, role, t, at);
    expect(check.usable).toBe(false);
    expect(check.usable ? '' : check.why).toMatch(why);
  });
});

describe('authorityOfKeyUse', () => {
  const valid = grant(issued(forChange));

  it('authorises a key that holds the role itself, as granter and user', () => {
    expect(
      authorityOfKeyUse(
        { name: 'sre-alice', holdsRole: true },
        'sre-oncall',
        undefined,
        undefined,
        target,
        during,
      ),
    ).toEqual({
      authorised: true,
      grantedBy: 'sre-alice',
      usedBy: 'sre-alice',
    });
  });

  it('refuses a key that only names the role', () => {
    expect(
      authorityOfKeyUse(
        { name: 'argo', holdsRole: false },
        'sre-oncall',
        undefined,
        undefined,
        target,
        during,
      ),
    ).toEqual({
      authorised: false,
      why: 'role "sre-oncall" is only named: API key "argo" does not hold it, and no override grant is referenced',
    });
  });

  it('authorises another key through a valid grant, naming the issuer and the user', () => {
    expect(
      authorityOfKeyUse({ name: 'argo', holdsRole: false }, 'sre-oncall', 'g-1', valid, target, during),
    ).toEqual({
      authorised: true,
      grantedBy: 'sre-alice',
      usedBy: 'argo',
      grantId: 'g-1',
    });
  });

  it('refuses an unknown, expired or out-of-scope grant', () => {
    const key = { name: 'argo', holdsRole: false };
    expect(authorityOfKeyUse(key, 'sre-oncall', 'g-x', undefined, target, during)).toEqual({
      authorised: false,
      why: 'override grant g-x does not exist',
    });
    expect(authorityOfKeyUse(key, 'sre-oncall', 'g-1', valid, target, after).authorised).toBe(false);
    expect(
      authorityOfKeyUse(key, 'sre-oncall', 'g-1', valid, { ...target, changeId: 'other' }, during).authorised,
    ).toBe(false);
  });
});

describe('authorityOfIngestedOverride', () => {
  const used = grant(issued(forChange), {
    type: 'OverrideGrantUsed',
    data: { grantId: 'g-1', eventId: 'e-1', ...forChange, usedBy: 'argo', usedAt: ISSUED_AT },
  });

  it('refuses an event that names a role and references no grant (what a Kafka producer can assert)', () => {
    const authority = authorityOfIngestedOverride('sre-oncall', 'e-1', undefined, undefined, target, during);
    expect(authority).toEqual({
      authorised: false,
      why: 'role "sre-oncall" is only named: no key holding it published the event, and no override grant is referenced',
    });
  });

  it('honours a use recorded for this very event, even after the grant expired', () => {
    expect(authorityOfIngestedOverride('sre-oncall', 'e-1', 'g-1', used, target, after)).toEqual({
      authorised: true,
      grantedBy: 'sre-alice',
      usedBy: 'argo',
      grantId: 'g-1',
    });
  });

  it('checks the grant itself, at ingest time, for an event no key vouched for', () => {
    expect(authorityOfIngestedOverride('sre-oncall', 'e-2', 'g-1', used, target, during)).toEqual({
      authorised: true,
      grantedBy: 'sre-alice',
      usedBy: null,
      grantId: 'g-1',
    });
    expect(authorityOfIngestedOverride('sre-oncall', 'e-2', 'g-1', used, target, after)).toMatchObject({
      authorised: false,
      why: expect.stringMatching(/expired/) as unknown,
    });
    // A recorded use does not carry over to another change, or to another role.
    expect(
      authorityOfIngestedOverride('sre-oncall', 'e-1', 'g-1', used, { ...target, changeId: 'x' }, after)
        .authorised,
    ).toBe(false);
    expect(authorityOfIngestedOverride('ic', 'e-1', 'g-1', used, target, during).authorised).toBe(false);
  });

  it('refuses a grant id that names no grant', () => {
    expect(authorityOfIngestedOverride('sre-oncall', 'e-1', 'g-x', undefined, target, during)).toEqual({
      authorised: false,
      why: 'override grant g-x does not exist',
    });
  });
});

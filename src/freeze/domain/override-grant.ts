import type { OverrideAuthority } from './evaluator';

/**
 * Break-glass override grants: a key that holds a break-glass role lends it, for a while and for a
 * stated set of changes, to whoever references the grant (typically a pipeline's key, or a producer on
 * Kafka, which has no key at all). Each grant is one stream in the event store; its events say who
 * issued it, who used it for which change event, and who revoked it.
 */

/** What a grant covers: one change of one source, or every change of a service in an environment. */
export type OverrideGrantScope =
  | { readonly source: string; readonly changeId: string }
  | { readonly service: string; readonly environment: string };

export const OVERRIDE_GRANT_STREAM = 'override-grant';

export interface OverrideGrantIssuedData {
  readonly grantId: string;
  readonly role: string;
  readonly reason: string;
  readonly scope: OverrideGrantScope;
  /** The key (by name) that holds the role and issued the grant. */
  readonly issuedBy: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** A use checked when it happened (an HTTP publish): it stays valid after the grant expires. */
export interface OverrideGrantUsedData {
  readonly grantId: string;
  readonly eventId: string;
  readonly source: string;
  readonly changeId: string;
  readonly usedBy: string;
  readonly usedAt: string;
}

export interface OverrideGrantRevokedData {
  readonly grantId: string;
  readonly revokedBy: string;
  readonly revokedAt: string;
  readonly reason: string;
}

export type OverrideGrantEvent =
  | { readonly type: 'OverrideGrantIssued'; readonly data: OverrideGrantIssuedData }
  | { readonly type: 'OverrideGrantUsed'; readonly data: OverrideGrantUsedData }
  | { readonly type: 'OverrideGrantRevoked'; readonly data: OverrideGrantRevokedData };

export interface OverrideGrant extends OverrideGrantIssuedData {
  readonly revoked: OverrideGrantRevokedData | null;
  readonly uses: readonly OverrideGrantUsedData[];
}

/** Folds a grant's events, in stream order; undefined when it was never issued. */
export function foldOverrideGrant(events: readonly OverrideGrantEvent[]): OverrideGrant | undefined {
  let grant: OverrideGrant | undefined;
  for (const event of events) {
    switch (event.type) {
      case 'OverrideGrantIssued':
        grant ??= { ...event.data, revoked: null, uses: [] };
        break;
      case 'OverrideGrantUsed':
        if (grant !== undefined) grant = { ...grant, uses: [...grant.uses, event.data] };
        break;
      case 'OverrideGrantRevoked':
        if (grant !== undefined && grant.revoked === null) grant = { ...grant, revoked: event.data };
        break;
    }
  }
  return grant;
}

/** The change an override is asked for, as far as a grant's scope looks at it. */
export interface OverrideTarget {
  readonly source: string;
  readonly changeId: string;
  readonly service?: string | null | undefined;
  readonly environment: string;
}

export function scopeCovers(scope: OverrideGrantScope, target: OverrideTarget): boolean {
  if ('changeId' in scope) return scope.source === target.source && scope.changeId === target.changeId;
  return scope.service === target.service && scope.environment === target.environment;
}

export function describeScope(scope: OverrideGrantScope): string {
  return 'changeId' in scope
    ? `change "${scope.changeId}" of source "${scope.source}"`
    : `service "${scope.service}" in "${scope.environment}"`;
}

export type GrantCheck = { readonly usable: true } | { readonly usable: false; readonly why: string };

/** Whether the grant may be used at `at` for this role and change, or why not. */
export function checkGrantUse(
  grant: OverrideGrant,
  role: string,
  target: OverrideTarget,
  at: Date,
): GrantCheck {
  const id = `override grant ${grant.grantId}`;
  if (grant.revoked !== null)
    return { usable: false, why: `${id} was revoked by ${grant.revoked.revokedBy}` };
  if (at.getTime() < Date.parse(grant.issuedAt)) return { usable: false, why: `${id} was not issued yet` };
  if (at.getTime() >= Date.parse(grant.expiresAt)) {
    return { usable: false, why: `${id} expired at ${grant.expiresAt}` };
  }
  if (grant.role !== role) return { usable: false, why: `${id} is for role "${grant.role}", not "${role}"` };
  if (!scopeCovers(grant.scope, target)) {
    return { usable: false, why: `${id} covers ${describeScope(grant.scope)}, not this change` };
  }
  return { usable: true };
}

/** Why an override that no key or grant backs is refused (the evaluator prefixes "override not authorised"). */
function onlyNamed(role: string, noHolder: string): OverrideAuthority {
  return {
    authorised: false,
    why: `role "${role}" is only named: ${noHolder}, and no override grant is referenced`,
  };
}

/**
 * The authority of an override a key uses over HTTP (evaluate, publish): the key's own break-glass role,
 * else the grant it references, checked at `at`.
 */
export function authorityOfKeyUse(
  key: { readonly name: string; readonly holdsRole: boolean },
  role: string,
  grantId: string | undefined,
  grant: OverrideGrant | undefined,
  target: OverrideTarget,
  at: Date,
): OverrideAuthority {
  if (key.holdsRole) return { authorised: true, grantedBy: key.name, usedBy: key.name };
  if (grantId === undefined) return onlyNamed(role, `API key "${key.name}" does not hold it`);
  if (grant === undefined) return { authorised: false, why: `override grant ${grantId} does not exist` };
  const check = checkGrantUse(grant, role, target, at);
  if (!check.usable) return { authorised: false, why: check.why };
  return { authorised: true, grantedBy: grant.issuedBy, usedBy: key.name, grantId };
}

/**
 * The authority of an ingested change event's override, from stored facts only: a use of the grant the
 * service recorded when a key published this very event over HTTP (valid even if the grant has expired
 * since), else the grant itself, checked at `now` (an event from Kafka, which no key vouches for).
 */
export function authorityOfIngestedOverride(
  role: string,
  eventId: string,
  grantId: string | undefined,
  grant: OverrideGrant | undefined,
  target: OverrideTarget,
  now: Date,
): OverrideAuthority {
  if (grantId === undefined) return onlyNamed(role, 'no key holding it published the event');
  if (grant === undefined) return { authorised: false, why: `override grant ${grantId} does not exist` };
  const use = grant.uses.find(
    (u) => u.eventId === eventId && u.source === target.source && u.changeId === target.changeId,
  );
  if (use !== undefined && grant.role === role) {
    return { authorised: true, grantedBy: grant.issuedBy, usedBy: use.usedBy, grantId };
  }
  const check = checkGrantUse(grant, role, target, now);
  if (!check.usable) return { authorised: false, why: check.why };
  return { authorised: true, grantedBy: grant.issuedBy, usedBy: null, grantId };
}

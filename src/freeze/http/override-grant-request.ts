import type { OverrideGrantScope } from '../domain/override-grant';

/** The body of POST /v1/freeze/override-grants, checked. */
export interface OverrideGrantRequest {
  readonly role: string;
  readonly reason: string;
  readonly scope: OverrideGrantScope;
  readonly expiresInMinutes: number;
}

export type OverrideGrantRequestCheck =
  | { readonly ok: true; readonly value: OverrideGrantRequest }
  | { readonly ok: false; readonly problems: readonly string[] };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.trim() !== '' && value.length <= max;

function scopeOf(value: unknown, problems: string[]): OverrideGrantScope | undefined {
  const shape =
    '/scope must be {"source", "changeId"} (one change) or {"service", "environment"} (a service in an environment)';
  if (!isRecord(value)) {
    problems.push(shape);
    return undefined;
  }
  const keys = Object.keys(value).sort().join(',');
  if (keys === 'changeId,source') {
    if (!text(value['source'], 64)) problems.push('/scope/source must be a non-empty string of at most 64');
    if (!text(value['changeId'], 128))
      problems.push('/scope/changeId must be a non-empty string of at most 128');
    return { source: value['source'] as string, changeId: value['changeId'] as string };
  }
  if (keys === 'environment,service') {
    if (!text(value['service'], 128))
      problems.push('/scope/service must be a non-empty string of at most 128');
    if (!text(value['environment'], 64)) {
      problems.push('/scope/environment must be a non-empty string of at most 64');
    }
    return { service: value['service'] as string, environment: value['environment'] as string };
  }
  problems.push(shape);
  return undefined;
}

/** Checks the body; every problem is named by its field. `maxMinutes` is OVERRIDE_GRANT_MAX_MINUTES. */
export function checkOverrideGrantRequest(body: unknown, maxMinutes: number): OverrideGrantRequestCheck {
  if (!isRecord(body)) return { ok: false, problems: ['body must be a JSON object'] };
  const problems: string[] = [];
  const unknown = Object.keys(body).filter(
    (k) => !['role', 'reason', 'scope', 'expiresInMinutes'].includes(k),
  );
  for (const key of unknown) problems.push(`/${key} is not a known field`);
  const { role, reason, scope, expiresInMinutes } = body;
  if (!text(role, 128))
    problems.push('/role must be a non-empty string of at most 128 (the break-glass role)');
  if (!text(reason, 2000)) problems.push('/reason is required: say why (it is recorded with the grant)');
  const checkedScope = scopeOf(scope, problems);
  if (
    typeof expiresInMinutes !== 'number' ||
    !Number.isInteger(expiresInMinutes) ||
    expiresInMinutes < 1 ||
    expiresInMinutes > maxMinutes
  ) {
    problems.push(`/expiresInMinutes must be a whole number from 1 to ${maxMinutes}`);
  }
  if (problems.length > 0 || checkedScope === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: {
      role: role as string,
      reason: reason as string,
      scope: checkedScope,
      expiresInMinutes: expiresInMinutes as number,
    },
  };
}

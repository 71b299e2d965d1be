// The console's access to the API: the typed client generated from the OpenAPI document (openapi-fetch),
// sending the session cookie (same origin) and, on writes, the CSRF token the session was issued with.
// The API key itself is sent once, to POST /v1/session, and never kept by the page.
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../../clients/typescript/src/generated/api';

/** One field a problem document blames. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A 4xx/5xx answer, from its problem document. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: readonly FieldError[],
  ) {
    super(detail);
  }
}

/** What a person reads for an error: 401 and 403 said plainly, anything else as the API worded it. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 401) return `Not signed in (401): ${error.detail}. Sign in again.`;
    if (error.status === 403) return `Not allowed (403): ${error.detail}`;
    return `${error.detail} (${error.status})`;
  }
  return error instanceof Error ? error.message : String(error);
}

let csrfToken: string | undefined;

/** Set from the session (sign-in or who-am-I); sent on every write. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken !== undefined && WRITES.has(request.method)) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
});
api.use(csrf);

function toApiError(status: number, body: unknown): ApiError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as {
    detail?: unknown;
    message?: unknown;
    errors?: unknown;
  };
  const detail =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.message === 'string'
        ? problem.message
        : `HTTP ${status}`;
  const errors = Array.isArray(problem.errors) ? (problem.errors as FieldError[]) : [];
  return new ApiError(status, detail, errors);
}

/**
 * The body of a 2xx answer, typed by the caller (the OpenAPI document does not describe response bodies
 * yet), or the ApiError of any other.
 */
export async function ok<T>(
  call: Promise<{ data?: unknown; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}

export interface Actor {
  readonly type: string;
  readonly id: string;
  readonly name?: string;
}

export interface Change {
  readonly changeId: string;
  readonly source: string;
  readonly kind: string;
  readonly phase: string;
  readonly service: string | null;
  readonly environment: string;
  readonly region: string | null;
  readonly cluster: string | null;
  readonly team: string | null;
  readonly actor: Actor | null;
  readonly summary: string | null;
  readonly version: { readonly from?: string; readonly to?: string } | null;
  readonly rollout: {
    readonly stage?: string;
    readonly batch?: number;
    readonly totalBatches?: number;
    readonly percent?: number;
  } | null;
  readonly override: Readonly<Record<string, unknown>> | null;
  readonly isRollback: boolean;
  readonly isHotfix: boolean;
  readonly plannedAt: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly timelineAt: string;
  readonly lastEventAt: string;
  readonly eventCount: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}

export interface Alert {
  readonly key: string;
  readonly fingerprint: string;
  readonly source: string;
  readonly status: string;
  readonly name: string;
  readonly severity: string | null;
  readonly service: string | null;
  readonly environment: string | null;
  readonly region: string | null;
  readonly startsAt: string;
  readonly endsAt: string | null;
}

export interface Occurrence {
  readonly windowId: string;
  readonly name: string;
  readonly kind: string;
  readonly start: string;
  readonly end: string | null;
}

export type Schedule =
  | { readonly type: 'once'; readonly start: string; readonly end?: string }
  | {
      readonly type: 'recurring';
      readonly cron: string;
      readonly duration: string;
      readonly timeZone: string;
      readonly validFrom?: string;
      readonly validUntil?: string;
    };

export interface FreezeWindow {
  readonly id: string;
  readonly name: string;
  readonly reason: string;
  readonly kind: string;
  readonly schedule: Schedule;
  readonly scope: Readonly<Record<string, readonly string[]>>;
  readonly exemptions?: readonly string[];
  readonly cancelled: boolean;
  readonly [field: string]: unknown;
}

/** Who the caller is, from GET /v1/whoami or POST /v1/session. */
export interface Session {
  readonly name: string;
  readonly roles: readonly string[];
  readonly breakGlassRoles?: readonly string[];
  readonly via?: string;
  readonly csrfToken?: string;
  readonly expiresAt?: string;
}

/** Every page of a keyset-paged list, up to `cap` items (a range too large to draw is cut, and says so). */
export async function allPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  cap: number,
): Promise<{ items: T[]; capped: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    if (items.length >= cap) return { items: items.slice(0, cap), capped: true };
    if (page.nextCursor === null || page.nextCursor === undefined) return { items, capped: false };
    cursor = page.nextCursor;
  }
}

/** Publisher-supplied URLs are links only when they are http(s); anything else is shown as text. */
export function safeHref(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

import createClient, { type Client } from 'openapi-fetch';
import type { operations, paths } from './generated/api';
import { ChangeAuditApiError, toProblemDocument } from './errors';
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryingFetch,
  type FetchFunction,
  type RetryPolicy,
} from './retry';
import type { ChangeDetail, EvaluateResult, ItemsPage, PublishResult, TimelinePage } from './responses';

type JsonBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;
type Query<O> = O extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** One change event, or a batch of up to 1,000 (contracts/change-event.v1). */
export type PublishRequest = JsonBody<operations['ChangeEvents_ingest']>;
/** The body of POST /v1/freeze/evaluate (contracts/freeze-evaluate-request.v1). */
export type EvaluateRequest = JsonBody<operations['Freeze_evaluate']>;
export type TimelineFilters = Query<operations['Changes_list']>;
export type AlertFilters = Query<operations['Alerts_list']>;

export type RawClient = Client<paths>;

export interface ChangeAuditClientOptions {
  /** Where the service is; a path prefix is kept. */
  readonly baseUrl: string | URL;
  /** Sent as `Authorization: Bearer <key>`. */
  readonly apiKey?: string;
  readonly userAgent?: string;
  /** 503 retries; `false` turns them off. */
  readonly retry?: Partial<RetryPolicy> | false;
  /** Defaults to the global fetch. */
  readonly fetch?: FetchFunction;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
/**
 * POSTs that are safe to send again: events are stored once by eventId (a re-sent event is reported
 * `duplicate`), and a freeze evaluation only reads.
 */
const REPEATABLE_POSTS = [/\/v1\/change-events$/, /\/v1\/freeze\/evaluate$/];

export function isRepeatable(request: Request): boolean {
  if (IDEMPOTENT_METHODS.has(request.method)) return true;
  const { pathname } = new URL(request.url);
  return request.method === 'POST' && REPEATABLE_POSTS.some((pattern) => pattern.test(pathname));
}

function pathOf(response: Response): string {
  return response.url === '' ? '(unknown path)' : new URL(response.url).pathname;
}

/** The answer of an openapi-fetch call: its data when 2xx, else a ChangeAuditApiError. */
export function unwrap(
  method: string,
  result: { readonly data?: unknown; readonly error?: unknown; readonly response: Response },
): unknown {
  const { response } = result;
  if (!response.ok) {
    throw new ChangeAuditApiError(
      method,
      pathOf(response),
      response.status,
      toProblemDocument(response.status, result.error),
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
  return result.data;
}

/** The typed client of the whole API (`raw`) with a façade for what change systems call most. */
export function createChangeAuditClient(options: ChangeAuditClientOptions) {
  const base: FetchFunction = options.fetch ?? ((request) => globalThis.fetch(request));
  const fetch =
    options.retry === false
      ? base
      : retryingFetch(base, { ...DEFAULT_RETRY_POLICY, ...options.retry }, isRepeatable);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.apiKey !== undefined && options.apiKey !== '')
    headers['authorization'] = `Bearer ${options.apiKey}`;
  if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent;
  const raw: RawClient = createClient<paths>({
    baseUrl: String(options.baseUrl).replace(/\/+$/, ''),
    headers,
    fetch,
  });

  const timeline = async (filters: TimelineFilters = {}): Promise<TimelinePage> => {
    const result = await raw.GET('/v1/changes', { params: { query: filters } });
    return unwrap('GET', result) as TimelinePage;
  };

  return {
    raw,

    /**
     * Publishes one event or a batch (up to 1,000). A 503 is retried with the same events, which the
     * service stores once by eventId (a re-sent one comes back `duplicate`).
     */
    async publish(events: PublishRequest): Promise<PublishResult> {
      const result = await raw.POST('/v1/change-events', { body: events });
      return unwrap('POST', result) as PublishResult;
    },

    async evaluate(request: EvaluateRequest): Promise<EvaluateResult> {
      const result = await raw.POST('/v1/freeze/evaluate', { body: request });
      return unwrap('POST', result) as EvaluateResult;
    },

    /** One page of the timeline; pass the page's `nextCursor` as `cursor` for the next. */
    timeline,

    /** Every page of the timeline from `filters.cursor` (or the start) on, fetched as it is iterated. */
    async *timelinePages(filters: TimelineFilters = {}): AsyncGenerator<TimelinePage, void, undefined> {
      let cursor = filters.cursor;
      do {
        const page = await timeline({ ...filters, ...(cursor === undefined ? {} : { cursor }) });
        yield page;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },

    /**
     * A change with its events. The service keys changes by changeId alone; the source is checked, so a
     * change another system published under the same id is reported as not found rather than returned.
     */
    async change(source: string, changeId: string): Promise<ChangeDetail> {
      const result = await raw.GET('/v1/changes/{changeId}', { params: { path: { changeId } } });
      const detail = unwrap('GET', result) as ChangeDetail;
      if (detail.change.source !== source) {
        throw new ChangeAuditApiError(
          'GET',
          pathOf(result.response),
          404,
          {
            title: 'Not Found',
            status: 404,
            detail: `change "${changeId}" was published by "${detail.change.source}", not "${source}"`,
          },
          undefined,
        );
      }
      return detail;
    },

    async alerts(filters: AlertFilters = {}): Promise<ItemsPage> {
      const result = await raw.GET('/v1/alerts', { params: { query: filters } });
      return unwrap('GET', result) as ItemsPage;
    },

    /** The ranked suspect changes of an alert (by its id or fingerprint). */
    async suspects(
      alertId: string,
      query: Query<operations['Suspects_alertSuspects']> = {},
    ): Promise<ItemsPage> {
      const result = await raw.GET('/v1/alerts/{id}/suspects', { params: { path: { id: alertId }, query } });
      return unwrap('GET', result) as ItemsPage;
    },
  };
}

export type ChangeAuditClient = ReturnType<typeof createChangeAuditClient>;

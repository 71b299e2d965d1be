/**
 * The service's HTTP API as changectl sees it: the typed client (clients/typescript, generated from the
 * OpenAPI document) for paths, parameters and request bodies, and every failure turned into a CliError
 * carrying the exit code scripts rely on. The document does not describe its answers yet, so their shapes
 * are declared below (instants and positions as strings), reusing the plain domain types where they match.
 */
import {
  createChangeAuditClient,
  parseRetryAfter,
  type EvaluateRequest as ClientEvaluateRequest,
  type PublishRequest,
  type RawClient,
  type TimelineFilters,
  type components,
} from '../../../clients/typescript/src';
import type { ChangeView } from '../../changes/domain/change-state';
import type { FreezeWindowDefinition } from '../../freeze/domain/freeze-window';
import { CHANGE_STREAM } from '../../changes/domain/change-stream';
import type { AuditEventView } from '../../event-store/domain/audit-event';
import type { EvidenceBundle } from '../../event-store/domain/evidence-bundle';
import { CliError, ExitCode, exitCodeForStatus } from './exit-codes';

export type { ChangeView };

export interface ChangePage {
  readonly items: readonly ChangeView[];
  readonly nextCursor: string | null;
}

export interface ChangeHistoryEntry {
  readonly position: string;
  readonly streamVersion: number;
  readonly recordedAt: string;
  readonly metadata: Record<string, unknown>;
  readonly event: Record<string, unknown>;
}

export interface ChangeDetail {
  readonly change: ChangeView;
  readonly events: readonly ChangeHistoryEntry[];
}

export interface ChangeFilter {
  readonly service?: readonly string[];
  readonly environment?: string;
  readonly region?: string;
  readonly kind?: string;
  readonly phase?: string;
  readonly actor?: string;
  readonly source?: string;
  readonly from?: Date;
  readonly to?: Date;
}

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export interface IngestResponse {
  readonly accepted: readonly { readonly index: number; readonly eventId: string }[];
  readonly rejected: readonly { readonly index: number; readonly errors: readonly FieldError[] }[];
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly head: { readonly position: string; readonly hash: string };
  readonly firstBreak?: {
    readonly kind: string;
    readonly position: string;
    readonly eventId?: string;
    readonly detail: string;
  };
}

export interface RebuildResult {
  readonly events: number;
  readonly changes: number;
  readonly millis: number;
}

/** A freeze window as the service returns it. */
export type FreezeWindowView = FreezeWindowDefinition & {
  readonly id: string;
  readonly cancelled: boolean;
  readonly liftedAt?: string;
};

export interface FreezeOccurrence {
  readonly windowId: string;
  readonly name: string;
  readonly kind: string;
  readonly start: string;
  readonly end: string | null;
}

export interface FreezeCalendar {
  readonly from: string;
  readonly to: string;
  readonly items: readonly FreezeOccurrence[];
  /** True when the page stops short of `to`: pass `nextCursor` as the cursor for the rest. */
  readonly truncated: boolean;
  readonly nextCursor: string | null;
}

/** The body of POST /v1/freeze/evaluate (contracts/freeze-evaluate-request.v1). */
export type EvaluateRequest = ClientEvaluateRequest;

export interface EvaluateResponse {
  readonly decision: string;
  readonly reason: string;
  readonly windows: readonly {
    readonly id: string;
    readonly name: string;
    readonly kind: string;
    readonly occurrenceStart: string | null;
    readonly occurrenceEnd: string | null;
  }[];
  readonly allowedAfter?: string;
}

/** A non-2xx answer. `body` is the parsed JSON body when there was one. */
export class ApiError extends CliError {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
    readonly retryAfterSeconds: number | undefined,
  ) {
    super(message, exitCodeForStatus(status));
  }
}

export interface ApiClientOptions {
  readonly baseUrl: URL;
  readonly apiKey: string | undefined;
  /** Per request; null: no limit. */
  readonly timeoutMs: number | null;
  readonly userAgent: string;
  readonly fetch?: typeof fetch;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * What an error answer says: for problem details (RFC 9457), `title: detail` and a line per field at fault
 * (`field: message`); for an older body, its `message`; else the status line.
 */
export function errorReport(
  status: number,
  statusText: string,
  body: unknown,
): { readonly summary: string; readonly fields: readonly string[] } {
  if (isRecord(body) && typeof body['title'] === 'string') {
    const detail = typeof body['detail'] === 'string' && body['detail'] !== '' ? `: ${body['detail']}` : '';
    const errors = Array.isArray(body['errors']) ? (body['errors'] as unknown[]) : [];
    const fields = errors
      .filter(isRecord)
      .map(
        (e) =>
          `${typeof e['field'] === 'string' && e['field'] !== '' ? e['field'] : '(body)'}: ${String(e['message'])}`,
      );
    return { summary: `${body['title']}${detail}`, fields };
  }
  const message = isRecord(body) ? body['message'] : undefined;
  if (typeof message === 'string' && message !== '') return { summary: message, fields: [] };
  if (Array.isArray(message) && message.length > 0)
    return { summary: message.map(String).join('; '), fields: [] };
  if (typeof body === 'string' && body.trim() !== '' && body.length < 300)
    return { summary: body.trim(), fields: [] };
  return { summary: `HTTP ${status}${statusText === '' ? '' : ` ${statusText}`}`, fields: [] };
}

function retryAfterSeconds(header: string | null): number | undefined {
  const ms = parseRetryAfter(header);
  return ms === undefined ? undefined : ms / 1000;
}

/** What an openapi-fetch call resolves to, read as text (`parseAs: 'text'`) so changectl checks the JSON. */
interface RawResult {
  readonly data?: unknown;
  readonly error?: unknown;
  readonly response: Response;
}

/** Per-request options every call passes to the typed client. */
interface CallOptions {
  readonly parseAs: 'text';
  readonly signal?: AbortSignal;
}

/** Why fetch failed, in words: "connect ECONNREFUSED 127.0.0.1:3000" rather than "fetch failed". */
function networkCause(error: unknown): string {
  if (error instanceof Error) {
    const cause: unknown = error.cause;
    if (cause instanceof Error && cause.message !== '') return cause.message;
    if (isRecord(cause) && typeof cause['code'] === 'string') return cause['code'];
    return error.message;
  }
  return String(error);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

export class ApiClient {
  private readonly raw: RawClient;

  constructor(private readonly options: ApiClientOptions) {
    const fetchFunction = options.fetch ?? globalThis.fetch;
    this.raw = createChangeAuditClient({
      baseUrl: options.baseUrl.href,
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      userAgent: options.userAgent,
      // No retries here: `publish` has its own, with progress; other commands report a 503 as it is.
      retry: false,
      fetch: (request) => fetchFunction(request),
    }).raw;
  }

  /** Where the service is, without any credentials the URL may carry (safe to print). */
  get origin(): string {
    return this.options.baseUrl.origin;
  }

  get hasApiKey(): boolean {
    return this.options.apiKey !== undefined && this.options.apiKey !== '';
  }

  /**
   * Runs one typed call and turns its answer into the parsed JSON body, or a CliError: `path` is the
   * concrete path, for messages. `timeoutMs` overrides the client's timeout; null waits as long as it takes.
   */
  private async call<T>(
    method: string,
    path: string,
    send: (options: CallOptions) => Promise<RawResult>,
    timeoutMs: number | null = this.options.timeoutMs,
  ): Promise<T> {
    const where = `${method} ${new URL(path.replace(/^\//, ''), this.baseWithSlash()).pathname}`;
    let result: RawResult;
    try {
      result = await send({
        parseAs: 'text',
        ...(timeoutMs === null ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
      });
    } catch (error) {
      if (isTimeout(error)) {
        throw new CliError(
          `${where}: no answer from ${this.origin} within ${String((timeoutMs ?? 0) / 1000)} s (see --timeout)`,
          ExitCode.unavailable,
        );
      }
      throw new CliError(`cannot reach ${this.origin}: ${networkCause(error)}`, ExitCode.unavailable);
    }
    const { response } = result;
    const status = response.status;
    if (status < 200 || status > 299) {
      // openapi-fetch has parsed an error body that is JSON, and left any other as text.
      const body = result.error === '' ? undefined : result.error;
      const { summary, fields } = errorReport(status, response.statusText, body);
      let message = `${where}: ${summary} (HTTP ${status})`;
      if (status === 401 && !this.hasApiKey) message += '; set --api-key or CHANGECTL_API_KEY';
      message += fields.map((line) => `\n  ${line}`).join('');
      throw new ApiError(message, status, body, retryAfterSeconds(response.headers.get('retry-after')));
    }
    const text = typeof result.data === 'string' ? result.data : '';
    try {
      if (text !== '') return JSON.parse(text) as T;
    } catch {
      // not JSON: reported below
    }
    throw new CliError(
      `${where}: the answer (HTTP ${status}) is not JSON; is ${this.origin} the change audit service?`,
      ExitCode.internal,
    );
  }

  listChanges(filter: ChangeFilter, limit: number, cursor: string | undefined): Promise<ChangePage> {
    const query: TimelineFilters = {
      service: filter.service === undefined ? undefined : [...filter.service],
      environment: filter.environment,
      region: filter.region,
      // Checked by the service, which names a value it does not know.
      kind: filter.kind as TimelineFilters['kind'],
      phase: filter.phase as TimelineFilters['phase'],
      actor: filter.actor,
      source: filter.source,
      from: filter.from?.toISOString(),
      to: filter.to?.toISOString(),
      limit,
      cursor,
    };
    return this.call('GET', '/v1/changes', (options) =>
      this.raw.GET('/v1/changes', { ...options, params: { query } }),
    );
  }

  /** A change is (source, changeId); without the source, the service finds it if only one source has the id. */
  getChange(changeId: string, source?: string): Promise<ChangeDetail> {
    if (source === undefined) {
      return this.call('GET', `/v1/changes/${encodeURIComponent(changeId)}`, (options) =>
        this.raw.GET('/v1/changes/{changeId}', { ...options, params: { path: { changeId } } }),
      );
    }
    const address = `${encodeURIComponent(source)}/${encodeURIComponent(changeId)}`;
    return this.call('GET', `/v1/changes/${address}`, (options) =>
      this.raw.GET('/v1/changes/{source}/{changeId}', { ...options, params: { path: { source, changeId } } }),
    );
  }

  /** The ranked suspects of an alert (by fingerprint) or an incident; the shape is read tolerantly. */
  suspects(
    target: { readonly alert: string } | { readonly incident: string },
    limit: number | undefined,
  ): Promise<unknown> {
    const query = { limit };
    if ('alert' in target) {
      return this.call('GET', `/v1/alerts/${encodeURIComponent(target.alert)}/suspects`, (options) =>
        this.raw.GET('/v1/alerts/{id}/suspects', {
          ...options,
          params: { path: { id: target.alert }, query },
        }),
      );
    }
    return this.call('GET', `/v1/incidents/${encodeURIComponent(target.incident)}/suspects`, (options) =>
      this.raw.GET('/v1/incidents/{id}/suspects', {
        ...options,
        params: { path: { id: target.incident }, query },
      }),
    );
  }

  listFreezeWindows(
    activeAt: Date | undefined,
    includeCancelled: boolean,
  ): Promise<{ items: FreezeWindowView[] }> {
    const query = {
      activeAt: activeAt?.toISOString(),
      includeCancelled: includeCancelled ? ('true' as const) : undefined,
    };
    return this.call('GET', '/v1/freeze-windows', (options) =>
      this.raw.GET('/v1/freeze-windows', { ...options, params: { query } }),
    );
  }

  /** The definition is built from flags and checked by the service against its contract. */
  declareFreezeWindow(definition: unknown): Promise<FreezeWindowView> {
    const body = definition as components['schemas']['freeze-window-definition.v1'];
    return this.call('POST', '/v1/freeze-windows', (options) =>
      this.raw.POST('/v1/freeze-windows', { ...options, body }),
    );
  }

  liftFreezeWindow(id: string, reason: string): Promise<FreezeWindowView> {
    return this.call('POST', `/v1/freeze-windows/${encodeURIComponent(id)}/lift`, (options) =>
      this.raw.POST('/v1/freeze-windows/{id}/lift', {
        ...options,
        params: { path: { id } },
        body: { reason },
      }),
    );
  }

  evaluateFreeze(change: EvaluateRequest): Promise<EvaluateResponse> {
    return this.call('POST', '/v1/freeze/evaluate', (options) =>
      this.raw.POST('/v1/freeze/evaluate', { ...options, body: change }),
    );
  }

  freezeCalendar(from: Date, to: Date, cursor?: string): Promise<FreezeCalendar> {
    const query = { from: from.toISOString(), to: to.toISOString(), cursor };
    return this.call('GET', '/v1/freeze-windows/occurrences', (options) =>
      this.raw.GET('/v1/freeze-windows/occurrences', { ...options, params: { query } }),
    );
  }

  /** Committed events after a position (absent or '0': from the start), with every hashed field. */
  auditEvents(after: string, limit: number): Promise<{ events: AuditEventView[] }> {
    const query = { ...(after === '0' ? {} : { after: Number(after) }), limit };
    return this.call('GET', '/v1/audit/events', (options) =>
      this.raw.GET('/v1/audit/events', { ...options, params: { query } }),
    );
  }

  /** Every event of a change with its inclusion proof in one signed checkpoint (latest, or treeSize). */
  changeEvidence(source: string, changeId: string, treeSize?: number): Promise<EvidenceBundle> {
    const path = { streamType: CHANGE_STREAM, namespace: source, streamId: changeId };
    return this.call(
      'GET',
      `/v1/audit/evidence/${CHANGE_STREAM}/${encodeURIComponent(source)}/${encodeURIComponent(changeId)}`,
      (options) =>
        this.raw.GET('/v1/audit/evidence/{streamType}/{namespace}/{streamId}', {
          ...options,
          params: { path, query: treeSize === undefined ? {} : { treeSize } },
        }),
    );
  }

  verifyAudit(timeoutMs: number | null): Promise<VerifyReport> {
    return this.call(
      'GET',
      '/v1/audit/verify',
      (options) => this.raw.GET('/v1/audit/verify', { ...options }),
      timeoutMs,
    );
  }

  /**
   * Sends one batch (a JSON array, as text). A 400 that lists the rejected items (every item invalid) is
   * an answer, not an error: it is returned like a 202 with nothing accepted.
   */
  async publishChangeEvents(batchJson: string): Promise<IngestResponse> {
    try {
      return await this.call<IngestResponse>('POST', '/v1/change-events', (options) =>
        this.raw.POST('/v1/change-events', {
          ...options,
          // The batch is already JSON text (read line by line): sent as it is, not serialised again.
          body: batchJson as unknown as PublishRequest,
          bodySerializer: () => batchJson,
        }),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 400 && isRecord(error.body)) {
        const rejected = error.body['rejected'];
        if (Array.isArray(rejected))
          return { accepted: [], rejected: rejected as IngestResponse['rejected'] };
      }
      throw error;
    }
  }

  rebuildProjection(name: string, timeoutMs: number | null): Promise<RebuildResult> {
    return this.call(
      'POST',
      `/v1/projections/${encodeURIComponent(name)}/rebuild`,
      (options) =>
        // The projection is the user's word; a name the service does not have is its 404 to report.
        this.raw.POST(
          `/v1/projections/${encodeURIComponent(name)}/rebuild` as '/v1/projections/change-timeline/rebuild',
          { ...options },
        ),
      timeoutMs,
    );
  }

  /** The base URL with a trailing slash, so a service mounted under a path prefix keeps its prefix. */
  private baseWithSlash(): URL {
    const base = new URL(this.options.baseUrl.href);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    return base;
  }
}

/**
 * The service's HTTP API as changectl sees it: typed calls over Node's global fetch, and every failure
 * turned into a CliError carrying the exit code scripts rely on. No Nest here: the wire shapes are
 * declared below (instants and positions as strings), reusing the plain domain types where they match.
 */
import type { FreezeEvaluateRequestV1 } from '../../contracts/generated/freeze-evaluate-request.v1';
import type { ChangeView } from '../../changes/domain/change-state';
import type { FreezeWindowDefinition } from '../../freeze/domain/freeze-window';
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
export type EvaluateRequest = FreezeEvaluateRequestV1;

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

type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** A value to send as JSON, or a string that already is JSON. */
  readonly body?: unknown;
  /** Overrides the client's timeout; null waits as long as it takes. */
  readonly timeoutMs?: number | null;
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

function retryAfter(header: string | null): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined;
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
  private readonly fetch: typeof fetch;

  constructor(private readonly options: ApiClientOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /** Where the service is, without any credentials the URL may carry (safe to print). */
  get origin(): string {
    return this.options.baseUrl.origin;
  }

  get hasApiKey(): boolean {
    return this.options.apiKey !== undefined && this.options.apiKey !== '';
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(path.replace(/^\//, ''), this.baseWithSlash());
    for (const [name, value] of Object.entries(options.query ?? {})) {
      if (value === undefined) continue;
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        url.searchParams.append(name, String(value));
      } else {
        for (const item of value) url.searchParams.append(name, item);
      }
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': this.options.userAgent,
    };
    if (this.hasApiKey) headers['authorization'] = `Bearer ${this.options.apiKey ?? ''}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    const timeoutMs = options.timeoutMs === undefined ? this.options.timeoutMs : options.timeoutMs;
    const where = `${method} ${url.pathname}`;

    let status: number;
    let statusText: string;
    let text: string;
    let retryAfterHeader: string | null;
    try {
      const response = await this.fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(timeoutMs === null ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
      });
      status = response.status;
      statusText = response.statusText;
      retryAfterHeader = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (isTimeout(error)) {
        throw new CliError(
          `${where}: no answer from ${this.origin} within ${String((timeoutMs ?? 0) / 1000)} s (see --timeout)`,
          ExitCode.unavailable,
        );
      }
      throw new CliError(`cannot reach ${this.origin}: ${networkCause(error)}`, ExitCode.unavailable);
    }

    let parsed: unknown = undefined;
    let isJson = false;
    if (text !== '') {
      try {
        parsed = JSON.parse(text);
        isJson = true;
      } catch {
        parsed = text;
      }
    }
    if (status < 200 || status > 299) {
      const { summary, fields } = errorReport(status, statusText, parsed);
      let message = `${where}: ${summary} (HTTP ${status})`;
      if (status === 401 && !this.hasApiKey) message += '; set --api-key or CHANGECTL_API_KEY';
      message += fields.map((line) => `\n  ${line}`).join('');
      throw new ApiError(message, status, parsed, retryAfter(retryAfterHeader));
    }
    if (!isJson) {
      throw new CliError(
        `${where}: the answer (HTTP ${status}) is not JSON; is ${this.origin} the change audit service?`,
        ExitCode.internal,
      );
    }
    return parsed as T;
  }

  listChanges(filter: ChangeFilter, limit: number, cursor: string | undefined): Promise<ChangePage> {
    return this.request<ChangePage>('GET', '/v1/changes', {
      query: {
        service: filter.service,
        environment: filter.environment,
        region: filter.region,
        kind: filter.kind,
        phase: filter.phase,
        actor: filter.actor,
        source: filter.source,
        from: filter.from?.toISOString(),
        to: filter.to?.toISOString(),
        limit,
        cursor,
      },
    });
  }

  /** A change is (source, changeId); without the source, the service finds it if only one source has the id. */
  getChange(changeId: string, source?: string): Promise<ChangeDetail> {
    const address =
      source === undefined
        ? encodeURIComponent(changeId)
        : `${encodeURIComponent(source)}/${encodeURIComponent(changeId)}`;
    return this.request<ChangeDetail>('GET', `/v1/changes/${address}`);
  }

  /** The ranked suspects of an alert (by fingerprint) or an incident; the shape is read tolerantly. */
  suspects(
    target: { readonly alert: string } | { readonly incident: string },
    limit: number | undefined,
  ): Promise<unknown> {
    const path =
      'alert' in target
        ? `/v1/alerts/${encodeURIComponent(target.alert)}/suspects`
        : `/v1/incidents/${encodeURIComponent(target.incident)}/suspects`;
    return this.request<unknown>('GET', path, { query: { limit } });
  }

  listFreezeWindows(
    activeAt: Date | undefined,
    includeCancelled: boolean,
  ): Promise<{ items: FreezeWindowView[] }> {
    return this.request('GET', '/v1/freeze-windows', {
      query: { activeAt: activeAt?.toISOString(), includeCancelled: includeCancelled ? 'true' : undefined },
    });
  }

  declareFreezeWindow(definition: unknown): Promise<FreezeWindowView> {
    return this.request('POST', '/v1/freeze-windows', { body: definition });
  }

  liftFreezeWindow(id: string, reason: string): Promise<FreezeWindowView> {
    return this.request('POST', `/v1/freeze-windows/${encodeURIComponent(id)}/lift`, { body: { reason } });
  }

  evaluateFreeze(change: EvaluateRequest): Promise<EvaluateResponse> {
    return this.request('POST', '/v1/freeze/evaluate', { body: change });
  }

  freezeCalendar(from: Date, to: Date, cursor?: string): Promise<FreezeCalendar> {
    return this.request('GET', '/v1/freeze-windows/occurrences', {
      query: { from: from.toISOString(), to: to.toISOString(), cursor },
    });
  }

  verifyAudit(timeoutMs: number | null): Promise<VerifyReport> {
    return this.request('GET', '/v1/audit/verify', { timeoutMs });
  }

  /**
   * Sends one batch (a JSON array, as text). A 400 that lists the rejected items (every item invalid) is
   * an answer, not an error: it is returned like a 202 with nothing accepted.
   */
  async publishChangeEvents(batchJson: string): Promise<IngestResponse> {
    try {
      return await this.request<IngestResponse>('POST', '/v1/change-events', { body: batchJson });
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
    return this.request('POST', `/v1/projections/${encodeURIComponent(name)}/rebuild`, { timeoutMs });
  }

  /** The base URL with a trailing slash, so a service mounted under a path prefix keeps its prefix. */
  private baseWithSlash(): URL {
    const base = new URL(this.options.baseUrl.href);
    if (!base.pathname.endsWith('/')) base.pathname += '/';
    return base;
  }
}

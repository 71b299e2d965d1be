/**
 * Shapes of the answers the façade returns. The OpenAPI document declares request bodies and parameters
 * (generated into ./generated/api.ts) but not yet its 2xx bodies (every one is `{}`), so these few are
 * stated here, loosely: only the fields callers page or branch on, the rest passed through as sent.
 * Replace them with generated types once the document describes its responses.
 */

/** What became of one accepted event: `duplicate` is a re-send of an event already stored (by eventId). */
export type PublishOutcome = 'stored' | 'duplicate' | 'queued';

export interface PublishResult {
  readonly accepted: readonly {
    readonly index: number;
    readonly eventId: string;
    readonly source?: string;
    readonly changeId?: string;
    readonly outcome?: PublishOutcome;
  }[];
  readonly rejected: readonly {
    readonly index: number;
    readonly reason?: string;
    readonly errors: readonly { readonly field: string; readonly message: string }[];
  }[];
}

export interface EvaluateResult {
  readonly decision: string;
  readonly reason: string;
  readonly windows: readonly Readonly<Record<string, unknown>>[];
  readonly allowedAfter?: string;
  readonly [field: string]: unknown;
}

/** A change on the timeline (the service's change view). */
export interface TimelineChange {
  readonly changeId: string;
  readonly source: string;
  readonly kind: string;
  readonly phase: string;
  readonly timelineAt: string;
  readonly [field: string]: unknown;
}

export interface TimelinePage {
  readonly items: readonly TimelineChange[];
  /** Pass as `cursor` for the next page; null on the last. */
  readonly nextCursor: string | null;
}

export interface ChangeDetail {
  readonly change: TimelineChange;
  readonly events: readonly Readonly<Record<string, unknown>>[];
}

export interface ItemsPage<T = Readonly<Record<string, unknown>>> {
  readonly items: readonly T[];
  readonly [field: string]: unknown;
}

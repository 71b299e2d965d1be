import { Query } from '@nestjs/cqrs';
import type { FreezeWindowDefinition } from '../../domain/freeze-window';

/** How far back a preview may look, and how far by default. */
export const DEFAULT_PREVIEW_DAYS = 7;
export const MAX_PREVIEW_DAYS = 366;
/**
 * At most this many changes are examined per list, newest first: a year of a busy store holds millions,
 * and the cost of a preview must stay bounded (docs/freeze.md gives the measured figure). When the walk
 * stops here the list says so (`partial`, `examinedFrom`).
 */
export const MAX_PREVIEW_EXAMINED = 100_000;
/** At most this many changes are listed per list; the counts cover them all. */
export const MAX_PREVIEW_CHANGES = 500;
/** At most this many occurrences of the window are listed. */
export const MAX_PREVIEW_OCCURRENCES = 1_000;

export interface PreviewOccurrence {
  readonly start: string;
  /** Null for a one-off window without end ("freeze now" until lifted). */
  readonly end: string | null;
}

export interface PreviewedChange {
  readonly source: string;
  readonly changeId: string;
  readonly service: string | null;
  readonly environment: string;
  readonly region: string | null;
  readonly team: string | null;
  readonly kind: string;
  readonly phase: string;
  readonly plannedAt: string | null;
  readonly startedAt: string | null;
  /** `deny`, or `warn` when the window would have let it through (exempt kind or valid break-glass). */
  readonly decision: 'deny' | 'warn';
  readonly reason: string;
  /**
   * The occurrence of a deny window the change fell into. Null for an allow window: the change was
   * outside every occurrence (the reason names the next one).
   */
  readonly occurrence: PreviewOccurrence | null;
}

export interface PreviewedChanges {
  /** Changes looked at whose attributes the window's scope matches. */
  readonly inScope: number;
  readonly deny: number;
  readonly warn: number;
  /** True when more changes were denied or warned than are listed. */
  readonly truncated: boolean;
  /** How many changes were looked at (in scope or not, as far as the database could tell). */
  readonly examined: number;
  /**
   * True when the walk stopped after MAX_PREVIEW_EXAMINED changes: the counts cover the changes from
   * `examinedFrom` on, not the whole range.
   */
  readonly partial: boolean;
  /** The oldest start (or planned) time examined, when `partial`; else null. */
  readonly examinedFrom: string | null;
  /** Newest first (by start time, or planned time for a change not started). */
  readonly items: readonly PreviewedChange[];
}

export interface FreezeWindowPreview {
  /** The definition as it would be saved (normalised). */
  readonly window: FreezeWindowDefinition;
  /** [from, to): the last `days` days up to now. */
  readonly range: { readonly from: string; readonly to: string; readonly days: number };
  /** The window's occurrences that intersect the range, in start order. */
  readonly occurrences: { readonly items: readonly PreviewOccurrence[]; readonly truncated: boolean };
  /** Changes that started in the range, evaluated against the window alone at their start time. */
  readonly past: PreviewedChanges;
  /**
   * Changes not finished yet (planned, started, progressed) whose start time (or planned time) is in the
   * range or later, evaluated against the window alone now.
   */
  readonly inFlight: PreviewedChanges;
}

/**
 * Dry run of a window definition (the body of POST /v1/freeze-windows, not yet validated): what it would
 * have caught over the last `days` days, and what it would catch now. Nothing is saved.
 */
export class PreviewFreezeWindowQuery extends Query<FreezeWindowPreview> {
  constructor(
    readonly definition: unknown,
    readonly days: number,
    readonly now: Date,
  ) {
    super();
  }
}

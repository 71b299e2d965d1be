import { Query } from '@nestjs/cqrs';
import type { FreezeViolationV1 } from '../../../contracts/freeze-violation-events';
import type { ChangeView } from '../../domain/change-state';

export interface ChangeHistoryEntry {
  readonly position: string;
  readonly streamVersion: number;
  readonly recordedAt: string;
  /** ChangeEventRecorded for the events as published; FreezeViolationDetected/Excused for freeze checks. */
  readonly type: string;
  readonly metadata: Record<string, unknown>;
  readonly event: Record<string, unknown>;
}

export interface ChangeDetail {
  readonly change: ChangeView;
  /** Every event of the change, in the order they occurred (ties: the order recorded). */
  readonly events: readonly ChangeHistoryEntry[];
  /**
   * The freeze check recorded when the change started inside a freeze (a violation, or let through by an
   * exemption or a break-glass override); null when no freeze applied to it.
   */
  readonly freeze: FreezeViolationV1 | null;
}

/** The sources that have a change with this changeId, when the query did not name one and several do. */
export class AmbiguousChangeIdError extends Error {
  override readonly name = 'AmbiguousChangeIdError';
  constructor(
    readonly changeId: string,
    readonly sources: readonly string[],
  ) {
    super(`${sources.length} sources have a change with changeId "${changeId}": ${sources.join(', ')}`);
  }
}

/**
 * A change is identified by (source, changeId). Without a source (the legacy address) the change is found
 * when exactly one source has that changeId; several throw AmbiguousChangeIdError. Resolves to undefined
 * when no such change exists.
 */
export class GetChangeQuery extends Query<ChangeDetail | undefined> {
  constructor(
    readonly changeId: string,
    readonly source?: string,
  ) {
    super();
  }
}

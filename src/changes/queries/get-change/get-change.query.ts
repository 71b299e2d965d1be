import { Query } from '@nestjs/cqrs';
import type { ChangeView } from '../../domain/change-state';

export interface ChangeHistoryEntry {
  readonly position: string;
  readonly streamVersion: number;
  readonly recordedAt: string;
  readonly metadata: Record<string, unknown>;
  readonly event: Record<string, unknown>;
}

export interface ChangeDetail {
  readonly change: ChangeView;
  /** Every event of the change, in the order they occurred (ties: the order recorded). */
  readonly events: readonly ChangeHistoryEntry[];
}

/** Resolves to undefined when no such change exists. */
export class GetChangeQuery extends Query<ChangeDetail | undefined> {
  constructor(readonly changeId: string) {
    super();
  }
}

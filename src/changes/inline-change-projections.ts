import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { StoredEvent } from '../event-store/domain/stored-event';
import type { ChangeView } from './domain/change-state';

/** What an inline projection sees of one ingest transaction, after the timeline has been updated. */
export interface IngestedChanges {
  readonly tx: EntityManager;
  /** The change events this transaction appended (duplicates already dropped). */
  readonly appended: readonly StoredEvent[];
  /** The current state of every change those events touched, as the timeline folded it in this transaction. */
  readonly changeViews: () => Promise<readonly ChangeView[]>;
}

/**
 * A read model or policy that must be updated in the same transaction as the events that feed it (so a
 * crash can never leave it behind the store). Other modules register here; the changes module does not
 * know them, which keeps dependencies pointing at the change stream and not away from it.
 */
export interface InlineChangeProjection {
  readonly name: string;
  project(ingested: IngestedChanges): Promise<void>;
}

@Injectable()
export class InlineChangeProjections {
  private readonly projections: InlineChangeProjection[] = [];

  register(projection: InlineChangeProjection): void {
    this.projections.push(projection);
  }

  all(): readonly InlineChangeProjection[] {
    return this.projections;
  }
}

import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/api-keys';
import type { JsonObject } from '../event-store/domain/stored-event';
import type { ChangeEvent } from './domain/change-event';

/**
 * Verifies, when a key publishes a change event that carries a break-glass override, whether that key
 * may use it, records the verified use where the ingest's freeze check can find it, and returns metadata
 * to store with the event. The freeze module provides it; the changes module does not know freeze rules.
 */
export interface PublishedOverrideAuthoriser {
  authorise(event: ChangeEvent, principal: Principal): Promise<JsonObject>;
}

/** Where the freeze module registers its authoriser (the way inline projections register). */
@Injectable()
export class PublishedOverrideAuthorisers {
  private authoriser: PublishedOverrideAuthoriser | undefined;

  register(authoriser: PublishedOverrideAuthoriser): void {
    this.authoriser = authoriser;
  }

  /** Metadata for each event, in order: empty for events without an override, or with no authoriser. */
  async metadataFor(events: readonly ChangeEvent[], principal: Principal): Promise<JsonObject[]> {
    const metadata: JsonObject[] = [];
    for (const event of events) {
      const authoriser = this.authoriser;
      metadata.push(
        event.override === undefined || authoriser === undefined
          ? {}
          : await authoriser.authorise(event, principal),
      );
    }
    return metadata;
  }
}

import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { mayPublishAs, type Principal } from '../../auth/api-keys';
import { deliverOr503, type BatchRejection } from '../../common/http/batch-intake';
import type { JsonObject } from '../../event-store/domain/stored-event';
import {
  CHANGE_EVENT_PUBLISHER,
  type ChangeEventPublisher,
  type PublishOutcome,
} from '../../messaging/change-event-publisher';
import type { ChangeEvent } from '../domain/change-event';
import { conflictMessage } from '../domain/change-stream';
import { PublishedOverrideAuthorisers } from '../published-override-authority';

/** An accepted item: where it lives (source, changeId, eventId) and what became of it. */
export interface AcceptedItem {
  readonly index: number;
  readonly source: string;
  readonly changeId: string;
  readonly eventId: string;
  /** stored or duplicate (embedded mode: it is in the store now); queued (Kafka mode: see /outcomes). */
  readonly outcome: Exclude<PublishOutcome, 'conflict'>;
}

export interface IngestResponse {
  readonly accepted: readonly AcceptedItem[];
  readonly rejected: readonly BatchRejection[];
}

/**
 * What every HTTP intake of change events does once its items are valid change-event.v1 events (whatever
 * format they arrived in): the trust rules (a key speaks only for its sources; break-glass overrides
 * verified), then delivery to the store through the configured transport, acknowledged only once durable.
 */
@Injectable()
export class ChangeEventIntake {
  constructor(
    @Inject(CHANGE_EVENT_PUBLISHER) private readonly publisher: ChangeEventPublisher,
    private readonly overrides: PublishedOverrideAuthorisers,
  ) {}

  /**
   * `accepted`: the valid events with their index in the request; `rejected`: the items already refused.
   * One foreign event refuses the whole request (403); if nothing was taken because of a conflict: 409.
   * `metadata` is recorded with each event (receivedVia, and what the intake knows of its origin).
   */
  async ingest(
    accepted: readonly { readonly index: number; readonly value: ChangeEvent }[],
    rejected: readonly BatchRejection[],
    principal: Principal,
    metadata: JsonObject & { receivedVia: string },
  ): Promise<IngestResponse> {
    // A publisher may speak only for its own systems; one foreign event refuses the whole request.
    const foreign = accepted.find(({ value }) => !mayPublishAs(principal, value.source));
    if (foreign !== undefined) {
      throw new ForbiddenException(
        `event at index ${foreign.index} has source "${foreign.value.source}", which this API key may not publish as`,
      );
    }
    // A break-glass override is honoured only if this key holds its role or it references a valid
    // grant; the verified use is recorded before the event is delivered, so the ingest can find it.
    const overrides = await this.overrides.metadataFor(
      accepted.map(({ value }) => value),
      principal,
    );
    const recorded = { ...metadata, publishedBy: principal.name };
    const outcomes = await deliverOr503(() =>
      this.publisher.publish(
        accepted.map(({ value }, i) => ({ event: value, metadata: { ...overrides[i], ...recorded } })),
      ),
    );
    const taken: AcceptedItem[] = [];
    const refused: BatchRejection[] = [...rejected];
    accepted.forEach(({ index, value }, i) => {
      const outcome = outcomes[i] ?? 'queued';
      const identity = { namespace: value.source, eventId: value.eventId };
      if (outcome === 'conflict') {
        const message = conflictMessage(identity);
        refused.push({ index, reason: 'conflict', errors: [{ field: '/eventId', message }] });
      } else {
        taken.push({
          index,
          source: value.source,
          changeId: value.changeId,
          eventId: value.eventId,
          outcome,
        });
      }
    });
    refused.sort((a, b) => a.index - b.index);
    // Nothing in the request was taken, and something was refused for a conflict: 409 names it.
    if (taken.length === 0) {
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: refused.flatMap((r) => r.errors.map((e) => `[${r.index}] ${e.message}`)),
        accepted: [],
        rejected: refused,
      });
    }
    return { accepted: taken, rejected: refused };
  }
}

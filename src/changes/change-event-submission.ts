import { ConflictException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { mayPublishAs, type Principal } from '../auth/api-keys';
import { deliverOr503, type BatchRejection } from '../common/http/batch-intake';
import type { JsonObject } from '../event-store/domain/stored-event';
import type { ChangeEvent } from './domain/change-event';
import {
  CHANGE_EVENT_PUBLISHER,
  type ChangeEventPublisher,
  type PublishOutcome,
} from '../messaging/change-event-publisher';
import { conflictMessage } from './domain/change-stream';
import { PublishedOverrideAuthorisers } from './published-override-authority';

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
 * The one way validated change events enter the service, whoever sends them (POST /v1/change-events with
 * an API key, or an intake speaking a tool's own format as its integration): the trust rules (a caller
 * speaks only for its own sources; break-glass overrides honoured only when backed), delivery (the
 * topic in Kafka mode, the store in embedded mode) and the outcome of each item.
 */
@Injectable()
export class ChangeEventSubmission {
  constructor(
    @Inject(CHANGE_EVENT_PUBLISHER) private readonly publisher: ChangeEventPublisher,
    private readonly overrides: PublishedOverrideAuthorisers,
  ) {}

  /**
   * Delivers `accepted` (valid events, by index in the request, with their JSON text when the intake
   * serialised them already) as `principal`; `rejected` are the request's invalid items, reported beside
   * them. `metadata` is recorded with each event (receivedVia, and what the intake knows of its origin).
   * Throws 403 if one event's source is not the principal's, 503 if the transport is down, 409 if nothing
   * was taken because of conflicts.
   */
  async submit(
    accepted: readonly { readonly index: number; readonly value: ChangeEvent; readonly json?: string }[],
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
        accepted.map(({ value, json }, i) => ({
          event: value,
          json,
          metadata: { ...overrides[i], ...recorded },
        })),
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

import {
  Body,
  ConflictException,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
} from '@nestjs/common';
import { mayPublishAs, type Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import {
  deliverOr503,
  BATCH_INTAKE_RESPONSE,
  MAX_BATCH,
  validateBatch,
  type BatchRejection,
} from '../../common/http/batch-intake';
import { CHANGE_EVENT_VALIDATOR, type ChangeEventValidator } from '../../contracts/change-event-validator';
import {
  CHANGE_EVENT_PUBLISHER,
  type ChangeEventPublisher,
  type PublishOutcome,
} from '../../messaging/change-event-publisher';
import { conflictMessage } from '../domain/change-stream';
import { PublishedOverrideAuthorisers } from '../published-override-authority';
import { DescribeResponse, RequestContract } from '../../common/http/request-contract';

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

@Controller('v1/change-events')
export class ChangeEventsController {
  constructor(
    @Inject(CHANGE_EVENT_VALIDATOR) private readonly validator: ChangeEventValidator,
    @Inject(CHANGE_EVENT_PUBLISHER) private readonly publisher: ChangeEventPublisher,
    private readonly overrides: PublishedOverrideAuthorisers,
  ) {}

  /**
   * One event or an array of up to 1,000. Valid items are acknowledged (202) only once durable, each
   * with its outcome; invalid ones, and events whose id their source already used for other content
   * (`conflict`), are listed with the fields at fault. If no item is valid: 400; if none was taken
   * because of a conflict: 409.
   */
  @Post()
  @Roles('publisher')
  @RequestContract('change-event.v1', { batchOf: MAX_BATCH })
  @DescribeResponse(BATCH_INTAKE_RESPONSE)
  @HttpCode(HttpStatus.ACCEPTED)
  async ingest(@Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<IngestResponse> {
    const { accepted, rejected } = validateBatch(body, (item) => this.validator.check(item), 'event');
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
    const metadata = { receivedVia: 'http', publishedBy: principal.name };
    const outcomes = await deliverOr503(() =>
      this.publisher.publish(
        accepted.map(({ value }, i) => ({ event: value, metadata: { ...overrides[i], ...metadata } })),
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

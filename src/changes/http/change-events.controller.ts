import {
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpStatus,
  Inject,
  Post,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
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
import { CHANGE_EVENT_PUBLISHER, type ChangeEventPublisher } from '../../messaging/change-event-publisher';
import { PublishedOverrideAuthorisers } from '../published-override-authority';
import { DescribeResponse, RequestContract } from '../../common/http/request-contract';

export interface IngestResponse {
  readonly accepted: readonly { index: number; eventId: string }[];
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
   * One event or an array of up to 1,000. Valid items are acknowledged (202) only once durable;
   * invalid ones are listed with the fields at fault. If no item is valid: 400.
   */
  @Post()
  @Roles('publisher')
  @RequestContract('change-event.v1', { batchOf: MAX_BATCH })
  @DescribeResponse(BATCH_INTAKE_RESPONSE)
  @HttpCode(HttpStatus.ACCEPTED)
  async ingest(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<IngestResponse> {
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
    await deliverOr503(response, () =>
      this.publisher.publish(
        accepted.map(({ value }, i) => ({ event: value, metadata: { ...overrides[i], ...metadata } })),
      ),
    );
    return { accepted: accepted.map(({ index, value }) => ({ index, eventId: value.eventId })), rejected };
  }
}

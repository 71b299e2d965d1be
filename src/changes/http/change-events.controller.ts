import { Body, Controller, HttpCode, HttpStatus, Inject, Post } from '@nestjs/common';
import type { Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { BATCH_INTAKE_RESPONSE, MAX_BATCH, validateBatch } from '../../common/http/batch-intake';
import { CHANGE_EVENT_VALIDATOR, type ChangeEventValidator } from '../../contracts/change-event-validator';
import { ChangeEventSubmission, type IngestResponse } from '../change-event-submission';
import { DescribeResponse, RequestContract } from '../../common/http/request-contract';

export type { AcceptedItem, IngestResponse } from '../change-event-submission';

@Controller('v1/change-events')
export class ChangeEventsController {
  constructor(
    @Inject(CHANGE_EVENT_VALIDATOR) private readonly validator: ChangeEventValidator,
    private readonly submission: ChangeEventSubmission,
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
    return this.submission.submit(accepted, rejected, principal, { receivedVia: 'http' });
  }
}

import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Post,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { mayPublishAs, type Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { MAX_MESSAGE_BYTES, type FieldError } from '../../contracts/contract-validator';
import {
  CHANGE_EVENT_PUBLISHER,
  TransportUnavailableError,
  type ChangeEventPublisher,
} from '../../messaging/change-event-publisher';
import { CHANGE_EVENT_VALIDATOR, type ChangeEventValidator } from '../../contracts/change-event-validator';
import type { AcceptedChangeEvent } from '../domain/change-stream';

export const MAX_BATCH = 1_000;

export interface IngestResponse {
  readonly accepted: readonly { index: number; eventId: string }[];
  readonly rejected: readonly { index: number; errors: readonly FieldError[] }[];
}

@Controller('v1/change-events')
export class ChangeEventsController {
  constructor(
    @Inject(CHANGE_EVENT_VALIDATOR) private readonly validator: ChangeEventValidator,
    @Inject(CHANGE_EVENT_PUBLISHER) private readonly publisher: ChangeEventPublisher,
  ) {}

  /**
   * One event or an array of up to 1,000. Valid items are acknowledged (202) only once durable;
   * invalid ones are listed with the fields at fault. If no item is valid: 400.
   */
  @Post()
  @Roles('publisher')
  @HttpCode(HttpStatus.ACCEPTED)
  async ingest(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IngestResponse> {
    const items = Array.isArray(body) ? (body as unknown[]) : [body];
    if (items.length === 0)
      throw new BadRequestException('the body is an empty array: send 1 to 1,000 events');
    if (items.length > MAX_BATCH) {
      throw new BadRequestException(`the body has ${items.length} events; at most ${MAX_BATCH} per request`);
    }
    const accepted: AcceptedChangeEvent[] = [];
    const acceptedIndexes: number[] = [];
    const rejected: { index: number; errors: readonly FieldError[] }[] = [];
    const metadata = { receivedVia: 'http', publishedBy: principal.name };
    items.forEach((item, index) => {
      // Items come from a parsed JSON body, so each one serialises.
      const size = Buffer.byteLength(JSON.stringify(item));
      const result =
        size > MAX_MESSAGE_BYTES
          ? ({
              ok: false,
              errors: [
                { field: '', message: `event is ${size} bytes, over the ${MAX_MESSAGE_BYTES}-byte limit` },
              ],
            } as const)
          : this.validator.check(item);
      if (!result.ok) {
        rejected.push({ index, errors: result.errors });
        return;
      }
      accepted.push({ event: result.value, metadata });
      acceptedIndexes.push(index);
    });
    // A publisher may speak only for its own systems; one foreign event refuses the whole request.
    const foreign = accepted.findIndex(({ event }) => !mayPublishAs(principal, event.source));
    if (foreign >= 0) {
      const source = accepted[foreign]?.event.source ?? '';
      throw new ForbiddenException(
        `event at index ${acceptedIndexes[foreign] ?? foreign} has source "${source}", which this API key may not publish as`,
      );
    }
    if (accepted.length === 0) {
      throw new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: rejected.flatMap((r) =>
          r.errors.map((e) => (items.length > 1 ? `[${r.index}] ${e.message}` : e.message)),
        ),
        accepted: [],
        rejected,
      });
    }
    try {
      await this.publisher.publish(accepted);
    } catch (error) {
      if (error instanceof TransportUnavailableError) {
        response.setHeader('Retry-After', String(error.retryAfterSeconds));
        throw new HttpException(
          {
            statusCode: 503,
            error: 'Service Unavailable',
            message: `${error.message}; nothing was accepted, retry`,
          },
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      }
      throw error;
    }
    return {
      accepted: accepted.map(({ event }, i) => ({ index: acceptedIndexes[i] ?? i, eventId: event.eventId })),
      rejected,
    };
  }
}

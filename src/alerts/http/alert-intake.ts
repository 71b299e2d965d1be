import { ForbiddenException, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { mayPublishAs, type Principal } from '../../auth/api-keys';
import type { BatchRejection } from '../../common/http/batch-intake';
import type { JsonObject } from '../../event-store/domain/stored-event';
import { IngestAlertEventsCommand } from '../commands/ingest-alert-events/ingest-alert-events.command';
import { alertEventId, type AlertEvent } from '../domain/alert-event';

export interface AlertIngestResponse {
  readonly accepted: readonly { index: number; eventId: string }[];
  readonly rejected: readonly BatchRejection[];
}

/**
 * What every HTTP intake of alerts does once its items are valid alert-event.v1 events (whatever format
 * they arrived in): the trust rule (a key speaks only for its sources; one foreign alert refuses the whole
 * request), then the ingest command, which stores them and projects them in one transaction.
 */
@Injectable()
export class AlertIntake {
  constructor(private readonly commands: CommandBus) {}

  async ingest(
    accepted: readonly { index: number; event: AlertEvent }[],
    rejected: readonly BatchRejection[],
    principal: Principal,
    metadata: JsonObject & { receivedVia: string },
  ): Promise<AlertIngestResponse> {
    const foreign = accepted.find(({ event }) => !mayPublishAs(principal, event.source));
    if (foreign !== undefined) {
      throw new ForbiddenException(
        `alert at index ${foreign.index} has source "${foreign.event.source}", which this API key may not publish as`,
      );
    }
    const recorded = { ...metadata, publishedBy: principal.name };
    await this.commands.execute(
      new IngestAlertEventsCommand(accepted.map(({ event }) => ({ event, metadata: recorded }))),
    );
    return {
      accepted: accepted.map(({ index, event }) => ({ index, eventId: alertEventId(event) })),
      rejected: [...rejected].sort((a, b) => a.index - b.index),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { IngestChangeEventsCommand } from '../../changes/commands/ingest-change-events/ingest-change-events.command';
import type { AcceptedChangeEvent } from '../../changes/domain/change-stream';
import type { ChangeEventPublisher } from '../change-event-publisher';

/** Embedded mode: no broker hop; the same ingest handler the Kafka consumer uses runs directly. */
@Injectable()
export class InProcessChangeEventPublisher implements ChangeEventPublisher {
  constructor(private readonly commands: CommandBus) {}

  async publish(events: readonly AcceptedChangeEvent[]): Promise<void> {
    await this.commands.execute(new IngestChangeEventsCommand(events));
  }
}

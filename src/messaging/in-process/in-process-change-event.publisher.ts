import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { IngestChangeEventsCommand } from '../../changes/commands/ingest-change-events/ingest-change-events.command';
import type { AcceptedChangeEvent } from '../../changes/domain/change-stream';
import { Metrics } from '../../telemetry/metrics/metrics';
import type { ChangeEventPublisher, PublishOutcome } from '../change-event-publisher';

/** Embedded mode: no broker hop; the same ingest handler the Kafka consumer uses runs directly. */
@Injectable()
export class InProcessChangeEventPublisher implements ChangeEventPublisher {
  constructor(
    private readonly commands: CommandBus,
    private readonly metrics: Metrics,
  ) {}

  async publish(events: readonly AcceptedChangeEvent[]): Promise<readonly PublishOutcome[]> {
    const started = performance.now();
    const { stored, duplicates, outcomes } = await this.commands.execute(
      new IngestChangeEventsCommand(events),
    );
    const conflicts = outcomes.filter((o) => o === 'conflict').length;
    // Embedded mode has no topic: its ingest is counted under topic="in-process".
    this.metrics.recordIngestChunk({
      topic: 'in-process',
      messages: events.length,
      ingested: stored.length,
      duplicates: duplicates.length,
      rejected: new Map(conflicts > 0 ? [['conflict', conflicts]] : []),
      seconds: (performance.now() - started) / 1000,
    });
    return outcomes;
  }
}

import { Command } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import type { AcceptedTopology } from '../../domain/topology-stream';

/** Appends new versions of the dependency graph (the last one wins); see IngestChangeEventsCommand. */
export class ReplaceTopologyCommand extends Command<{ readonly stored: number }> {
  constructor(
    readonly topologies: readonly AcceptedTopology[],
    readonly withinTransaction?: (tx: EntityManager) => Promise<void>,
  ) {
    super();
  }
}

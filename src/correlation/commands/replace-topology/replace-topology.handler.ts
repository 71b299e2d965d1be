import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EntityManager } from 'typeorm';
import { EventStore } from '../../../event-store/event-store';
import { toNewTopologyEvent } from '../../domain/topology-stream';
import { ReplaceTopologyCommand } from './replace-topology.command';

@CommandHandler(ReplaceTopologyCommand)
export class ReplaceTopologyHandler implements ICommandHandler<
  ReplaceTopologyCommand,
  { readonly stored: number }
> {
  constructor(private readonly store: EventStore<EntityManager>) {}

  async execute({
    topologies,
    withinTransaction,
  }: ReplaceTopologyCommand): Promise<{ readonly stored: number }> {
    const now = new Date();
    return this.store.transaction(async (tx) => {
      const { appended } = await this.store.append(
        tx,
        topologies.map((t) => toNewTopologyEvent(t, now)),
      );
      if (withinTransaction) await withinTransaction(tx);
      return { stored: appended.length };
    });
  }
}

import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '../../../event-store/event-store';
import { toNewCoverageEvent } from '../../domain/coverage-stream';
import { DeclareAlertCoverageCommand } from './declare-alert-coverage.command';

@CommandHandler(DeclareAlertCoverageCommand)
export class DeclareAlertCoverageHandler implements ICommandHandler<DeclareAlertCoverageCommand, void> {
  constructor(private readonly store: EventStore) {}

  async execute({ declared, metadata }: DeclareAlertCoverageCommand): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.store.append(tx, [toNewCoverageEvent(declared, metadata, new Date())]);
    });
  }
}

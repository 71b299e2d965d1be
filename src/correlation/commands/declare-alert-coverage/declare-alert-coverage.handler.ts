import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '../../../event-store/postgres-event-store';
import { toNewCoverageEvent } from '../../domain/coverage-stream';
import { DeclareAlertCoverageCommand } from './declare-alert-coverage.command';

@CommandHandler(DeclareAlertCoverageCommand)
export class DeclareAlertCoverageHandler implements ICommandHandler<DeclareAlertCoverageCommand, void> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
  ) {}

  async execute({ declared, metadata }: DeclareAlertCoverageCommand): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await this.store.append(tx, [toNewCoverageEvent(declared, metadata, new Date())]);
    });
  }
}

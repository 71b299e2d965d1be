import { Module } from '@nestjs/common';
import { AuditController } from './http/audit.controller';
import { PostgresEventStore } from './postgres-event-store';

@Module({
  controllers: [AuditController],
  providers: [PostgresEventStore],
  exports: [PostgresEventStore],
})
export class EventStoreModule {}

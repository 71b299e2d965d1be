import { Module } from '@nestjs/common';
import { EventStore } from './event-store';
import { AuditController } from './http/audit.controller';
import { PostgresEventStore } from './postgres-event-store';

/** Modules depend on EventStore (the interface); the audit walk is PostgreSQL's own. */
@Module({
  controllers: [AuditController],
  providers: [PostgresEventStore, { provide: EventStore, useExisting: PostgresEventStore }],
  exports: [EventStore],
})
export class EventStoreModule {}

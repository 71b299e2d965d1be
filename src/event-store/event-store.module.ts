import { Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuditProofs } from './checkpoints/audit-proofs';
import { CheckpointRepository } from './checkpoints/checkpoint-repository';
import { AUDIT_KEYS, CheckpointSealer } from './checkpoints/checkpoint-sealer';
import { loadAuditKeys } from './checkpoints/signing-key';
import { EventStore } from './event-store';
import { AuditController } from './http/audit.controller';
import { PostgresEventStore } from './postgres-event-store';

/** Modules depend on EventStore (the interface); the audit walk is PostgreSQL's own. */
@Module({
  controllers: [AuditController],
  providers: [
    PostgresEventStore,
    { provide: EventStore, useExisting: PostgresEventStore },
    CheckpointRepository,
    AuditProofs,
    CheckpointSealer,
    {
      provide: AUDIT_KEYS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadAuditKeys(config.audit, new Logger('AuditKeys')),
    },
  ],
  exports: [EventStore, PostgresEventStore, CheckpointSealer],
})
export class EventStoreModule {}

import { Logger, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AuditProofs } from './checkpoints/audit-proofs';
import { CheckpointRepository } from './checkpoints/checkpoint-repository';
import { AUDIT_KEYS, CheckpointSealer } from './checkpoints/checkpoint-sealer';
import { loadAuditKeys } from './checkpoints/signing-key';
import { AuditController } from './http/audit.controller';
import { PostgresEventStore } from './postgres-event-store';

@Module({
  controllers: [AuditController],
  providers: [
    PostgresEventStore,
    CheckpointRepository,
    AuditProofs,
    CheckpointSealer,
    {
      provide: AUDIT_KEYS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadAuditKeys(config.audit, new Logger('AuditKeys')),
    },
  ],
  exports: [PostgresEventStore, CheckpointSealer],
})
export class EventStoreModule {}

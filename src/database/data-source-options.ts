import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { EventStore1795737600000 } from '../../migrations/1795737600000-event-store';
import { ChangeTimeline1795737600001 } from '../../migrations/1795737600001-change-timeline';
import { FreezeWindows1795737600002 } from '../../migrations/1795737600002-freeze-windows';
import { FreezeChecks1795737600003 } from '../../migrations/1795737600003-freeze-checks';
import { Alerts1795737600004 } from '../../migrations/1795737600004-alerts';
import { ChangesCandidates1795737600005 } from '../../migrations/1795737600005-changes-candidates';
import { ChangeSteps1795737600006 } from '../../migrations/1795737600006-change-steps';
import { TypeOrmPinoLogger } from './typeorm-logger';
import { SourceIdentity1795737600007 } from '../../migrations/1795737600007-source-identity';
import { AlertCoverage1795737600008 } from '../../migrations/1795737600008-alert-coverage';
import { ConsoleSessions1795737600010 } from '../../migrations/1795737600010-console-sessions';
import { TimelineFilters1795737600011 } from '../../migrations/1795737600011-timeline-filters';
import { IntakeRejections1795737600012 } from '../../migrations/1795737600012-intake-rejections';
import { EventLeafHash1795737600020 } from '../../migrations/1795737600020-event-leaf-hash';
import { AuditCheckpoints1795737600021 } from '../../migrations/1795737600021-audit-checkpoints';
import { ConcurrentAppends1795737600030 } from '../../migrations/1795737600030-concurrent-appends';
import { CorrelationWeights1795737600040 } from '../../migrations/1795737600040-correlation-weights';
import { AuditLeafPages1795737600050 } from '../../migrations/1795737600050-audit-leaf-pages';

/** Every migration, in order. A landed migration is never edited: add a new one. */
export const MIGRATIONS = [
  EventStore1795737600000,
  ChangeTimeline1795737600001,
  FreezeWindows1795737600002,
  FreezeChecks1795737600003,
  Alerts1795737600004,
  ChangesCandidates1795737600005,
  ChangeSteps1795737600006,
  SourceIdentity1795737600007,
  AlertCoverage1795737600008,
  ConsoleSessions1795737600010,
  TimelineFilters1795737600011,
  IntakeRejections1795737600012,
  EventLeafHash1795737600020,
  AuditCheckpoints1795737600021,
  ConcurrentAppends1795737600030,
  CorrelationWeights1795737600040,
  AuditLeafPages1795737600050,
];

/** A statement that takes longer is logged as a warning (without its parameter values). */
export const SLOW_QUERY_MS = 1_000;

export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Failures (error), slow statements (warn) and migrations (info) go through the service's logger.
    logger: new TypeOrmPinoLogger(),
    maxQueryExecutionTime: SLOW_QUERY_MS,
    extra: {
      max: 10,
      // Keep a stuck session from holding back readers that follow the store by position.
      idle_in_transaction_session_timeout: 30_000,
      application_name: `change-audit:${path.basename(process.argv[1] ?? 'node')}`,
    },
  };
}

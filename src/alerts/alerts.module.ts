import { Module } from '@nestjs/common';
import { EventStoreModule } from '../event-store/event-store.module';
import { IngestAlertEventsHandler } from './commands/ingest-alert-events/ingest-alert-events.handler';
import { RebuildAlertsHandler } from './commands/rebuild-alerts/rebuild-alerts.handler';
import { AlertIntake } from './http/alert-intake';
import { AlertsController } from './http/alerts.controller';
import { AlertsProjectionsController } from './http/alerts-projections.controller';
import { AlertsCheck } from './infrastructure/alerts.check';
import { AlertsProjection } from './infrastructure/alerts.projection';
import { AlertsReadModel } from './infrastructure/alerts.read-model';

/** Alerts in (generic alert-event.v1 and Alertmanager's webhook), stored as events, one row per instance. */
@Module({
  imports: [EventStoreModule],
  controllers: [AlertsController, AlertsProjectionsController],
  providers: [
    AlertIntake,
    AlertsProjection,
    AlertsReadModel,
    AlertsCheck,
    IngestAlertEventsHandler,
    RebuildAlertsHandler,
  ],
  exports: [AlertsReadModel, AlertIntake, AlertsCheck],
})
export class AlertsModule {}

import { IntakeModule } from '../intake/intake.module';
import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ChangesModule } from '../changes/changes.module';
import { CdEventTranslator } from './cdevent-translator';
import { CdEventsController } from './http/cdevents.controller';

/**
 * CDEvents in (CloudEvents over HTTP; the Kafka binding is wired by MessagingModule): mapped to change and
 * alert events, then ingested exactly as those are.
 */
@Module({
  imports: [ChangesModule, AlertsModule, IntakeModule],
  controllers: [CdEventsController],
  providers: [CdEventTranslator],
  exports: [CdEventTranslator],
})
export class CdEventsModule {}

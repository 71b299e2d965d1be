import { Global, Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module';
import { ChangesModule } from '../changes/changes.module';
import { FreezeModule } from '../freeze/freeze.module';
import { CheckReadModelsHandler } from './commands/check-read-models/check-read-models.handler';
import { ReadModelsController } from './http/read-models.controller';

/** Read models held to the store: the check, its route and its schedule; readiness reads its last report. */
@Global()
@Module({
  imports: [ChangesModule, FreezeModule, AlertsModule],
  controllers: [ReadModelsController],
  providers: [CheckReadModelsHandler],
  exports: [CheckReadModelsHandler],
})
export class ReadModelsModule {}

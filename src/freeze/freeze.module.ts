import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { AmendFreezeWindowHandler } from './commands/amend-freeze-window/amend-freeze-window.handler';
import { CancelFreezeWindowHandler } from './commands/cancel-freeze-window/cancel-freeze-window.handler';
import { DeclareFreezeWindowHandler } from './commands/declare-freeze-window/declare-freeze-window.handler';
import { LiftFreezeWindowHandler } from './commands/lift-freeze-window/lift-freeze-window.handler';
import { FreezeController } from './http/freeze.controller';
import { FreezeWindowsController } from './http/freeze-windows.controller';
import { FreezeViolationsController } from './http/freeze-violations.controller';
import { FreezeCheckRecorder } from './infrastructure/freeze-check-recorder';
import { FreezeWindowRegistry } from './infrastructure/freeze-window-registry';
import { ListFreezeViolationsHandler } from './queries/list-freeze-violations/list-freeze-violations.handler';
import { FreezeWindowWriter } from './infrastructure/freeze-window-writer';

/** Freeze windows (event-sourced), the in-memory evaluator, and their HTTP API. */
@Module({
  imports: [EventStoreModule, ChangesModule],
  controllers: [FreezeWindowsController, FreezeController, FreezeViolationsController],
  providers: [
    FreezeWindowWriter,
    FreezeWindowRegistry,
    FreezeCheckRecorder,
    ListFreezeViolationsHandler,
    DeclareFreezeWindowHandler,
    AmendFreezeWindowHandler,
    LiftFreezeWindowHandler,
    CancelFreezeWindowHandler,
  ],
  exports: [FreezeWindowRegistry],
})
export class FreezeModule {}

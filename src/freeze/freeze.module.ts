import { FreezeWindowsCheck } from './infrastructure/freeze-windows.check';
import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { AmendFreezeWindowHandler } from './commands/amend-freeze-window/amend-freeze-window.handler';
import { CancelFreezeWindowHandler } from './commands/cancel-freeze-window/cancel-freeze-window.handler';
import { DeclareFreezeWindowHandler } from './commands/declare-freeze-window/declare-freeze-window.handler';
import { LiftFreezeWindowHandler } from './commands/lift-freeze-window/lift-freeze-window.handler';
import { RebuildFreezeChecksHandler } from './commands/rebuild-freeze-checks/rebuild-freeze-checks.handler';
import { RebuildFreezeWindowsHandler } from './commands/rebuild-freeze-windows/rebuild-freeze-windows.handler';
import { FreezeController } from './http/freeze.controller';
import { FreezeWindowsController } from './http/freeze-windows.controller';
import { FreezeProjectionsController } from './http/freeze-projections.controller';
import { FreezeViolationsController } from './http/freeze-violations.controller';
import { FreezeCheckRecorder } from './infrastructure/freeze-check-recorder';

import { FreezeWindowRegistry } from './infrastructure/freeze-window-registry';
import { ListFreezeWindowsHandler } from './queries/list-freeze-windows/list-freeze-windows.handler';
import { PreviewFreezeWindowHandler } from './queries/preview-freeze-window/preview-freeze-window.handler';
import { ListFreezeViolationsHandler } from './queries/list-freeze-violations/list-freeze-violations.handler';
import { FreezeWindowRows, FreezeWindowWriter } from './infrastructure/freeze-window-writer';
import { OverrideAuthorityService } from './infrastructure/override-authority';
import { OverrideGrantStore } from './infrastructure/override-grant-store';
import { OverrideGrantsController } from './http/override-grants.controller';

/** Freeze windows (event-sourced), the in-memory evaluator, and their HTTP API. */
@Module({
  imports: [EventStoreModule, ChangesModule],
  controllers: [
    FreezeWindowsController,
    FreezeController,
    FreezeViolationsController,
    FreezeProjectionsController,
    OverrideGrantsController,
  ],
  providers: [
    FreezeWindowsCheck,
    FreezeWindowWriter,
    FreezeWindowRows,
    FreezeWindowRegistry,
    FreezeCheckRecorder,
    ListFreezeViolationsHandler,
    DeclareFreezeWindowHandler,
    AmendFreezeWindowHandler,
    LiftFreezeWindowHandler,
    CancelFreezeWindowHandler,
    RebuildFreezeWindowsHandler,
    RebuildFreezeChecksHandler,
    ListFreezeWindowsHandler,
    PreviewFreezeWindowHandler,
    OverrideGrantStore,
    OverrideAuthorityService,
  ],
  exports: [FreezeWindowRegistry, FreezeWindowsCheck],
})
export class FreezeModule {}

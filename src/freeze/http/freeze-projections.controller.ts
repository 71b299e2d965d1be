import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import {
  RebuildFreezeChecksCommand,
  type FreezeChecksRebuildResult,
} from '../commands/rebuild-freeze-checks/rebuild-freeze-checks.command';
import {
  RebuildFreezeWindowsCommand,
  type FreezeWindowsRebuildResult,
} from '../commands/rebuild-freeze-windows/rebuild-freeze-windows.command';

/** Rebuilds of the freeze read models, beside the change timeline's under /v1/projections. */
@Controller('v1/projections')
export class FreezeProjectionsController {
  constructor(private readonly commands: CommandBus) {}

  /** Folds `freeze_windows` again from the freeze-window streams; every instance reloads its windows. */
  @Post('freeze-windows/rebuild')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  rebuildFreezeWindows(): Promise<FreezeWindowsRebuildResult> {
    return this.commands.execute(new RebuildFreezeWindowsCommand());
  }

  /** Fills `freeze_checks` again from the freeze-check events (violations and excused changes). */
  @Post('freeze-checks/rebuild')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  rebuildFreezeChecks(): Promise<FreezeChecksRebuildResult> {
    return this.commands.execute(new RebuildFreezeChecksCommand());
  }
}

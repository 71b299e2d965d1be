import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import {
  RebuildAlertsCommand,
  type AlertsRebuildResult,
} from '../commands/rebuild-alerts/rebuild-alerts.command';

@Controller('v1/projections')
export class AlertsProjectionsController {
  constructor(private readonly commands: CommandBus) {}

  /** Folds the `alerts` read model again from the alert streams. */
  @Post('alerts/rebuild')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  rebuildAlerts(): Promise<AlertsRebuildResult> {
    return this.commands.execute(new RebuildAlertsCommand());
  }
}

import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { RebuildChangeTimelineCommand } from '../commands/rebuild-change-timeline/rebuild-change-timeline.command';
import type { RebuildResult } from '../commands/rebuild-change-timeline/rebuild-change-timeline.command';

@Controller('v1/projections')
export class ProjectionsController {
  constructor(private readonly commands: CommandBus) {}

  /** Drops the change timeline and folds it again from the event store. Ingest pauses meanwhile. */
  @Post('change-timeline/rebuild')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  rebuild(): Promise<RebuildResult> {
    return this.commands.execute(new RebuildChangeTimelineCommand());
  }
}

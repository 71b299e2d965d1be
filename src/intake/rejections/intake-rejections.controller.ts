import { Controller, Get, Query } from '@nestjs/common';
import { Roles } from '../../auth/auth.decorators';
import { rangeParams } from '../../common/http/query-params';
import { IntakeRejections, type StoredIntakeRejection } from './intake-rejections';
import { ListRejectionsRequest } from './list-rejections.request';

@Controller('v1/intake/rejections')
export class IntakeRejectionsController {
  constructor(private readonly rejections: IntakeRejections) {}

  /**
   * Payloads the intakes refused, newest first, with the reason and the fields at fault: the raw payload
   * as received (at most 64 KiB of it), so admins only. Kept INTAKE_REJECTION_RETENTION_DAYS days.
   */
  @Get()
  @Roles('admin')
  async list(@Query() request: ListRejectionsRequest): Promise<{ items: StoredIntakeRejection[] }> {
    const filter = {
      ...rangeParams(request.from, request.to),
      ...(request.integration === undefined ? {} : { integration: request.integration }),
      ...(request.kind === undefined ? {} : { kind: request.kind }),
      ...(request.before === undefined ? {} : { before: request.before }),
    };
    return { items: await this.rejections.list(filter, request.limit ?? 50) };
  }
}

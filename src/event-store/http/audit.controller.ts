import { Controller, Get } from '@nestjs/common';
import { Roles } from '../../auth/auth.decorators';
import { PostgresEventStore, type VerifyReport } from '../postgres-event-store';

@Controller('v1/audit')
export class AuditController {
  constructor(private readonly store: PostgresEventStore) {}

  /** Walks the hash chain from the first event to the recorded head; reports the first broken link. */
  @Get('verify')
  @Roles('admin')
  verify(): Promise<VerifyReport> {
    return this.store.verify();
  }
}

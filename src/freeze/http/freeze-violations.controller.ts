import { BadRequestException, Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { decodeCursor } from '../../common/keyset-cursor';
import {
  ListFreezeViolationsQuery,
  type FreezeViolationPage,
} from '../queries/list-freeze-violations/list-freeze-violations.query';
import { ListFreezeViolationsRequest } from '../queries/list-freeze-violations/list-freeze-violations.request';

const DEFAULT_PAGE = 50;

@Controller('v1/freeze/violations')
export class FreezeViolationsController {
  constructor(private readonly queries: QueryBus) {}

  /** Changes that started inside a freeze: violations, and those an exemption or override let through. */
  @Get()
  @Roles('reviewer')
  async list(@Query() request: ListFreezeViolationsRequest): Promise<FreezeViolationPage> {
    const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor);
    if (request.cursor !== undefined && cursor === undefined) {
      throw new BadRequestException('cursor is not valid: pass the nextCursor of a previous page');
    }
    const from = request.from === undefined ? undefined : new Date(request.from);
    const to = request.to === undefined ? undefined : new Date(request.to);
    if (from && to && from >= to) throw new BadRequestException('from must be before to');
    return this.queries.execute(
      new ListFreezeViolationsQuery(
        {
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          ...(request.outcome ? { outcomes: request.outcome } : {}),
          ...(request.service ? { services: request.service } : {}),
          ...(request.environment !== undefined ? { environment: request.environment } : {}),
          ...(request.kind !== undefined ? { kind: request.kind } : {}),
        },
        request.limit ?? DEFAULT_PAGE,
        cursor,
      ),
    );
  }
}

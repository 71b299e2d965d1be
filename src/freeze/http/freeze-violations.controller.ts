import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import { cursorParam, rangeParams } from '../../common/http/query-params';
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
    const cursor = cursorParam(request.cursor);
    const { from, to } = rangeParams(request.from, request.to);
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

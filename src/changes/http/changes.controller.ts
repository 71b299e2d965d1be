import { ConflictException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Roles } from '../../auth/auth.decorators';
import type { ChangeDetail } from '../queries/get-change/get-change.query';
import { AmbiguousChangeIdError, GetChangeQuery } from '../queries/get-change/get-change.query';
import { ListChangesQuery, type ChangePage } from '../queries/list-changes/list-changes.query';
import { ListChangesRequest } from '../queries/list-changes/list-changes.request';
import { VerifyChangeQuery, type ChangeVerification } from '../queries/verify-change/verify-change.query';
import { DescribeResponse } from '../../common/http/request-contract';
import {
  cursorParam,
  instantRangeParams,
  parameterRejection,
  rangeParams,
} from '../../common/http/query-params';
import { ServiceNeighboursQuery } from '../../correlation/queries/service-neighbours/service-neighbours.query';

export const DEFAULT_PAGE = 50;

/** The address of one change. */
export function changeHref(source: string, changeId: string): string {
  return `/v1/changes/${encodeURIComponent(source)}/${encodeURIComponent(changeId)}`;
}

@Controller('v1/changes')
export class ChangesController {
  constructor(private readonly queries: QueryBus) {}

  /** The change timeline, newest first. */
  @Get()
  @Roles('reviewer')
  async list(@Query() request: ListChangesRequest): Promise<ChangePage> {
    const cursor = cursorParam(request.cursor);
    const { from, to } = rangeParams(request.from, request.to);
    const active = instantRangeParams(['activeFrom', 'activeTo'], request.activeFrom, request.activeTo);
    let services = request.service;
    if (request.neighbours === 'true') {
      if (services === undefined) {
        throw parameterRejection('neighbours', 'neighbours=true needs service: whose neighbours to include');
      }
      services = [...services, ...(await this.queries.execute(new ServiceNeighboursQuery(services)))];
    }
    return this.queries.execute(
      new ListChangesQuery(
        {
          ...(services ? { services } : {}),
          ...(request.team ? { teams: request.team } : {}),
          ...(request.q !== undefined ? { text: request.q } : {}),
          ...(active.start ? { activeFrom: active.start } : {}),
          ...(active.end ? { activeTo: active.end } : {}),
          ...(request.environment !== undefined ? { environment: request.environment } : {}),
          ...(request.region !== undefined ? { region: request.region } : {}),
          ...(request.kind !== undefined ? { kind: request.kind } : {}),
          ...(request.phase !== undefined ? { phase: request.phase } : {}),
          ...(request.actor !== undefined ? { actor: request.actor } : {}),
          ...(request.source !== undefined ? { source: request.source } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        },
        request.limit ?? DEFAULT_PAGE,
        cursor,
      ),
    );
  }

  /**
   * One change, addressed by its source and changeId (URL-encoded: a changeId may hold `/`, `:` or `@`):
   * its current state and every event, in the order they occurred.
   */
  @Get(':source/:changeId')
  @Roles('reviewer')
  async get(@Param('source') source: string, @Param('changeId') changeId: string): Promise<ChangeDetail> {
    const detail = await this.queries.execute(new GetChangeQuery(changeId, source));
    if (detail === undefined) {
      throw new NotFoundException(`no change with source "${source}" and changeId "${changeId}"`);
    }
    return detail;
  }

  /**
   * Whether each of the change's events verifies in the audit record: its hash recomputed, as the store
   * computes it, from its content and the previous hash it records.
   */
  @Get(':source/:changeId/verification')
  @Roles('reviewer')
  @DescribeResponse({
    status: 200,
    description: '`ok` is true when every event of the change verifies; each event says whether it does.',
    schema: {
      type: 'object',
      required: ['ok', 'events'],
      properties: {
        ok: { type: 'boolean' },
        events: {
          type: 'array',
          items: {
            type: 'object',
            required: ['position', 'eventId', 'eventType', 'ok'],
            properties: {
              position: { type: 'string', description: 'The position in the store (a decimal integer).' },
              eventId: { type: 'string' },
              eventType: { type: 'string' },
              ok: { type: 'boolean' },
            },
          },
        },
      },
    },
  })
  async verify(
    @Param('source') source: string,
    @Param('changeId') changeId: string,
  ): Promise<ChangeVerification> {
    const verification = await this.queries.execute(new VerifyChangeQuery(source, changeId));
    if (verification === undefined) {
      throw new NotFoundException(`no change with source "${source}" and changeId "${changeId}"`);
    }
    return verification;
  }

  /**
   * The address from before changes were scoped by source: the change, when exactly one source has that
   * changeId; 409 listing the addresses when several do.
   */
  @Get(':changeId')
  @Roles('reviewer')
  async getByChangeId(@Param('changeId') changeId: string): Promise<ChangeDetail> {
    try {
      const detail = await this.queries.execute(new GetChangeQuery(changeId));
      if (detail === undefined) throw new NotFoundException(`no change with changeId "${changeId}"`);
      return detail;
    } catch (error) {
      if (!(error instanceof AmbiguousChangeIdError)) throw error;
      throw new ConflictException({
        statusCode: 409,
        error: 'Conflict',
        message: `${error.message}: address one as /v1/changes/{source}/{changeId}`,
        changes: error.sources.map((source) => ({
          source,
          changeId,
          href: changeHref(source, changeId),
        })),
      });
    }
  }
}

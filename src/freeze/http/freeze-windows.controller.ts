import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { contractRejection } from '../../common/http/contract-rejection';
import { parseInstant } from '../../common/instant';
import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
import { createFreezeWindowPatchValidator } from '../../contracts/freeze-window-validator';
import { createReasonRequestValidator } from '../../contracts/reason-request-validator';
import type { EntityManager } from 'typeorm';
import { EventStore } from '../../event-store/event-store';
import { AmendFreezeWindowCommand } from '../commands/amend-freeze-window/amend-freeze-window.command';
import { CancelFreezeWindowCommand } from '../commands/cancel-freeze-window/cancel-freeze-window.command';
import { DeclareFreezeWindowCommand } from '../commands/declare-freeze-window/declare-freeze-window.command';
import { LiftFreezeWindowCommand } from '../commands/lift-freeze-window/lift-freeze-window.command';
import { calendarPage } from '../domain/calendar';
import { isSupportedInstant } from '../domain/freeze-window';
import { FREEZE_WINDOW_STREAM } from '../domain/freeze-window-stream';
import { FreezeWindowRegistry } from '../infrastructure/freeze-window-registry';
import { toStoredWindow, type StoredFreezeWindow } from '../infrastructure/freeze-window-writer';
import { ListFreezeWindowsQuery } from '../queries/list-freeze-windows/list-freeze-windows.query';
import {
  CancelFreezeWindowRequest,
  FreezeCalendarRequest,
  PreviewFreezeWindowRequest,
} from './freeze-window-requests';
import { ListFreezeWindowsRequest } from '../queries/list-freeze-windows/list-freeze-windows.request';
import {
  DEFAULT_PREVIEW_DAYS,
  MAX_PREVIEW_DAYS,
  PreviewFreezeWindowQuery,
  type FreezeWindowPreview,
} from '../queries/preview-freeze-window/preview-freeze-window.query';
import { RequestContract } from '../../common/http/request-contract';

/** The widest calendar one request may expand. */
const MAX_CALENDAR_DAYS = 366;
/** Occurrences of one window on one calendar page; more, and the page is cut (`truncated`). */
const MAX_OCCURRENCES_PER_WINDOW = 1_000;

/**
 * An instant query parameter (its form checked by the request's DTO) within the range the schedules
 * evaluate, or 400 naming it.
 */
function supportedInstant(name: string, text: string): Date {
  const parsed = parseInstant(text);
  if (parsed === undefined || !isSupportedInstant(parsed.getTime())) {
    throw new BadRequestException(
      `${name} must be an ISO 8601 instant with Z or an offset between 1900 and 2500, got ${JSON.stringify(text)}`,
    );
  }
  return parsed;
}

/**
 * A calendar page's `cursor`: the `nextCursor` of the previous page, the start (an instant) from which the
 * list goes on. It may lie before `from` (when more occurrences than a page holds are running at `from`).
 */
function calendarCursor(text: string | undefined, to: Date): Date | undefined {
  if (text === undefined) return undefined;
  const parsed = parseInstant(text);
  if (parsed === undefined || !isSupportedInstant(parsed.getTime()) || parsed >= to) {
    throw new BadRequestException('cursor is not valid: pass the nextCursor of a previous page');
  }
  return parsed;
}

/**
 * The look-back of a preview, from `?days=` (checked by PreviewFreezeWindowRequest) or a top-level `days`
 * in the body (not both); default 7.
 */
function previewDays(query: number | undefined, body: unknown): number {
  if (query !== undefined && body !== undefined) {
    throw new BadRequestException('days must be given once: as a query parameter or in the body');
  }
  if (query !== undefined) return query;
  if (body === undefined) return DEFAULT_PREVIEW_DAYS;
  if (typeof body !== 'number' || !Number.isInteger(body) || body < 1 || body > MAX_PREVIEW_DAYS) {
    throw new BadRequestException(`days must be a whole number from 1 to ${MAX_PREVIEW_DAYS}`);
  }
  return body;
}

@Controller('v1/freeze-windows')
export class FreezeWindowsController {
  /** The PATCH and lift bodies' contracts (a definition is checked by the commands, merged for a PATCH). */
  private readonly patches = createFreezeWindowPatchValidator();
  private readonly reasons = createReasonRequestValidator();

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly registry: FreezeWindowRegistry,
    private readonly store: EventStore<EntityManager>,
  ) {}

  @Post()
  @RequestContract('freeze-window-definition.v1')
  @Roles('admin')
  async declare(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StoredFreezeWindow> {
    const window = await this.commands.execute(new DeclareFreezeWindowCommand(body, principal.name));
    return toStoredWindow(window);
  }

  /**
   * Dry run: what the definition (the body of POST /v1/freeze-windows) would have denied over the last
   * `days` days and what it would catch now. Validated like a declaration; nothing is saved.
   */
  @Post('preview')
  @RequestContract('freeze-window-definition.v1')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  async preview(
    @Body() body: unknown,
    @Query() query: PreviewFreezeWindowRequest,
  ): Promise<FreezeWindowPreview> {
    let definition = body;
    let bodyDays: unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const { days, ...rest } = body as Record<string, unknown>;
      definition = rest;
      bodyDays = days;
    }
    const days = previewDays(query.days, bodyDays);
    return this.queries.execute(new PreviewFreezeWindowQuery(definition, days, new Date()));
  }

  /**
   * Windows, optionally only those in force at `activeAt`, or whose scope would match a change with the
   * given service, team, environment, region, kind and tier; cancelled ones only when asked for.
   */
  @Get()
  @Roles('reviewer', 'publisher')
  async list(@Query() request: ListFreezeWindowsRequest): Promise<{ items: StoredFreezeWindow[] }> {
    const { activeAt, includeCancelled, ...attributes } = request;
    const at = activeAt === undefined ? undefined : supportedInstant('activeAt', activeAt);
    const items = await this.queries.execute(
      new ListFreezeWindowsQuery({
        ...(at === undefined ? {} : { activeAt: at }),
        includeCancelled: includeCancelled === 'true',
        attributes,
      }),
    );
    return { items: items.map(toStoredWindow) };
  }

  /**
   * A calendar: every occurrence of every window in [from, to), at most 366 days, in start order. A page
   * holds at most 1,000 occurrences of each window; a cut page says `truncated: true` and gives the
   * `nextCursor` to pass as `cursor` (with the same from and to) for the rest.
   */
  @Get('occurrences')
  @Roles('reviewer', 'publisher')
  occurrences(@Query() query: FreezeCalendarRequest) {
    const from = supportedInstant('from', query.from);
    const to = supportedInstant('to', query.to);
    if (to <= from) throw new BadRequestException('to must be after from');
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 86_400_000) {
      throw new BadRequestException(`the range may span at most ${MAX_CALENDAR_DAYS} days`);
    }
    const startingAt = calendarCursor(query.cursor, to);
    const page = calendarPage(
      this.registry.all().filter((w) => !w.cancelled),
      from,
      to,
      { limitPerWindow: MAX_OCCURRENCES_PER_WINDOW, ...(startingAt === undefined ? {} : { startingAt }) },
    );
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      items: page.entries.map(({ window, occurrence }) => ({
        windowId: window.id,
        name: window.name,
        kind: window.kind,
        start: occurrence.start.toISOString(),
        end: occurrence.end?.toISOString() ?? null,
      })),
      truncated: page.nextStart !== undefined,
      nextCursor: page.nextStart?.toISOString() ?? null,
    };
  }

  /** The window and its history: who declared, amended, lifted or cancelled it, and why. */
  @Get(':id')
  @Roles('reviewer', 'publisher')
  async get(@Param('id') id: string) {
    const window = this.registry.all().find((w) => w.id === id);
    if (window === undefined) throw new NotFoundException(`no freeze window ${id}`);
    const history = await this.store.readStream(FREEZE_WINDOW_STREAM, SERVICE_NAMESPACE, id);
    return {
      window: toStoredWindow(window),
      history: history.map((e) => ({ type: e.type, recordedAt: e.recordedAt.toISOString(), data: e.data })),
    };
  }

  /** A JSON merge patch of the definition, with `changeReason` saying why. */
  @Patch(':id')
  @RequestContract('freeze-window-patch.v1')
  @Roles('admin')
  async amend(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StoredFreezeWindow> {
    const checked = this.patches.check(body);
    if (!checked.ok) throw contractRejection(checked.errors);
    const { changeReason: why, ...patch } = checked.value;
    const window = await this.commands.execute(new AmendFreezeWindowCommand(id, patch, principal.name, why));
    return toStoredWindow(window);
  }

  @Delete(':id')
  @Roles('admin')
  async cancel(
    @Param('id') id: string,
    @Query() { reason }: CancelFreezeWindowRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StoredFreezeWindow> {
    const window = await this.commands.execute(new CancelFreezeWindowCommand(id, principal.name, reason));
    return toStoredWindow(window);
  }

  /** Ends the window now ("lift the freeze"). */
  @Post(':id/lift')
  @RequestContract('reason-request.v1')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  async lift(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StoredFreezeWindow> {
    const checked = this.reasons.check(body);
    if (!checked.ok) throw contractRejection(checked.errors);
    const window = await this.commands.execute(
      new LiftFreezeWindowCommand(id, principal.name, checked.value.reason),
    );
    return toStoredWindow(window);
  }
}

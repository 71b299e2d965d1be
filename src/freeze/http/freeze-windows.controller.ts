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
import { UNSTORABLE_TEXT, UNSTORABLE_TEXT_PROBLEM } from '../../common/control-characters';
import { parseInstant } from '../../common/instant';
import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
import { PostgresEventStore } from '../../event-store/postgres-event-store';
import { AmendFreezeWindowCommand } from '../commands/amend-freeze-window/amend-freeze-window.command';
import { CancelFreezeWindowCommand } from '../commands/cancel-freeze-window/cancel-freeze-window.command';
import { DeclareFreezeWindowCommand } from '../commands/declare-freeze-window/declare-freeze-window.command';
import { LiftFreezeWindowCommand } from '../commands/lift-freeze-window/lift-freeze-window.command';
import { calendarPage } from '../domain/calendar';
import { isSupportedInstant, MAX_REASON_LENGTH } from '../domain/freeze-window';
import { FREEZE_WINDOW_STREAM } from '../domain/freeze-window-stream';
import { FreezeWindowRegistry } from '../infrastructure/freeze-window-registry';
import { toStoredWindow, type StoredFreezeWindow } from '../infrastructure/freeze-window-writer';
import { ListFreezeWindowsQuery } from '../queries/list-freeze-windows/list-freeze-windows.query';
import { ListFreezeWindowsRequest } from '../queries/list-freeze-windows/list-freeze-windows.request';
import {
  DEFAULT_PREVIEW_DAYS,
  MAX_PREVIEW_DAYS,
  PreviewFreezeWindowQuery,
  type FreezeWindowPreview,
} from '../queries/preview-freeze-window/preview-freeze-window.query';

/** The widest calendar one request may expand. */
const MAX_CALENDAR_DAYS = 366;
/** Occurrences of one window on one calendar page; more, and the page is cut (`truncated`). */
const MAX_OCCURRENCES_PER_WINDOW = 1_000;

function instant(name: string, value: unknown, fallback?: Date): Date {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new BadRequestException(`${name} is required (an ISO 8601 instant)`);
  }
  const parsed = typeof value === 'string' ? parseInstant(value) : undefined;
  if (parsed === undefined || !isSupportedInstant(parsed.getTime())) {
    throw new BadRequestException(
      `${name} must be an ISO 8601 instant with Z or an offset between 1900 and 2500, got ${JSON.stringify(value)}`,
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
  const parsed = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || !isSupportedInstant(parsed.getTime()) || parsed >= to) {
    throw new BadRequestException('cursor is not valid: pass the nextCursor of a previous page');
  }
  return parsed;
}

function reasonOf(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadRequestException(`${field} is required: say why (it is recorded with the change)`);
  }
  if (value.length > MAX_REASON_LENGTH) {
    throw new BadRequestException(`${field} may be at most ${MAX_REASON_LENGTH} characters`);
  }
  if (UNSTORABLE_TEXT.test(value)) throw new BadRequestException(`${field} ${UNSTORABLE_TEXT_PROBLEM}`);
  return value;
}

/**
 * The look-back of a preview, from `?days=` or a top-level `days` in the body (not both); default 7.
 */
function previewDays(query: unknown, body: unknown): number {
  const refuse = (): never => {
    throw new BadRequestException(`days must be a whole number from 1 to ${MAX_PREVIEW_DAYS}`);
  };
  if (query !== undefined && body !== undefined) {
    throw new BadRequestException('days must be given once: as a query parameter or in the body');
  }
  let days: number;
  if (query !== undefined) {
    if (typeof query !== 'string' || !/^\d{1,3}$/.test(query)) return refuse();
    days = Number(query);
  } else if (body !== undefined) {
    if (typeof body !== 'number' || !Number.isInteger(body)) return refuse();
    days = body;
  } else {
    return DEFAULT_PREVIEW_DAYS;
  }
  return days >= 1 && days <= MAX_PREVIEW_DAYS ? days : refuse();
}

@Controller('v1/freeze-windows')
export class FreezeWindowsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly registry: FreezeWindowRegistry,
    private readonly store: PostgresEventStore,
  ) {}

  @Post()
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
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  async preview(@Body() body: unknown, @Query('days') daysParam: unknown): Promise<FreezeWindowPreview> {
    let definition = body;
    let bodyDays: unknown;
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      const { days, ...rest } = body as Record<string, unknown>;
      definition = rest;
      bodyDays = days;
    }
    const days = previewDays(daysParam, bodyDays);
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
    const at = activeAt === undefined ? undefined : instant('activeAt', activeAt);
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
  occurrences(
    @Query('from') fromText?: string,
    @Query('to') toText?: string,
    @Query('cursor') cursorText?: string,
  ) {
    const from = instant('from', fromText);
    const to = instant('to', toText);
    if (to <= from) throw new BadRequestException('to must be after from');
    if (to.getTime() - from.getTime() > MAX_CALENDAR_DAYS * 86_400_000) {
      throw new BadRequestException(`the range may span at most ${MAX_CALENDAR_DAYS} days`);
    }
    const startingAt = calendarCursor(cursorText, to);
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
  @Roles('admin')
  async amend(
    @Param('id') id: string,
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StoredFreezeWindow> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestException('the body must be a JSON object (a merge patch of the window)');
    }
    const { changeReason, ...patch } = body as Record<string, unknown>;
    const why = reasonOf(changeReason, 'changeReason');
    const window = await this.commands.execute(new AmendFreezeWindowCommand(id, patch, principal.name, why));
    return toStoredWindow(window);
  }

  @Delete(':id')
  @Roles('admin')
  async cancel(
    @Param('id') id: string,
    @Query('reason') reason: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StoredFreezeWindow> {
    const why = reasonOf(reason, 'reason (query parameter)');
    const window = await this.commands.execute(new CancelFreezeWindowCommand(id, principal.name, why));
    return toStoredWindow(window);
  }

  /** Ends the window now ("lift the freeze"). */
  @Post(':id/lift')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  async lift(
    @Param('id') id: string,
    @Body() body: { reason?: unknown } | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<StoredFreezeWindow> {
    const why = reasonOf(body?.reason, 'reason');
    const window = await this.commands.execute(new LiftFreezeWindowCommand(id, principal.name, why));
    return toStoredWindow(window);
  }
}

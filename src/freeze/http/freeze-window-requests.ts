import { Transform } from 'class-transformer';
import { IsDefined, IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { IsInstant, toInt } from '../../common/http/query-params';
import { MAX_REASON_LENGTH } from '../domain/freeze-window';
import { MAX_PREVIEW_DAYS } from '../queries/preview-freeze-window/preview-freeze-window.query';

/**
 * Query strings of /v1/freeze-windows, validated by the global ValidationPipe like every other query
 * string (bodies are JSON Schema contracts). Rules between parameters (to after from, the calendar's
 * span) stay with the controller.
 */

/** GET /v1/freeze-windows/occurrences: the calendar for [from, to), paged by `cursor`. */
export class FreezeCalendarRequest {
  @IsDefined({ message: 'from is required (an ISO 8601 instant)' })
  @IsInstant()
  from!: string;

  @IsDefined({ message: 'to is required (an ISO 8601 instant)' })
  @IsInstant()
  to!: string;

  /** The `nextCursor` of the previous page: the instant from which the list goes on. */
  @IsOptional()
  @IsInstant({ message: 'cursor is not valid: pass the nextCursor of a previous page' })
  cursor?: string;
}

/** POST /v1/freeze-windows/preview: how many days back to look (or `days` in the body, not both). */
export class PreviewFreezeWindowRequest {
  @IsOptional()
  @Transform(toInt)
  @ValidateBy({
    name: 'isPreviewDays',
    validator: {
      validate: (value: unknown) =>
        Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_PREVIEW_DAYS,
      defaultMessage: () => `days must be a whole number from 1 to ${MAX_PREVIEW_DAYS}`,
    },
  })
  days?: number;
}

const SAY_WHY = 'reason (query parameter) is required: say why (it is recorded with the window)';

/** DELETE /v1/freeze-windows/{id}?reason=: why the window is cancelled. */
export class CancelFreezeWindowRequest {
  @IsString({ message: SAY_WHY })
  @Matches(/\S/, { message: SAY_WHY })
  @MaxLength(MAX_REASON_LENGTH, {
    message: `reason (query parameter) may be at most ${MAX_REASON_LENGTH} characters`,
  })
  reason!: string;
}

import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CHANGE_KINDS as KINDS } from '../../../contracts/change-event-enums';
import type { FreezeCheckOutcome } from '../../domain/freeze-check';
import { toArray, toInt } from '../../../common/http/query-params';

const OUTCOMES: readonly FreezeCheckOutcome[] = ['violation', 'exempt', 'overridden'];

/** GET /v1/freeze/violations query string: all optional; `outcome` and `service` may repeat. */
export class ListFreezeViolationsRequest {
  /** Changes that started at or after this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  /** Changes that started before this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

  /** Default: every outcome (violations, and changes let through by an exemption or an override). */
  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsIn(OUTCOMES, { each: true, message: `outcome must be one of ${OUTCOMES.join(', ')}` })
  outcome?: FreezeCheckOutcome[];

  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  service?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  @IsOptional()
  @IsIn(KINDS, { message: `kind must be one of ${KINDS.join(', ')}` })
  kind?: string;

  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(500)
  limit?: number;
}

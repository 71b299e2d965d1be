import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { CHANGE_KINDS as KINDS, CHANGE_PHASES as PHASES } from '../../../contracts/change-event-enums';
import { toArray, toInt } from '../../../common/http/query-params';

/** GET /v1/changes query string. Every filter is optional; `service` may repeat. */
export class ListChangesRequest {
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
  @IsString()
  @MaxLength(64)
  region?: string;

  @IsOptional()
  @IsIn(KINDS, { message: `kind must be one of ${KINDS.join(', ')}` })
  kind?: string;

  @IsOptional()
  @IsIn(PHASES, { message: `phase must be one of ${PHASES.join(', ')}` })
  phase?: string;

  /** The actor id. */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  actor?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  source?: string;

  /** Changes that started at or after this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  /** Changes that started before this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

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

import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

import { CHANGE_KINDS as KINDS, CHANGE_PHASES as PHASES } from '../../../contracts/change-event-enums';
import { PagedListQuery } from '../../../common/http/list-query';
import { toArray } from '../../../common/http/query-params';

/** GET /v1/changes query string (from/to: when changes started). Every filter is optional; `service` may repeat. */
export class ListChangesRequest extends PagedListQuery {
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
}

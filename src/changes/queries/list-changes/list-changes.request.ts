import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

import { CHANGE_KINDS as KINDS, CHANGE_PHASES as PHASES } from '../../../contracts/change-event-enums';
import { PagedListQuery } from '../../../common/http/list-query';
import { IsInstant, toArray } from '../../../common/http/query-params';

/** The longest free-text search on the summary (summaries are at most 1,000 characters). */
export const MAX_SEARCH_CHARS = 200;

/**
 * GET /v1/changes query string (from/to: when changes started; activeFrom/activeTo: when they were active).
 * Every filter is optional; `service` and `team` may repeat.
 */
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

  @IsOptional()
  @Transform(toArray)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  team?: string[];

  /** Free text: changes whose summary contains it, ignoring case. */
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'q must not be blank' })
  @MaxLength(MAX_SEARCH_CHARS)
  q?: string;

  /** With `service`: also the changes of its direct dependencies and callers (the topology in force). */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'neighbours must be true or false' })
  neighbours?: string;

  /** Changes still active at or after this instant (not finished before it, or still running). */
  @IsOptional()
  @IsInstant()
  activeFrom?: string;

  /** Changes started before this instant. */
  @IsOptional()
  @IsInstant()
  activeTo?: string;
}

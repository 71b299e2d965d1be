import { Transform } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CHANGE_KINDS as KINDS } from '../../../contracts/change-event-enums';
import type { FreezeCheckOutcome } from '../../domain/freeze-check';
import { PagedListQuery } from '../../../common/http/list-query';
import { toArray } from '../../../common/http/query-params';

const OUTCOMES: readonly FreezeCheckOutcome[] = ['violation', 'exempt', 'overridden'];

/** GET /v1/freeze/violations query string (from/to: when changes started): all optional; `outcome` and `service` may repeat. */
export class ListFreezeViolationsRequest extends PagedListQuery {
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
}

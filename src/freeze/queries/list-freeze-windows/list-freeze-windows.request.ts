import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsInstant } from '../../../common/http/query-params';
import { CHANGE_KINDS } from '../../domain/freeze-window';

/**
 * GET /v1/freeze-windows query string. The scope parameters describe a change: a window is listed when
 * its scope would match a change with those attributes (a parameter left out does not narrow the list).
 */
export class ListFreezeWindowsRequest {
  /** An ISO 8601 instant; the controller refuses one outside the range the schedules evaluate. */
  @IsOptional()
  @IsInstant()
  activeAt?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'includeCancelled must be true or false' })
  includeCancelled?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  service?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  team?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  environment?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  region?: string;

  @IsOptional()
  @IsIn(CHANGE_KINDS, { message: `kind must be one of ${CHANGE_KINDS.join(', ')}` })
  kind?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  tier?: string;
}

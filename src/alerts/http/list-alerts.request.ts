import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { ListQuery } from '../../common/http/list-query';

/** GET /v1/alerts query string (from/to: when alerts started). */
export class ListAlertsRequest extends ListQuery {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  service?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  environment?: string;

  @IsOptional()
  @IsIn(['firing', 'resolved'], { message: 'status must be firing or resolved' })
  status?: 'firing' | 'resolved';
}

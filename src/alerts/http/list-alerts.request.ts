import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { toInt } from '../../common/http/query-params';

/** GET /v1/alerts query string. */
export class ListAlertsRequest {
  /** Alerts that started at or after this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date-time' })
  from?: string;

  /** Alerts that started before this instant. */
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date-time' })
  to?: string;

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

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(500)
  limit?: number;
}

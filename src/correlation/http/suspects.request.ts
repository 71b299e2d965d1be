import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { IsInstant, toInt } from '../../common/http/query-params';

export class SuspectsRequest {
  /** How many suspects to return (default 10). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class IncidentsRequest {
  @IsInstant()
  from!: string;

  @IsInstant()
  to!: string;
}

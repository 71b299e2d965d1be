import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
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

/** POST /v1/alerts/{id}/verdicts. */
export class VerdictRequest {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  changeId!: string;

  /** The change's source; needed only when two sources have a change with this changeId among the suspects. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  source?: string;

  @IsIn(['cause', 'not_cause'], { message: 'verdict must be cause or not_cause' })
  verdict!: 'cause' | 'not_cause';

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toInt } from '../../common/http/query-params';

/** Tree sizes and positions are below 2^53 (JavaScript numbers carry them exactly). */
const MAX_SIZE = Number.MAX_SAFE_INTEGER;

export class CheckpointRequest {
  /** A checkpoint's tree size; absent: the latest. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'treeSize must be an integer' })
  @Min(1)
  @Max(MAX_SIZE)
  treeSize?: number;
}

export class ConsistencyRequest {
  @Transform(toInt)
  @IsInt({ message: 'from must be an integer' })
  @Min(1)
  @Max(MAX_SIZE)
  from!: number;

  @Transform(toInt)
  @IsInt({ message: 'to must be an integer' })
  @Min(1)
  @Max(MAX_SIZE)
  to!: number;
}

export class AuditEventsRequest {
  /** The position to read after; absent: from the start. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'after must be an integer' })
  @Min(1)
  @Max(MAX_SIZE)
  after?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(5_000)
  limit?: number;
}

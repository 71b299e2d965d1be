import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsInstant, toInt } from './query-params';

/**
 * What every list endpoint's query string shares: the time range its items started in ([from, to)) and a
 * page size. Endpoints extend it with their filters; class-validator applies the inherited rules too.
 */
export class ListQuery {
  /** Items that started at or after this instant. */
  @IsOptional()
  @IsInstant()
  from?: string;

  /** Items that started before this instant. */
  @IsOptional()
  @IsInstant()
  to?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer' })
  @Min(1)
  @Max(500)
  limit?: number;
}

/** A list that pages by keyset cursor (see keyset-cursor.ts): the cursor of the previous page's last item. */
export class PagedListQuery extends ListQuery {
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

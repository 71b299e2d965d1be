import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ListQuery } from '../../common/http/list-query';

/** GET /v1/intake/rejections query string (from/to: when the payloads were received). */
export class ListRejectionsRequest extends ListQuery {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  integration?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  kind?: string;

  /** The id of the last rejection of the previous page. */
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'before must be a rejection id' })
  before?: string;
}

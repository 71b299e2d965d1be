import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { CHANGE_KINDS } from '../../domain/freeze-window';

export class OverrideRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(256)
  by!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  role!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  justification?: string;

  @IsOptional()
  @IsString()
  @MaxLength(256)
  ticket?: string;
}

/** POST /v1/freeze/evaluate: "may this change start now (or at `at`)?" */
export class EvaluateChangeRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  service!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  environment!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  region!: string;

  @IsIn(CHANGE_KINDS, { message: `kind must be one of ${CHANGE_KINDS.join(', ')}` })
  kind!: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  team?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  tier?: string;

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at must be an ISO 8601 instant' })
  at?: string;

  @IsOptional()
  @IsBoolean()
  isRollback?: boolean;

  @IsOptional()
  @IsBoolean()
  isHotfix?: boolean;

  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideRequest)
  override?: OverrideRequest;
}

import { Query } from '@nestjs/cqrs';
import type { KeysetCursor } from '../../../common/keyset-cursor';
import type { FreezeCheck, FreezeCheckOutcome } from '../../domain/freeze-check';

export interface FreezeViolationFilter {
  readonly from?: Date;
  readonly to?: Date;
  readonly outcomes?: readonly FreezeCheckOutcome[];
  readonly services?: readonly string[];
  readonly environment?: string;
  readonly kind?: string;
}

export interface FreezeViolationPage {
  /** Each check with the source of its change (a change is (source, changeId)). */
  readonly items: readonly (FreezeCheck & { readonly source: string })[];
  readonly nextCursor: string | null;
}

/** Freeze checks newest start first, by keyset over (startedAt, changeId). */
export class ListFreezeViolationsQuery extends Query<FreezeViolationPage> {
  constructor(
    readonly filter: FreezeViolationFilter,
    readonly limit: number,
    readonly cursor: KeysetCursor | undefined,
  ) {
    super();
  }
}

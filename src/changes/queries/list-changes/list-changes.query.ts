import { Query } from '@nestjs/cqrs';
import type { ChangeView } from '../../domain/change-state';
import type { KeysetCursor } from '../../../common/keyset-cursor';

export interface ChangeFilter {
  readonly services?: readonly string[];
  readonly environment?: string;
  readonly region?: string;
  readonly kind?: string;
  readonly phase?: string;
  readonly actor?: string;
  readonly source?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly teams?: readonly string[];
  /** Case-insensitive substring of the summary. */
  readonly text?: string;
  /** Changes active in [activeFrom, activeTo): started before activeTo, not finished before activeFrom. */
  readonly activeFrom?: Date;
  readonly activeTo?: Date;
}

export interface ChangePage {
  readonly items: readonly ChangeView[];
  readonly nextCursor: string | null;
}

export class ListChangesQuery extends Query<ChangePage> {
  constructor(
    readonly filter: ChangeFilter,
    readonly limit: number,
    readonly cursor: KeysetCursor | undefined,
  ) {
    super();
  }
}

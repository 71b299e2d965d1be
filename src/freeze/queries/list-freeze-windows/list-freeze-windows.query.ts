import { Query } from '@nestjs/cqrs';
import type { FreezeWindow } from '../../domain/freeze-window';
import type { ChangeAttributes } from '../../domain/scope';

export interface FreezeWindowFilter {
  /** Only windows with an occurrence running at this instant. */
  readonly activeAt?: Date;
  readonly includeCancelled: boolean;
  /** Only windows whose scope would match a change with these attributes (absent ones do not narrow). */
  readonly attributes: ChangeAttributes;
}

/** The windows in memory, filtered; in the registry's order (by id). */
export class ListFreezeWindowsQuery extends Query<readonly FreezeWindow[]> {
  constructor(readonly filter: FreezeWindowFilter) {
    super();
  }
}

import type { ChangeState, ChangeView } from '../domain/change-state';
import { toChangeView } from '../domain/change-state';

/** A row of the `changes` table as far as queries need it: the fold state carries everything. */
export interface ChangeRow {
  fold_state: ChangeState;
}

export const toView = (row: ChangeRow): ChangeView => toChangeView(row.fold_state);

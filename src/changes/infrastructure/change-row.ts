import { copyField, type CopyValue } from '../../database/copy-rows';
import type { ChangeState, ChangeView } from '../domain/change-state';
import { toChangeView } from '../domain/change-state';
import type { ChangeStepRecord } from '../domain/change-steps';
import { decodeFoldState, encodeFoldState } from './fold-state-codec';

/** A row of the `changes` table as far as queries need it: the fold state carries everything. */
export interface ChangeRow {
  /** As the driver returns it: decode with decodeFoldState (the stored layout is fold-state-codec.ts's). */
  fold_state: unknown;
}

export const toView = (row: ChangeRow): ChangeView => toChangeView(decodeFoldState(row.fold_state));

/** The columns of the `changes` table, in the order changeCopyLine writes them. */
export const CHANGE_COLUMNS = [
  'change_id',
  'source',
  'kind',
  'phase',
  'service',
  'environment',
  'region',
  'cluster',
  'team',
  'actor_type',
  'actor_id',
  'summary',
  'version_from',
  'version_to',
  'rollout',
  'override',
  'is_rollback',
  'is_hotfix',
  'planned_at',
  'started_at',
  'finished_at',
  'timeline_at',
  'last_event_at',
  'event_count',
  'last_position',
  'fold_state',
  'steps',
] as const;

/**
 * A change's row in COPY text format: its view's columns, the fold state it merges new events into, and
 * its rollout history (null when unknown). The projection and the benchmarks' bulk loader both write it.
 */
export function changeCopyLine(
  state: ChangeState,
  lastPosition: bigint | number,
  steps: readonly ChangeStepRecord[] | null,
): string {
  const view = toChangeView(state);
  const json = (value: unknown): CopyValue => (value === null ? null : JSON.stringify(value));
  const values: CopyValue[] = [
    view.changeId,
    view.source,
    view.kind,
    view.phase,
    view.service,
    view.environment,
    view.region,
    view.cluster,
    view.team,
    view.actor?.type ?? null,
    view.actor?.id ?? null,
    view.summary,
    view.version?.from ?? null,
    view.version?.to ?? null,
    json(view.rollout),
    json(view.override),
    view.isRollback,
    view.isHotfix,
    view.plannedAt,
    view.startedAt,
    view.finishedAt,
    view.timelineAt,
    view.lastEventAt,
    view.eventCount,
    lastPosition.toString(),
    encodeFoldState(state),
    json(steps),
  ];
  let line = '';
  for (let i = 0; i < values.length; i++) line += `${i === 0 ? '' : '\t'}${copyField(values[i] ?? null)}`;
  return `${line}\n`;
}

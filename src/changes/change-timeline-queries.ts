import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChangeEventV1 } from '../contracts/generated/change-event.v1';
import type { ChangeKind, ChangePhase } from './domain/change-event';
import type { ChangeView } from './domain/change-state';
import type { ChangeStepRecord } from './domain/change-steps';

/*
 * What other modules may ask of the change timeline (the `changes` read model, which only this module
 * maps and writes): the freeze module's preview pages and correlation's candidate changes.
 */

/** A change as the freeze preview needs it. */
export interface ChangeRecord {
  readonly source: string;
  readonly changeId: string;
  readonly kind: ChangeEventV1['kind'];
  readonly phase: ChangeEventV1['phase'];
  readonly service: string | null;
  readonly environment: string;
  readonly region: string | null;
  readonly team: string | null;
  readonly isRollback: boolean;
  readonly isHotfix: boolean;
  readonly override: ChangeEventV1['override'] | null;
  readonly plannedAt: Date | null;
  readonly startedAt: Date | null;
  /** The start time, or the planned time for a change not started (what the timeline is ordered by). */
  readonly timelineAt: Date;
}

/** Exact values a change's column must take; a prefilter only (the caller decides on the rows it gets). */
export interface ChangeColumnFilter {
  readonly kinds?: readonly string[];
  readonly services?: readonly string[];
  readonly environments?: readonly string[];
  readonly regions?: readonly string[];
  readonly teams?: readonly string[];
}

/** Keyset position in timeline order (newest first). */
export interface TimelinePosition {
  readonly timelineAt: Date;
  readonly changeId: string;
}

/** Phases of a change that has not finished (the non-terminal phases of change-event.v1). */
export const UNFINISHED_PHASES: readonly ChangeEventV1['phase'][] = ['planned', 'started', 'progressed'];

interface ChangeRecordRow {
  source: string;
  change_id: string;
  kind: ChangeEventV1['kind'];
  phase: ChangeEventV1['phase'];
  service: string | null;
  environment: string;
  region: string | null;
  team: string | null;
  is_rollback: boolean;
  is_hotfix: boolean;
  override: ChangeEventV1['override'] | null;
  planned_at: Date | null;
  started_at: Date | null;
  timeline_at: Date;
}

const COLUMNS = `source, change_id, kind, phase, service, environment, region, team, is_rollback, is_hotfix, override,
  planned_at, started_at, timeline_at`;

const FILTER_COLUMNS: readonly (readonly [keyof ChangeColumnFilter, string])[] = [
  ['kinds', 'kind'],
  ['services', 'service'],
  ['environments', 'environment'],
  ['regions', 'region'],
  ['teams', 'team'],
];

function toRecord(row: ChangeRecordRow): ChangeRecord {
  return {
    source: row.source,
    changeId: row.change_id,
    kind: row.kind,
    phase: row.phase,
    service: row.service,
    environment: row.environment,
    region: row.region,
    team: row.team,
    isRollback: row.is_rollback,
    isHotfix: row.is_hotfix,
    override: row.override,
    plannedAt: row.planned_at,
    startedAt: row.started_at,
    timelineAt: row.timeline_at,
  };
}

/** A change as correlation needs it: its columns without the fold state, with its rollout steps. */
export interface CandidateChange {
  readonly view: Pick<
    ChangeView,
    | 'changeId'
    | 'source'
    | 'kind'
    | 'phase'
    | 'service'
    | 'environment'
    | 'region'
    | 'cluster'
    | 'summary'
    | 'version'
    | 'rollout'
    | 'isRollback'
    | 'startedAt'
    | 'finishedAt'
  > & { readonly actor: Pick<NonNullable<ChangeView['actor']>, 'type'> | null };
  /** null for rows projected before the timeline kept steps: take them from the change's events. */
  readonly steps: ChangeStepRecord[] | null;
}

/** Where correlation looks for the changes that may have caused an alert (epoch ms throughout). */
export interface CandidateRange {
  readonly environment: string;
  readonly startedFrom: number;
  readonly startedTo: number;
  /** The alert's related services (changes without a service always qualify). */
  readonly services: readonly string[];
  /** Changes that started after this cannot have caused the alert (rollbacks excepted). */
  readonly candidatesStartedTo: number;
  /** Changes that finished before this are over (rollbacks excepted). */
  readonly activeFrom: number;
}

/** Per query: a bound on what one alert can pull in (the busiest alert of the 10M-event benchmark reads ~2,500). */
const MAX_CANDIDATE_ROWS = 5_000;

const CANDIDATE_COLUMNS = `change_id, source, kind, phase, service, environment, region, cluster, summary,
  actor_type, version_from, version_to, rollout, is_rollback, started_at, finished_at, steps`;

interface CandidateRow {
  change_id: string;
  source: string;
  kind: ChangeKind;
  phase: ChangePhase;
  service: string | null;
  environment: string;
  region: string | null;
  cluster: string | null;
  summary: string | null;
  actor_type: NonNullable<ChangeView['actor']>['type'] | null;
  version_from: string | null;
  version_to: string | null;
  rollout: ChangeView['rollout'];
  is_rollback: boolean;
  started_at: Date | null;
  finished_at: Date | null;
  steps: ChangeStepRecord[] | null;
}

function toCandidate(row: CandidateRow): CandidateChange {
  const version =
    row.version_from === null && row.version_to === null
      ? null
      : {
          ...(row.version_from === null ? {} : { from: row.version_from }),
          ...(row.version_to === null ? {} : { to: row.version_to }),
        };
  return {
    view: {
      changeId: row.change_id,
      source: row.source,
      kind: row.kind,
      phase: row.phase,
      service: row.service,
      environment: row.environment,
      region: row.region,
      cluster: row.cluster,
      summary: row.summary,
      actor: row.actor_type === null ? null : { type: row.actor_type },
      version,
      rollout: row.rollout,
      isRollback: row.is_rollback,
      startedAt: row.started_at?.toISOString() ?? null,
      finishedAt: row.finished_at?.toISOString() ?? null,
    },
    steps: row.steps,
  };
}

@Injectable()
export class ChangeTimelineQueries {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One page of the changes that started in [from, to), newest first, after `before` when given. For a
   * started change the timeline time is its start time, so the range runs on the timeline index.
   */
  startedBetween(
    from: Date,
    to: Date,
    filter: ChangeColumnFilter,
    before: TimelinePosition | undefined,
    limit: number,
  ): Promise<ChangeRecord[]> {
    return this.page(
      [`started_at IS NOT NULL`, `timeline_at >= $1`, `timeline_at < $2`],
      [from.toISOString(), to.toISOString()],
      filter,
      before,
      limit,
    );
  }

  /**
   * One page of the changes not finished yet (planned, started or progressed) whose timeline time is at
   * or after `since`, newest first.
   */
  unfinishedSince(
    since: Date,
    filter: ChangeColumnFilter,
    before: TimelinePosition | undefined,
    limit: number,
  ): Promise<ChangeRecord[]> {
    return this.page(
      [`phase = ANY($1::text[])`, `timeline_at >= $2`],
      [UNFINISHED_PHASES, since.toISOString()],
      filter,
      before,
      limit,
    );
  }

  private async page(
    where: string[],
    params: unknown[],
    filter: ChangeColumnFilter,
    before: TimelinePosition | undefined,
    limit: number,
  ): Promise<ChangeRecord[]> {
    const conditions = [...where];
    const values = [...params];
    const bind = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    for (const [key, column] of FILTER_COLUMNS) {
      const allowed = filter[key];
      if (allowed !== undefined) conditions.push(`${column} = ANY(${bind(allowed)}::text[])`);
    }
    if (before !== undefined) {
      conditions.push(
        `(timeline_at, change_id) < (${bind(before.timelineAt.toISOString())}::timestamptz, ${bind(before.changeId)})`,
      );
    }
    const rows = await this.dataSource.query<ChangeRecordRow[]>(
      `SELECT ${COLUMNS} FROM changes WHERE ${conditions.join(' AND ')}
        ORDER BY timeline_at DESC, change_id DESC LIMIT ${bind(limit)}`,
      values,
    );
    return rows.map(toRecord);
  }

  /**
   * The changes in the range on the given services (or on none) that are still active in the lookback and
   * started before the candidates' end, plus every rollback in the range. The narrowing runs on the index
   * alone (changes_candidates): only the rows that pass are fetched.
   */
  async candidates(range: CandidateRange): Promise<CandidateChange[]> {
    const active = `(is_rollback OR (timeline_at <= $5 AND (finished_at IS NULL OR last_event_at >= $6)))`;
    const rows = await this.dataSource.query<CandidateRow[]>(
      `SELECT ${CANDIDATE_COLUMNS} FROM changes WHERE (source, change_id) IN (
         SELECT source, change_id FROM changes
          WHERE environment = $1 AND timeline_at BETWEEN $2 AND $3 AND service IS NULL AND ${active}
         UNION ALL
         SELECT source, change_id FROM changes
          WHERE environment = $1 AND timeline_at BETWEEN $2 AND $3 AND service = ANY($4::text[]) AND ${active}
         LIMIT ${MAX_CANDIDATE_ROWS})`,
      [
        range.environment,
        new Date(range.startedFrom),
        new Date(range.startedTo),
        range.services,
        new Date(range.candidatesStartedTo),
        new Date(range.activeFrom),
      ],
    );
    return rows.map(toCandidate);
  }

  /** Every change in the range that is not a rollback, on these services and of these kinds. */
  async notRollbacks(
    range: Pick<CandidateRange, 'environment' | 'startedFrom' | 'startedTo'>,
    services: readonly string[],
    kinds: readonly string[],
  ): Promise<CandidateChange[]> {
    const rows = await this.dataSource.query<CandidateRow[]>(
      `SELECT ${CANDIDATE_COLUMNS} FROM changes
        WHERE environment = $1 AND timeline_at BETWEEN $2 AND $3
          AND service = ANY($4::text[]) AND kind = ANY($5::text[]) AND NOT is_rollback
        LIMIT ${MAX_CANDIDATE_ROWS}`,
      [range.environment, new Date(range.startedFrom), new Date(range.startedTo), services, kinds],
    );
    return rows.map(toCandidate);
  }
}

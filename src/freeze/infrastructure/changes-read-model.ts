import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ChangeEventV1 } from '../../contracts/generated/change-event.v1';

/**
 * The freeze module's read-only view of the `changes` table (the change timeline read model). The
 * table's columns are treated as a contract, like the public API of GET /v1/changes: this module never
 * imports the changes module's code and never writes the table.
 */
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

interface ChangeRow {
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

function toRecord(row: ChangeRow): ChangeRecord {
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

@Injectable()
export class ChangesReadModel {
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
    const rows = await this.dataSource.query<ChangeRow[]>(
      `SELECT ${COLUMNS} FROM changes WHERE ${conditions.join(' AND ')}
        ORDER BY timeline_at DESC, change_id DESC LIMIT ${bind(limit)}`,
      values,
    );
    return rows.map(toRecord);
  }
}

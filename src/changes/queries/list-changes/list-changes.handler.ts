import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { toView, type ChangeRow } from '../../infrastructure/change-row';
import { ListChangesQuery, type ChangePage } from './list-changes.query';
import { encodeCursor } from '../../../common/keyset-cursor';
import { ACTIVE_SPAN_SQL } from '../../../../migrations/1795737600009-timeline-filters';

/** A LIKE pattern matching `text` literally: its own %, _ and \ escaped. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The cursor's id is the last change's changeId and source, split by a space: neither may hold one (their
 * contracts), and a cursor id may hold no control character (keyset-cursor.ts). A cursor from before
 * changes were scoped by source has no source: it resumes after every change with that changeId and time.
 */
const CURSOR_ID_SEPARATOR = ' ';

@QueryHandler(ListChangesQuery)
export class ListChangesHandler implements IQueryHandler<ListChangesQuery, ChangePage> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ filter, limit, cursor }: ListChangesQuery): Promise<ChangePage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.services && filter.services.length > 0)
      where.push(`service = ANY(${bind(filter.services)}::text[])`);
    if (filter.environment !== undefined) where.push(`environment = ${bind(filter.environment)}`);
    if (filter.region !== undefined) where.push(`region = ${bind(filter.region)}`);
    if (filter.kind !== undefined) where.push(`kind = ${bind(filter.kind)}`);
    if (filter.phase !== undefined) where.push(`phase = ${bind(filter.phase)}`);
    if (filter.actor !== undefined) where.push(`actor_id = ${bind(filter.actor)}`);
    if (filter.source !== undefined) where.push(`source = ${bind(filter.source)}`);
    if (filter.from !== undefined) where.push(`timeline_at >= ${bind(filter.from.toISOString())}`);
    if (filter.to !== undefined) where.push(`timeline_at < ${bind(filter.to.toISOString())}`);
    if (filter.teams && filter.teams.length > 0) where.push(`team = ANY(${bind(filter.teams)}::text[])`);
    if (filter.text !== undefined) where.push(`summary ILIKE ${bind(`%${escapeLike(filter.text)}%`)}`);
    if (filter.activeFrom !== undefined || filter.activeTo !== undefined) {
      // The expression of the changes_active_span index, so PostgreSQL can use it.
      const range = `tstzrange(${bind(filter.activeFrom?.toISOString() ?? null)}::timestamptz, ${bind(filter.activeTo?.toISOString() ?? null)}::timestamptz, '[)')`;
      where.push(`started_at IS NOT NULL AND ${ACTIVE_SPAN_SQL} && ${range}`);
      // Implied (a started change's timeline time is its start), and lets the newest-first scan of the
      // timeline index begin at the range's end instead of walking every later change.
      if (filter.activeTo !== undefined) where.push(`timeline_at < ${bind(filter.activeTo.toISOString())}`);
    }
    if (cursor !== undefined) {
      const [changeId = '', source = ''] = cursor.id.split(CURSOR_ID_SEPARATOR);
      where.push(
        `(timeline_at, change_id, source) < (${bind(cursor.at)}::timestamptz, ${bind(changeId)}, ${bind(source)})`,
      );
    }
    // Two sources may have changes with the same changeId: the source breaks that tie.
    const rows = await this.dataSource.query<ChangeRow[]>(
      `SELECT fold_state FROM changes
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY timeline_at DESC, change_id DESC, source DESC
        LIMIT ${bind(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(toView);
    const last = items[items.length - 1];
    const nextCursor =
      rows.length > limit && last !== undefined
        ? encodeCursor({ at: last.timelineAt, id: `${last.changeId}${CURSOR_ID_SEPARATOR}${last.source}` })
        : null;
    return { items, nextCursor };
  }
}

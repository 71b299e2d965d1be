import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { encodeCursor } from '../../../common/keyset-cursor';
import type { FreezeCheck } from '../../domain/freeze-check';
import { ListFreezeViolationsQuery, type FreezeViolationPage } from './list-freeze-violations.query';

@QueryHandler(ListFreezeViolationsQuery)
export class ListFreezeViolationsHandler implements IQueryHandler<
  ListFreezeViolationsQuery,
  FreezeViolationPage
> {
  constructor(private readonly dataSource: DataSource) {}

  async execute({ filter, limit, cursor }: ListFreezeViolationsQuery): Promise<FreezeViolationPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.from !== undefined) where.push(`started_at >= ${bind(filter.from.toISOString())}`);
    if (filter.to !== undefined) where.push(`started_at < ${bind(filter.to.toISOString())}`);
    if (filter.outcomes && filter.outcomes.length > 0)
      where.push(`outcome = ANY(${bind(filter.outcomes)}::text[])`);
    if (filter.services && filter.services.length > 0)
      where.push(`service = ANY(${bind(filter.services)}::text[])`);
    if (filter.environment !== undefined) where.push(`environment = ${bind(filter.environment)}`);
    if (filter.kind !== undefined) where.push(`kind = ${bind(filter.kind)}`);
    if (cursor !== undefined) {
      where.push(`(started_at, change_id) < (${bind(cursor.at)}::timestamptz, ${bind(cursor.id)})`);
    }
    const rows = await this.dataSource.query<
      { source: string; check_state: FreezeCheck; started_at: Date }[]
    >(
      `SELECT source, check_state, started_at FROM freeze_checks
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY started_at DESC, change_id DESC
        LIMIT ${bind(limit + 1)}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor =
      rows.length > limit && last !== undefined
        ? encodeCursor({ at: last.started_at.toISOString(), id: last.check_state.changeId })
        : null;
    // The change is (source, changeId): the check's payload names the changeId, the row its source.
    return { items: page.map((r) => ({ source: r.source, ...r.check_state })), nextCursor };
  }
}

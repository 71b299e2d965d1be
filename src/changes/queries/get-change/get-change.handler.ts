import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '../../../event-store/postgres-event-store';
import { CHANGE_STREAM } from '../../domain/change-stream';
import { toView, type ChangeRow } from '../../infrastructure/change-row';
import { GetChangeQuery, type ChangeDetail } from './get-change.query';

@QueryHandler(GetChangeQuery)
export class GetChangeHandler implements IQueryHandler<GetChangeQuery, ChangeDetail | undefined> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
  ) {}

  async execute({ changeId }: GetChangeQuery): Promise<ChangeDetail | undefined> {
    const rows = await this.dataSource.query<ChangeRow[]>(
      `SELECT fold_state FROM changes WHERE change_id = $1`,
      [changeId],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    const history = await this.store.readStream(CHANGE_STREAM, changeId);
    history.sort(
      (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || Number(a.position - b.position),
    );
    return {
      change: toView(row),
      events: history.map((e) => ({
        position: e.position.toString(),
        streamVersion: e.streamVersion,
        recordedAt: e.recordedAt.toISOString(),
        metadata: e.metadata,
        event: e.data,
      })),
    };
  }
}

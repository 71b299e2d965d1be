import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { FREEZE_CHECK_EVENT_TYPES, type FreezeViolationV1 } from '../../../contracts/freeze-violation-events';
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
    const freezeCheck = history.find((e) => FREEZE_CHECK_EVENT_TYPES.has(e.type));
    return {
      change: toView(row),
      freeze: freezeCheck === undefined ? null : (freezeCheck.data as unknown as FreezeViolationV1),
      events: history.map((e) => ({
        position: e.position.toString(),
        streamVersion: e.streamVersion,
        recordedAt: e.recordedAt.toISOString(),
        type: e.type,
        metadata: e.metadata,
        event: e.data,
      })),
    };
  }
}

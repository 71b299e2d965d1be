import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { FREEZE_CHECK_EVENT_TYPES, type FreezeViolationV1 } from '../../../contracts/freeze-violation-events';
import { EventStore } from '../../../event-store/event-store';
import { CHANGE_STREAM } from '../../domain/change-stream';
import { findChangeRows } from '../../infrastructure/change-lookup';
import { toView } from '../../infrastructure/change-row';
import { AmbiguousChangeIdError, GetChangeQuery, type ChangeDetail } from './get-change.query';

/** An ambiguous changeId's 409 lists at most this many of the sources that have it. */
const SOURCES_LISTED = 21;

@QueryHandler(GetChangeQuery)
export class GetChangeHandler implements IQueryHandler<GetChangeQuery, ChangeDetail | undefined> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
  ) {}

  async execute({ changeId, source }: GetChangeQuery): Promise<ChangeDetail | undefined> {
    const rows = await findChangeRows(this.dataSource, changeId, source, SOURCES_LISTED);
    if (rows.length > 1)
      throw new AmbiguousChangeIdError(
        changeId,
        rows.map((r) => r.source),
      );
    const row = rows[0];
    if (row === undefined) return undefined;
    const history = await this.store.readStream(CHANGE_STREAM, row.source, changeId);
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

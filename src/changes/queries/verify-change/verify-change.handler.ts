import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { storedHashMatches } from '../../../event-store/domain/event-hash';
import { PostgresEventStore } from '../../../event-store/postgres-event-store';
import { CHANGE_STREAM } from '../../domain/change-stream';
import { VerifyChangeQuery, type ChangeVerification } from './verify-change.query';

/**
 * Recomputes the hash of each of a change's events with the store's own function (the one appends use),
 * so this check follows however the store chains its events. An edited event no longer matches its hash.
 * The whole chain (removed or reordered rows) is GET /v1/audit/verify's business.
 */
@QueryHandler(VerifyChangeQuery)
export class VerifyChangeHandler implements IQueryHandler<VerifyChangeQuery, ChangeVerification | undefined> {
  constructor(private readonly store: PostgresEventStore) {}

  async execute({ source, changeId }: VerifyChangeQuery): Promise<ChangeVerification | undefined> {
    const stored = await this.store.readStream(CHANGE_STREAM, source, changeId);
    if (stored.length === 0) return undefined;
    const events = stored
      .sort((a, b) => Number(a.position - b.position))
      .map((event) => ({
        position: event.position.toString(),
        eventId: event.eventId,
        eventType: event.type,
        ok: storedHashMatches(event),
      }));
    return { ok: events.every((event) => event.ok), events };
  }
}

import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, mayPublishAs, type Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { EventStore } from '../../event-store/event-store';
import { IngestOutcomesRequest } from './ingest-outcomes.request';

/** One consumption of the event from Kafka, as the consumer filed it. */
export interface IngestOutcomeView {
  readonly outcome: 'stored' | 'duplicate' | 'conflict' | 'rejected';
  readonly reason: string | null;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly recordedAt: string;
}

export interface IngestOutcomesResponse {
  readonly source: string;
  readonly eventId: string;
  /** Whether the store holds an event with this id in the source's namespace, and where. */
  readonly stored: boolean;
  readonly position: string | null;
  /** Each time the Kafka consumer met the event, newest first (empty in embedded mode). */
  readonly outcomes: readonly IngestOutcomeView[];
}

interface OutcomeRow {
  outcome: IngestOutcomeView['outcome'];
  reason: string | null;
  topic: string;
  partition: number;
  offset: string;
  recorded_at: Date;
}

/**
 * What became of a published change event. A Kafka-mode 202 means "durably queued": this is where the
 * publisher learns whether the event was stored, was a duplicate, or was refused and why.
 */
@Controller('v1/change-events')
export class IngestOutcomesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
  ) {}

  /** Publishers of that source, reviewers and admins. */
  @Get('outcomes')
  @Roles('publisher', 'reviewer')
  async find(
    @Query() request: IngestOutcomesRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestOutcomesResponse> {
    if (!hasRole(principal, ['reviewer']) && !mayPublishAs(principal, request.source)) {
      throw new ForbiddenException(
        `this API key may not publish as "${request.source}", so it may not see its outcomes`,
      );
    }
    const [position, rows] = await Promise.all([
      this.store.positionOf(request.source, request.eventId),
      this.dataSource.query<OutcomeRow[]>(
        `SELECT outcome, reason, topic, partition, "offset"::text AS "offset", recorded_at FROM ingest_outcomes
          WHERE namespace = $1 AND event_id = $2 ORDER BY recorded_at DESC, "offset" DESC LIMIT 100`,
        [request.source, request.eventId],
      ),
    ]);
    return {
      source: request.source,
      eventId: request.eventId,
      stored: position !== undefined,
      position: position?.toString() ?? null,
      outcomes: rows.map((r) => ({
        outcome: r.outcome,
        reason: r.reason,
        topic: r.topic,
        partition: r.partition,
        offset: r.offset,
        recordedAt: r.recorded_at.toISOString(),
      })),
    };
  }
}

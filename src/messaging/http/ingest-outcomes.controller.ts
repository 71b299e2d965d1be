import { Controller, ForbiddenException, Get, Query } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { hasRole, mayPublishAs, type Principal } from '../../auth/api-keys';
import { CurrentPrincipal, Roles } from '../../auth/auth.decorators';
import { EventStore, type StoredEventLocation } from '../../event-store/event-store';
import { kafkaCoordinatesOf } from '../kafka/message-metadata';
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
  /**
   * Each time the Kafka consumer met the event, newest first (empty in embedded mode). The copy that was
   * stored is read from the stored event (its metadata keeps the message's coordinates), the others from
   * the outcomes the consumer filed.
   */
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

/** Outcomes answered at most. */
const MAX_OUTCOMES = 100;

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
    const [location, rows] = await Promise.all([
      this.store.locate(request.source, request.eventId),
      this.dataSource.query<OutcomeRow[]>(
        `SELECT outcome, reason, topic, partition, "offset"::text AS "offset", recorded_at FROM ingest_outcomes
          WHERE namespace = $1 AND event_id = $2 ORDER BY recorded_at DESC, "offset" DESC LIMIT $3`,
        [request.source, request.eventId, MAX_OUTCOMES],
      ),
    ]);
    const filed: IngestOutcomeView[] = rows.map((r) => ({
      outcome: r.outcome,
      reason: r.reason,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      recordedAt: r.recorded_at.toISOString(),
    }));
    return {
      source: request.source,
      eventId: request.eventId,
      stored: location !== undefined,
      position: location?.position.toString() ?? null,
      outcomes: withStoredCopy(filed, location),
    };
  }
}

/**
 * The consumer files no outcome for the copy it stored (the event's own row says it, at no extra write per
 * event); it is added here from the stored event, newest first among the rest. Rows filed as `stored` by
 * earlier versions are not repeated.
 */
export function withStoredCopy(
  filed: readonly IngestOutcomeView[],
  location: StoredEventLocation | undefined,
): IngestOutcomeView[] {
  const from = location === undefined ? undefined : kafkaCoordinatesOf(location.metadata);
  if (location === undefined || from === undefined) return [...filed];
  const alreadyFiled = filed.some(
    (o) =>
      o.outcome === 'stored' &&
      o.topic === from.topic &&
      o.partition === from.partition &&
      o.offset === from.offset,
  );
  if (alreadyFiled) return [...filed];
  const stored: IngestOutcomeView = {
    outcome: 'stored',
    reason: null,
    ...from,
    recordedAt: location.recordedAt.toISOString(),
  };
  const newerFirst = (a: IngestOutcomeView, b: IngestOutcomeView) =>
    b.recordedAt.localeCompare(a.recordedAt) || compareOffsets(b.offset, a.offset);
  return [...filed, stored].sort(newerFirst).slice(0, MAX_OUTCOMES);
}

function compareOffsets(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { readStoreProgress, type StoreProgress } from '../../event-store/store-progress';

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type FreezeDecision = 'allow' | 'warn' | 'deny';

/** What one chunk of consumed messages did; recorded once per chunk, never per event. */
export interface IngestChunkOutcome {
  readonly topic: string;
  readonly messages: number;
  /** Valid events newly committed to the store. */
  readonly ingested: number;
  /** Valid events already in the store (a redelivery by eventId): no-ops. */
  readonly duplicates: number;
  /** Rejected messages by reason (not_json, schema, too_large, too_deep, invalid_text, store_rejected, …). */
  readonly rejected: ReadonlyMap<string, number>;
  readonly seconds: number;
}

/**
 * The service's Prometheus instruments, in a registry of their own (so several applications in one
 * process, as in the e2e tests, do not collide), served by GET /metrics. Inject `Metrics` and use the
 * typed fields or the record… helpers; keep per-event work off the hot path (count per chunk).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly eventsIngested = new Counter({
    name: 'change_audit_events_ingested_total',
    help: 'Valid events newly committed to the store, by source topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly eventsDuplicate = new Counter({
    name: 'change_audit_events_duplicate_total',
    help: 'Valid events whose eventId was already stored (redeliveries, replays), by source topic: no-ops',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  /** Every valid or invalid event, once, by what became of it: stored, duplicate, conflict or rejected. */
  readonly ingestOutcomes = new Counter({
    name: 'change_audit_ingest_outcomes_total',
    help: 'Events consumed or published in-process, by source topic and outcome (stored, duplicate, conflict, rejected)',
    labelNames: ['topic', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly eventsRejected = new Counter({
    name: 'change_audit_events_rejected_total',
    help: 'Messages refused (invalid contract, too large, refused by the store), by source topic and reason',
    labelNames: ['topic', 'reason'] as const,
    registers: [this.registry],
  });

  readonly dlqMessages = new Counter({
    name: 'change_audit_dlq_messages_total',
    help: 'Messages sent to a dead-letter topic, by DLQ topic',
    labelNames: ['topic'] as const,
    registers: [this.registry],
  });

  readonly ingestBatchSize = new Histogram({
    name: 'change_audit_ingest_batch_size',
    help: 'Messages per chunk written to the store in one transaction',
    labelNames: ['topic'] as const,
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
    registers: [this.registry],
  });

  readonly ingestBatchDuration = new Histogram({
    name: 'change_audit_ingest_batch_duration_seconds',
    help: 'Time to dead-letter and commit one chunk (one transaction: store, projections, offsets)',
    labelNames: ['topic'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  /** Set by each read-model check (docs/operations.md, Read models held to the store). */
  readonly readModelMismatches = new Gauge({
    name: 'change_audit_read_model_mismatches',
    help: 'Rows of a read model that differ from the fold of their streams, as the last check on this instance found',
    labelNames: ['model'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'change_audit_consumer_lag',
    help: "Messages between the partition's end offset on the broker and the consumer group's stored offset, measured every KAFKA_PROBE_INTERVAL_MS",
    labelNames: ['topic', 'partition'] as const,
    registers: [this.registry],
  });

  /** When this instance's consumer last committed a chunk (or started, before its first). */
  private consumerProgressAt: number | undefined;

  readonly freezeDecisions = new Counter({
    name: 'change_audit_freeze_decisions_total',
    help: 'POST /v1/freeze/evaluate answers, by decision',
    labelNames: ['decision'] as const,
    registers: [this.registry],
  });

  readonly freezeEvaluateDuration = new Histogram({
    name: 'change_audit_freeze_evaluate_duration_seconds',
    help: 'Time to evaluate a change against the freeze windows in memory',
    buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
    registers: [this.registry],
  });

  readonly suspectsRankingSeconds = new Histogram({
    name: 'change_audit_suspects_ranking_seconds',
    help: 'Time to rank the suspect changes for one alert or incident',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code (rate: _count; errors: status_code=~"5..")',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });

  private readonly logger = new Logger(Metrics.name);

  constructor(dataSource: DataSource) {
    collectDefaultMetrics({ register: this.registry });
    const progressAt = (): number | undefined => this.consumerProgressAt;
    new Gauge({
      name: 'change_audit_consumer_seconds_since_last_chunk',
      help: "Seconds since this instance's consumer last committed a chunk (since it started, before its first)",
      registers: [this.registry],
      collect() {
        const at = progressAt();
        if (at !== undefined) this.set((Date.now() - at) / 1000);
      },
    });
    // Read from the database at scrape time (the same for every instance; one query per scrape, shared
    // by the two gauges, which the registry collects concurrently).
    let reading: Promise<StoreProgress | undefined> | undefined;
    const readOncePerScrape = (): Promise<StoreProgress | undefined> => {
      reading ??= readStoreProgress(dataSource)
        .catch((error: unknown) => {
          // A scrape must still answer with everything else when the database does not.
          this.logger.warn(
            `store progress not collected: ${error instanceof Error ? error.message : String(error)}`,
          );
          return undefined;
        })
        .finally(() => {
          reading = undefined;
        });
      return reading;
    };
    new Gauge({
      name: 'change_audit_event_store_head_position',
      help: 'Global position of the last event appended to the store',
      registers: [this.registry],
      async collect() {
        const progress = await readOncePerScrape();
        if (progress !== undefined) this.set(progress.head);
      },
    });
    new Gauge({
      name: 'change_audit_projection_lag_events',
      help: 'Events appended to the store that a checkpointed projection (projection_checkpoints) has not processed',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      async collect() {
        const progress = await readOncePerScrape();
        if (progress === undefined) return;
        this.reset();
        for (const { projection, lag } of progress.projections) this.set({ projection }, lag);
      },
    });
  }

  recordIngestChunk(outcome: IngestChunkOutcome): void {
    const { topic } = outcome;
    this.ingestBatchSize.observe({ topic }, outcome.messages);
    this.ingestBatchDuration.observe({ topic }, outcome.seconds);
    if (outcome.ingested > 0) this.eventsIngested.inc({ topic }, outcome.ingested);
    if (outcome.duplicates > 0) this.eventsDuplicate.inc({ topic }, outcome.duplicates);
    for (const [reason, count] of outcome.rejected) this.eventsRejected.inc({ topic, reason }, count);
    this.ingestOutcomes.inc({ topic, outcome: 'stored' }, outcome.ingested);
    this.ingestOutcomes.inc({ topic, outcome: 'duplicate' }, outcome.duplicates);
    for (const [reason, count] of outcome.rejected) {
      this.ingestOutcomes.inc({ topic, outcome: reason === 'conflict' ? 'conflict' : 'rejected' }, count);
    }
  }

  recordDeadLettered(dlqTopic: string, count: number): void {
    this.dlqMessages.inc({ topic: dlqTopic }, count);
  }

  /** A partition's lag: its end offset on the broker minus the next offset the group will consume. */
  recordConsumerLag(topic: string, partition: number, endOffset: bigint, nextOffset: bigint): void {
    const lag = endOffset - nextOffset;
    this.consumerLag.set({ topic, partition: String(partition) }, Number(lag > 0n ? lag : 0n));
  }

  /** The consumer started (the clock of change_audit_consumer_seconds_since_last_chunk starts). */
  recordConsumerStarted(): void {
    this.consumerProgressAt ??= Date.now();
  }

  recordChunkCommitted(): void {
    this.consumerProgressAt = Date.now();
  }

  recordFreezeDecision(decision: FreezeDecision, seconds: number): void {
    this.freezeDecisions.inc({ decision });
    this.freezeEvaluateDuration.observe(seconds);
  }

  /** Times one suspect ranking (sync or async) into change_audit_suspects_ranking_seconds. */
  async timeSuspectsRanking<T>(rank: () => T | Promise<T>): Promise<T> {
    const end = this.suspectsRankingSeconds.startTimer();
    try {
      return await rank();
    } finally {
      end();
    }
  }

  async scrape(): Promise<string> {
    return this.registry.metrics();
  }
}

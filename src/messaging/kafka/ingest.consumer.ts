import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { KafkaConfig } from '../../config/app-config';
import { backoffDelay, sleep, withTimeout } from '../../common/retry';
import { describeErrors } from '../../contracts/contract-validator';
import { KAFKA_CONSUMER_CHECK, KafkaClientStatus } from '../../health/kafka-client-status';
import { tracedIngest } from '../../telemetry/kafka-tracing';
import { Metrics } from '../../telemetry/metrics/metrics';
import { conflictMessage } from '../../changes/domain/change-stream';
import type { AppendOutcome } from '../../event-store/postgres-event-store';
import { ChunkOutcomes, ConsumerBookkeeping, type RejectedMessage } from './consumer-bookkeeping';
import type { AcceptedMessage, EventIdentity, IngestOutcome, IngestTopic } from './ingest-topic';
import { createKafka, createProducer } from './kafka-client';
import { INGEST_TOPICS, KAFKA, KAFKA_CONFIG } from './kafka.tokens';
import { metadataFromMessage } from './message-metadata';
import { errorMessage } from '../../common/error-message';

/** Heartbeats often enough that several may be lost within one session, at most every 3 s. */
export function heartbeatIntervalFor(sessionTimeoutMs: number): number {
  return Math.min(3_000, Math.floor(sessionTimeoutMs / 6));
}

/** Events per PostgreSQL transaction; a fetched batch is cut into chunks with a heartbeat between. */
const CHUNK = 5_000;

/** How long each consumed event's outcome stays to be looked up (GET /v1/change-events/outcomes). */
export const OUTCOME_RETENTION_DAYS = 30;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Reconnection: kafkajs's own retries (a lost broker, a failed fetch) and restarts after a crash wait
 * at most this long between attempts, jittered, as do the consumer's own restarts and its retries of a
 * chunk while PostgreSQL is away: each dependency is tried again within 2 s of coming back.
 */
const RECONNECT_INITIAL_MS = 250;
const RECONNECT_MAX_MS = 2_000;

/** kafka-consumer is not ready when the consumer has not fetched, processed or heartbeated for this long. */
const STALL_AFTER_MS = 20_000;

/**
 * On shutdown, how long to wait for the consumer to finish its batch and leave its group, and for the
 * dead-letter producer (the broker may be gone; the rest of SHUTDOWN_TIMEOUT_MS is for HTTP and PostgreSQL).
 */
const CONSUMER_DISCONNECT_MS = 10_000;
const PRODUCER_DISCONNECT_MS = 3_000;

/**
 * Consumes the ingest topics (change-events.v1, alert-events.v1) in batches, in one consumer group.
 * Per chunk: validate with the topic's contract; send the invalid ones to the topic's DLQ; then one
 * transaction appends the valid events, projects them, records the rejects and stores the next offset.
 * Only then is the offset resolved for Kafka. A crash anywhere replays from the stored offset, and
 * replayed events are duplicates by eventId: nothing lost, nothing applied twice.
 */
@Injectable()
export class IngestConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IngestConsumer.name);
  private readonly consumer: Consumer;
  private readonly dlqProducer: Producer;
  private readonly bookkeeping: ConsumerBookkeeping;
  private readonly topics: ReadonlyMap<string, IngestTopic>;
  private prunedAt = 0;
  private readonly dataSource: DataSource;
  private stopping = false;
  private restart: NodeJS.Timeout | undefined;
  private starting: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    @Inject(INGEST_TOPICS) topics: readonly IngestTopic[],
    dataSource: DataSource,
    private readonly metrics: Metrics,
    @Optional() private readonly status?: KafkaClientStatus,
  ) {
    this.dataSource = dataSource;
    this.topics = new Map(topics.map((t) => [t.topic, t]));
    // Its own client, whose connections retry without end (jittered, at most RECONNECT_MAX_MS apart):
    // when they give up, kafkajs crashes the consumer and restarts it as a new group member, which the
    // coordinator admits only once the old member's session has expired. A short session (10 s by default,
    // KAFKA_SESSION_TIMEOUT_MS) bounds that wait; chunks are small and heartbeat between them, so a live
    // consumer never goes that long without one.
    this.consumer = createKafka(config, { retries: Number.MAX_SAFE_INTEGER }).consumer({
      groupId: config.groupId,
      sessionTimeout: config.sessionTimeoutMs,
      heartbeatInterval: heartbeatIntervalFor(config.sessionTimeoutMs),
      maxBytesPerPartition: 4 * 1024 * 1024,
      allowAutoTopicCreation: false,
      // Its fetches and commits likewise retry rather than crash.
      retry: {
        initialRetryTime: RECONNECT_INITIAL_MS,
        maxRetryTime: RECONNECT_MAX_MS,
        retries: Number.MAX_SAFE_INTEGER,
      },
    });
    this.dlqProducer = createProducer(kafka);
    this.bookkeeping = new ConsumerBookkeeping(dataSource);
    status?.watchConsumer(KAFKA_CONSUMER_CHECK, this.consumer, STALL_AFTER_MS);
    // kafkajs restarts a consumer after a retriable crash by itself; after any other, this does.
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      if (!event.payload.restart) this.startInBackground(0);
    });
  }

  /**
   * Joins the group in the background: HTTP is served as soon as the database is ready, and readiness
   * says when the consumer has joined. A failed start is tried again with backoff.
   */
  onApplicationBootstrap(): void {
    this.metrics.recordConsumerStarted();
    this.startInBackground(0);
  }

  private startInBackground(attempt: number): void {
    if (this.stopping || this.starting !== undefined) return;
    this.starting = this.start()
      .then(
        () => {
          this.logger.log(`consuming ${[...this.topics.keys()].join(', ')} as group ${this.config.groupId}`);
        },
        (error: unknown) => {
          const delay = backoffDelay(attempt, RECONNECT_INITIAL_MS, RECONNECT_MAX_MS);
          this.logger.warn(`consumer not started (${errorMessage(error)}); trying again in ${delay} ms`);
          clearTimeout(this.restart);
          this.restart = setTimeout(() => {
            this.startInBackground(attempt + 1);
          }, delay);
        },
      )
      .finally(() => {
        this.starting = undefined;
      });
  }

  private async start(): Promise<void> {
    await this.dlqProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [...this.topics.keys()], fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      eachBatchAutoResolve: false,
      // One partition at a time: parallel eachBatch has produced duplicates and rebalance storms
      // in kafkajs (#1764, #1720); throughput comes from large chunks instead.
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  /**
   * On shutdown, before the database pool closes (that happens in onApplicationShutdown): disconnect()
   * stops fetching and waits for the batch in flight, which stops after its current chunk commits.
   * With the broker gone, leaving the group cannot complete: that wait is bounded.
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restart);
    // A start in progress (joining, with the broker away) is not waited for beyond the bound either.
    await withTimeout(this.starting ?? Promise.resolve(), PRODUCER_DISCONNECT_MS, 'consumer start').catch(
      () => undefined,
    );
    for (const [what, client, bound] of [
      ['consumer', this.consumer, CONSUMER_DISCONNECT_MS],
      ['dead-letter producer', this.dlqProducer, PRODUCER_DISCONNECT_MS],
    ] as const) {
      await withTimeout(client.disconnect(), bound, `${what} disconnect`).catch((error: unknown) => {
        this.logger.warn(errorMessage(error));
      });
    }
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const binding = this.topics.get(topic);
    if (binding === undefined) throw new Error(`no ingest binding for topic ${topic}`);
    const applied = await this.whileStoreUnavailable(payload, () =>
      this.bookkeeping.nextOffset(this.config.groupId, topic, partition),
    );
    const pending: KafkaMessage[] = [];
    for (const message of batch.messages) {
      if (BigInt(message.offset) < applied) payload.resolveOffset(message.offset);
      else pending.push(message);
    }
    for (let start = 0; start < pending.length; start += CHUNK) {
      if (!payload.isRunning() || payload.isStale()) return;
      const chunk = pending.slice(start, start + CHUNK);
      const last = chunk[chunk.length - 1];
      if (last === undefined) break;
      await this.whileStoreUnavailable(payload, () =>
        tracedIngest(topic, partition, chunk, () => this.processChunk(binding, partition, chunk)),
      );
      payload.resolveOffset(last.offset);
      this.metrics.recordChunkCommitted();
      await payload.heartbeat();
    }
    await payload.commitOffsetsIfNecessary();
    await this.pruneOutcomesNowAndThen();
  }

  /** Keeps ingest_outcomes bounded: at most hourly, whichever instance gets there (deletes are idempotent). */
  private async pruneOutcomesNowAndThen(): Promise<void> {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    await this.bookkeeping.pruneOutcomes(OUTCOME_RETENTION_DAYS);
  }

  /**
   * Runs `work` (which touches PostgreSQL); while PostgreSQL is unreachable, holds the batch and runs it
   * again after a jittered backoff, heartbeating, rather than failing the batch into a consumer crash and
   * restart. Safe because a chunk is one transaction and a replayed event is a duplicate by eventId. Other
   * errors, and a stop or rebalance meanwhile, end the batch as before.
   */
  private async whileStoreUnavailable<T>(payload: EachBatchPayload, work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const result = await work();
        if (attempt > 0) {
          this.logger.log(`PostgreSQL answers again; consuming (after ${attempt} retries)`);
          this.status?.consumerBlocked(KAFKA_CONSUMER_CHECK, undefined);
        }
        return result;
      } catch (error) {
        if (!isConnectionError(error) && (await this.storeAnswers())) throw error;
        if (!payload.isRunning() || payload.isStale()) throw error;
        if (attempt === 0)
          this.logger.warn(`PostgreSQL unavailable (${errorMessage(error)}); holding the batch`);
        this.status?.consumerBlocked(KAFKA_CONSUMER_CHECK, `waiting for PostgreSQL: ${errorMessage(error)}`);
        await sleep(backoffDelay(attempt, RECONNECT_INITIAL_MS, RECONNECT_MAX_MS));
        await payload.heartbeat().catch(() => undefined);
      }
    }
  }

  private async storeAnswers(): Promise<boolean> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), RECONNECT_MAX_MS, 'SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  private async processChunk(
    binding: IngestTopic,
    partition: number,
    messages: readonly KafkaMessage[],
  ): Promise<void> {
    const { topic } = binding;
    const accepted: { message: KafkaMessage; event: AcceptedMessage<unknown> }[] = [];
    const rejected: RejectedMessage[] = [];
    const parsed =
      binding.parseChunk === undefined
        ? messages.map((message) => binding.parse(message.value))
        : await binding.parseChunk(messages);
    for (const [i, message] of messages.entries()) {
      const result = parsed[i];
      if (result === undefined) throw new Error(`${topic}: no parse result for offset ${message.offset}`);
      if (result.ok) {
        const metadata = metadataFromMessage(topic, partition, message.offset, message.headers);
        accepted.push({ message, event: { event: result.value, metadata } });
      } else {
        rejected.push(rejectedMessage(topic, partition, message, result.reason, result.errors));
      }
    }
    const lastMessage = messages[messages.length - 1];
    if (lastMessage === undefined) return;
    const next = BigInt(lastMessage.offset) + 1n;
    const started = performance.now();
    let outcome: IngestOutcome;
    try {
      outcome = await this.commit(binding, partition, next, accepted, rejected);
    } catch (error) {
      if (!isDataError(error)) throw error;
      // One event the store cannot take must not stall the partition: find it, dead-letter it, go on.
      this.logger.warn(
        `${topic}[${partition}] chunk refused by PostgreSQL (${errorMessage(error)}); isolating`,
      );
      let stored = 0;
      let duplicates = 0;
      for (const one of accepted) {
        try {
          const result = await binding.ingest([one.event], (tx, outcomes) =>
            this.recordConflictsAndOutcomes(tx, binding, partition, [one], outcomes, rejected),
          );
          stored += result.stored;
          duplicates += result.duplicates;
        } catch (single) {
          if (!isDataError(single)) throw single;
          const errors = [
            { field: '', message: `the event store refused the event: ${errorMessage(single)}` },
          ];
          rejected.push(rejectedMessage(topic, partition, one.message, 'store_rejected', errors));
        }
      }
      await this.commit(binding, partition, next, [], rejected);
      outcome = { stored, duplicates };
    }
    const millis = performance.now() - started;
    this.metrics.recordIngestChunk({
      topic,
      messages: messages.length,
      ingested: outcome.stored,
      duplicates: outcome.duplicates,
      rejected: countByReason(rejected),
      seconds: millis / 1000,
    });
    this.logger.debug(
      `${topic}[${partition}] ${messages.length} messages (${rejected.length} rejected) ` +
        `committed in ${millis.toFixed(1)} ms`,
    );
  }

  /**
   * One transaction: the events, their outcomes, the rejects and the next offset, or none of them.
   * `rejected` gains the conflicts found by the append (refused: dead-lettered and recorded like any
   * other reject).
   */
  private async commit(
    binding: IngestTopic,
    partition: number,
    next: bigint,
    accepted: readonly { message: KafkaMessage; event: AcceptedMessage<unknown> }[],
    rejected: RejectedMessage[],
  ): Promise<IngestOutcome> {
    // DLQ first: a crash after this and before the commit re-sends (at-least-once, deduped by the
    // original coordinates), while the reverse order could lose a rejected message.
    const invalid = [...rejected];
    if (invalid.length > 0) await this.sendToDlq(binding.dlqTopic, invalid);
    try {
      return await binding.ingest(
        accepted.map((a) => a.event),
        async (tx, outcomes) => {
          await this.recordConflictsAndOutcomes(tx, binding, partition, accepted, outcomes, rejected);
          await this.bookkeeping.recordRejected(tx, invalid);
          await this.bookkeeping.recordOutcomes(tx, invalidOutcomes(binding, partition, invalid));
          await this.bookkeeping.saveOffset(tx, this.config.groupId, binding.topic, partition, next);
        },
      );
    } catch (error) {
      // Rolled back: the conflicts this attempt found are found again by the next one.
      rejected.length = invalid.length;
      throw error;
    }
  }

  /**
   * Inside the ingest transaction: dead-letters the events refused as conflicts (and adds them to
   * `rejected`), and files the outcome of every identified event that was not stored (duplicates,
   * conflicts) for its publisher to look up; GET /v1/change-events/outcomes reads a stored one from the
   * stored event.
   */
  private async recordConflictsAndOutcomes(
    tx: EntityManager,
    binding: IngestTopic,
    partition: number,
    accepted: readonly { message: KafkaMessage; event: AcceptedMessage<unknown> }[],
    outcomes: readonly AppendOutcome[],
    rejected: RejectedMessage[],
  ): Promise<void> {
    const { identify } = binding;
    if (identify === undefined || outcomes.length === 0) return;
    const conflicts: RejectedMessage[] = [];
    const filed = new ChunkOutcomes(binding.topic, partition);
    for (let i = 0; i < accepted.length; i++) {
      const { message, event } = accepted[i] as (typeof accepted)[number];
      const outcome = outcomes[i] ?? 'stored';
      const identity = identify(event.event);
      let reason: string | null = null;
      if (outcome === 'conflict') {
        reason = conflictMessage(identity);
        const errors = [{ field: '/eventId', message: reason }];
        conflicts.push(rejectedMessage(binding.topic, partition, message, 'conflict', errors));
      }
      // The stored copy's outcome is its event's row (metadata keeps the coordinates): no second write.
      if (outcome !== 'stored')
        filed.add(identity.namespace, identity.eventId, outcome, reason, message.offset);
    }
    if (conflicts.length > 0) {
      await this.sendToDlq(binding.dlqTopic, conflicts);
      await this.bookkeeping.recordRejected(tx, conflicts);
      rejected.push(...conflicts);
    }
    await this.bookkeeping.recordOutcomes(tx, filed);
  }

  private async sendToDlq(dlqTopic: string, rejected: readonly RejectedMessage[]): Promise<void> {
    const failedAt = new Date().toISOString();
    await this.dlqProducer.send({
      topic: dlqTopic,
      acks: -1,
      messages: rejected.map((r) => ({
        key: r.key,
        value: r.value,
        headers: {
          'x-dlq-reason': r.reason,
          'x-dlq-error': describeErrors(r.errors),
          'x-dlq-original-topic': r.topic,
          'x-dlq-original-partition': String(r.partition),
          'x-dlq-original-offset': r.offset,
          'x-dlq-failed-at': failedAt,
          'x-dlq-consumer-group': this.config.groupId,
        },
      })),
    });
    this.metrics.recordDeadLettered(dlqTopic, rejected.length);
    for (const r of rejected) {
      this.logger.warn(
        `rejected ${r.topic}[${r.partition}]@${r.offset} (${r.reason}): ${describeErrors(r.errors)}`,
      );
    }
  }
}

function rejectedMessage(
  topic: string,
  partition: number,
  message: KafkaMessage,
  reason: RejectedMessage['reason'],
  errors: RejectedMessage['errors'],
): RejectedMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    reason,
    errors,
    value: message.value,
  };
}

/**
 * Outcomes of messages refused before the store (invalid contract, too large): filed under the source and
 * eventId they name when those can be read from the message, so a publisher can learn why.
 */
function invalidOutcomes(
  binding: IngestTopic,
  partition: number,
  rejected: readonly RejectedMessage[],
): ChunkOutcomes {
  const filed = new ChunkOutcomes(binding.topic, partition);
  if (binding.identify === undefined) return filed;
  for (const r of rejected) {
    const identity = claimedIdentity(r.value);
    if (identity !== undefined)
      filed.add(
        identity.namespace,
        identity.eventId,
        'rejected',
        `${r.reason}: ${describeErrors(r.errors)}`,
        r.offset,
      );
  }
  return filed;
}

/** The source and eventId a message claims, if it is a JSON object that names both as strings. */
function claimedIdentity(value: Buffer | null): EventIdentity | undefined {
  if (value === null) return undefined;
  try {
    const parsed: unknown = JSON.parse(value.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { source, eventId } = parsed as { source?: unknown; eventId?: unknown };
    if (typeof source !== 'string' || typeof eventId !== 'string') return undefined;
    return { namespace: source, eventId };
  } catch {
    return undefined;
  }
}

function countByReason(rejected: readonly RejectedMessage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of rejected) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  return counts;
}

/** Error codes of a connection that failed or was cut (node) or refused (PostgreSQL 08xxx, 57P0x, 53300). */
const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** PostgreSQL could not be reached or dropped the connection: the system, not the input. */
function isConnectionError(error: unknown): boolean {
  const source: unknown = error instanceof QueryFailedError ? error.driverError : error;
  if (typeof source !== 'object' || source === null) return false;
  const code = (source as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08'))) return true;
  const message = (source as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
      message,
    )
  );
}

/** PostgreSQL data exceptions (22xxx) and integrity violations (23xxx): the input, not the system. */
function isDataError(error: unknown): boolean {
  // TypeORM wraps query errors; COPY errors come straight from the pg driver.
  const source: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const code =
    typeof source === 'object' && source !== null ? (source as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { DataSource, type EntityManager } from 'typeorm';
import { drainPages, PollingLoop } from '../../common/polling-loop';
import { withTimeout } from '../../common/retry';
import type { KafkaConfig } from '../../config/app-config';
import { INSIGHT_CONTRACTS, type InsightContract } from '../../contracts/insight-events';
import type { StoredEvent } from '../../event-store/domain/stored-event';
import { EventStore } from '../../event-store/event-store';
import { registerProjection } from '../../event-store/store-progress';
import { createProducer } from './kafka-client';
import { KAFKA, KAFKA_CONFIG } from './kafka.tokens';

export const INSIGHTS_RELAY_CHECKPOINT = 'insights-relay';
const PAGE = 500;
/** Any constant every instance agrees on (the bytes "insr"): one relay at a time, the others skip. */
const RELAY_LOCK = 1_768_846_194;

/** The Kafka message of an insight: the contract's key, JSON payload, headers saying what it is. */
export function insightMessage(event: StoredEvent, insight: InsightContract): Message {
  return {
    key: insight.key(event.data),
    value: JSON.stringify(event.data),
    headers: {
      'content-type': 'application/json',
      'x-contract': insight.contract,
      'x-event-type': event.type,
      'x-event-id': event.eventId,
      'x-position': event.position.toString(),
    },
  };
}

/**
 * The outbox relay: insights (freeze checks, suspect rankings) are events in the store, appended in the
 * same transaction as what caused them; this relay follows the store by position (gap-safe, up to the
 * head) and publishes them to change-insights.v1, then moves its checkpoint. At least once: a crash
 * between the broker's ack and the checkpoint's commit republishes a page, so consumers deduplicate by
 * the `x-event-id` header. One instance relays at a time (an advisory lock; the others skip).
 */
@Injectable()
export class InsightsRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InsightsRelay.name);
  private readonly producer: Producer;
  private readonly types = [...INSIGHT_CONTRACTS.keys()];
  private readonly loop: PollingLoop;
  private connected: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
  ) {
    this.producer = createProducer(kafka);
    this.loop = new PollingLoop(
      config.insightsRelayIntervalMs,
      () => this.relayPending(),
      this.logger,
      'insights relay',
    );
  }

  /** Starts at once: the producer connects on the first page with something to send (start-up never waits for Kafka). */
  async onApplicationBootstrap(): Promise<void> {
    await registerProjection(this.dataSource, INSIGHTS_RELAY_CHECKPOINT);
    this.loop.start();
  }

  /** Before the database pool closes (at application shutdown): finish the page in flight, then stop. */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await withTimeout(this.producer.disconnect(), 3_000, 'insights producer disconnect').catch(
      (error: unknown) => {
        this.logger.warn(error instanceof Error ? error.message : String(error));
      },
    );
  }

  /** Publishes every insight the store holds past the checkpoint; resolves with how many it sent. */
  relayPending(): Promise<number> {
    return drainPages(() => this.relayPage());
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }

  /** One page in one transaction; undefined when there was nothing left to read (or another relay holds it). */
  private async relayPage(): Promise<number | undefined> {
    // In a statement of its own: an insert takes a transaction id, and see below why the page must not hold one.
    await registerProjection(this.dataSource, INSIGHTS_RELAY_CHECKPOINT);
    return this.dataSource.transaction(async (tx) => {
      // Claimed by an advisory lock, not SELECT ... FOR UPDATE: locking a row takes a transaction id, and the
      // store's readable position waits for every transaction that holds one, this page's own included, so
      // the relay would hold back its own reads (and every other reader's) for as long as it relays.
      const locked = await tx.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        RELAY_LOCK,
      ]);
      if (locked[0]?.locked !== true) return undefined;
      const claimed = await tx.query<{ position: string }[]>(
        `SELECT position FROM projection_checkpoints WHERE name = $1`,
        [INSIGHTS_RELAY_CHECKPOINT],
      );
      const checkpoint = claimed[0];
      if (checkpoint === undefined) return undefined;
      const after = BigInt(checkpoint.position);
      const { events, readUpTo } = await this.store.readAllOfTypes(after, this.types, PAGE);
      if (readUpTo <= after) return undefined;
      const messages = events.flatMap((event) => {
        const insight = INSIGHT_CONTRACTS.get(event.type);
        return insight === undefined ? [] : [insightMessage(event, insight)];
      });
      if (messages.length > 0) {
        await this.connect();
        await this.producer.send({
          topic: this.config.insightsTopic,
          acks: -1,
          timeout: 5_000,
          compression: CompressionTypes.None,
          messages,
        });
      }
      await tx.query(`UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1`, [
        INSIGHTS_RELAY_CHECKPOINT,
        readUpTo.toString(),
      ]);
      return messages.length;
    });
  }
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, QueryFailedError } from 'typeorm';
import { IngestChangeEventsCommand } from '../../changes/commands/ingest-change-events/ingest-change-events.command';
import type { AcceptedChangeEvent } from '../../changes/domain/change-stream';
import type { KafkaConfig } from '../../config/app-config';
import { describeErrors } from '../../contracts/contract-validator';
import { CHANGE_EVENT_VALIDATOR, type ChangeEventValidator } from '../../contracts/change-event-validator';
import { ConsumerBookkeeping, type RejectedMessage } from './consumer-bookkeeping';
import { KAFKA, KAFKA_CONFIG } from './kafka.tokens';
import { metadataFromMessage } from './message-metadata';

/** Events per PostgreSQL transaction; a fetched batch is cut into chunks with a heartbeat between. */
const CHUNK = 5_000;

/**
 * Consumes change-events.v1 in batches. Per chunk: validate; send the invalid ones to the DLQ; then
 * one transaction appends the valid events, projects them, records the rejects and stores the next
 * offset. Only then is the offset resolved for Kafka. A crash anywhere replays from the stored offset,
 * and replayed events are duplicates by eventId: nothing lost, nothing applied twice.
 */
@Injectable()
export class ChangeEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ChangeEventsConsumer.name);
  private readonly consumer: Consumer;
  private readonly dlqProducer: Producer;
  private readonly bookkeeping: ConsumerBookkeeping;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    @Inject(CHANGE_EVENT_VALIDATOR) private readonly validator: ChangeEventValidator,
    private readonly commands: CommandBus,
    dataSource: DataSource,
  ) {
    this.consumer = kafka.consumer({
      groupId: config.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxBytesPerPartition: 4 * 1024 * 1024,
      allowAutoTopicCreation: false,
    });
    this.dlqProducer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    this.bookkeeping = new ConsumerBookkeeping(dataSource);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.dlqProducer.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.config.changeEventsTopic], fromBeginning: true });
    await this.consumer.run({
      autoCommit: true,
      autoCommitInterval: 1_000,
      eachBatchAutoResolve: false,
      // One partition at a time: parallel eachBatch has produced duplicates and rebalance storms
      // in kafkajs (#1764, #1720); throughput comes from large chunks instead.
      partitionsConsumedConcurrently: 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    this.logger.log(`consuming ${this.config.changeEventsTopic} as group ${this.config.groupId}`);
  }

  async onApplicationShutdown(): Promise<void> {
    // disconnect() waits for the batch in flight to finish and commit.
    await this.consumer.disconnect();
    await this.dlqProducer.disconnect();
  }

  private async handleBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { topic, partition } = batch;
    const applied = await this.bookkeeping.nextOffset(this.config.groupId, topic, partition);
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
      await this.processChunk(topic, partition, chunk);
      payload.resolveOffset(last.offset);
      await payload.heartbeat();
    }
    await payload.commitOffsetsIfNecessary();
  }

  private async processChunk(
    topic: string,
    partition: number,
    messages: readonly KafkaMessage[],
  ): Promise<void> {
    const accepted: { message: KafkaMessage; event: AcceptedChangeEvent }[] = [];
    const rejected: RejectedMessage[] = [];
    for (const message of messages) {
      const result = this.validator.parse(message.value);
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
    try {
      await this.commit(
        topic,
        partition,
        next,
        accepted.map((a) => a.event),
        rejected,
      );
    } catch (error) {
      if (!isDataError(error)) throw error;
      // One event the store cannot take must not stall the partition: find it, dead-letter it, go on.
      this.logger.warn(`${topic}[${partition}] chunk refused by PostgreSQL (${describe(error)}); isolating`);
      for (const { message, event } of accepted) {
        try {
          await this.commands.execute(new IngestChangeEventsCommand([event]));
        } catch (single) {
          if (!isDataError(single)) throw single;
          const errors = [{ field: '', message: `the event store refused the event: ${describe(single)}` }];
          rejected.push(rejectedMessage(topic, partition, message, 'store_rejected', errors));
        }
      }
      await this.commit(topic, partition, next, [], rejected);
    }
    this.logger.debug(
      `${topic}[${partition}] ${messages.length} messages (${rejected.length} rejected) ` +
        `committed in ${(performance.now() - started).toFixed(1)} ms`,
    );
  }

  /** One transaction: the events, the rejects and the next offset, or none of them. */
  private async commit(
    topic: string,
    partition: number,
    next: bigint,
    events: readonly AcceptedChangeEvent[],
    rejected: readonly RejectedMessage[],
  ): Promise<void> {
    // DLQ first: a crash after this and before the commit re-sends (at-least-once, deduped by the
    // original coordinates), while the reverse order could lose a rejected message.
    if (rejected.length > 0) await this.sendToDlq(rejected);
    await this.commands.execute(
      new IngestChangeEventsCommand(events, async (tx) => {
        await this.bookkeeping.recordRejected(tx, rejected);
        await this.bookkeeping.saveOffset(tx, this.config.groupId, topic, partition, next);
      }),
    );
  }

  private async sendToDlq(rejected: readonly RejectedMessage[]): Promise<void> {
    const failedAt = new Date().toISOString();
    await this.dlqProducer.send({
      topic: this.config.changeEventsDlqTopic,
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

/** PostgreSQL data exceptions (22xxx) and integrity violations (23xxx): the input, not the system. */
function isDataError(error: unknown): boolean {
  // TypeORM wraps query errors; COPY errors come straight from the pg driver.
  const source: unknown = error instanceof QueryFailedError ? error.driverError : error;
  const code =
    typeof source === 'object' && source !== null ? (source as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('22') || code.startsWith('23'));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
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
    const accepted: AcceptedChangeEvent[] = [];
    const rejected: RejectedMessage[] = [];
    for (const message of messages) {
      const result = this.validator.parse(message.value);
      if (result.ok) {
        accepted.push({
          event: result.value,
          metadata: metadataFromMessage(topic, partition, message.offset, message.headers),
        });
      } else {
        rejected.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? null,
          reason: result.reason,
          errors: result.errors,
          value: message.value,
        });
      }
    }
    // DLQ first: a crash after this and before the commit re-sends (at-least-once, deduped by the
    // original coordinates), while the reverse order could lose a rejected message.
    if (rejected.length > 0) await this.sendToDlq(rejected);
    const lastMessage = messages[messages.length - 1];
    if (lastMessage === undefined) return;
    const next = BigInt(lastMessage.offset) + 1n;
    const started = performance.now();
    await this.commands.execute(
      new IngestChangeEventsCommand(accepted, async (tx) => {
        await this.bookkeeping.recordRejected(tx, rejected);
        await this.bookkeeping.saveOffset(tx, this.config.groupId, topic, partition, next);
      }),
    );
    this.logger.debug(
      `${topic}[${partition}] ${messages.length} messages (${rejected.length} rejected) ` +
        `committed in ${(performance.now() - started).toFixed(1)} ms`,
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

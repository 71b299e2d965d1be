import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { KafkaConfig } from '../../config/app-config';
import type { AcceptedChangeEvent } from '../../changes/domain/change-stream';
import { TransportUnavailableError, type ChangeEventPublisher } from '../change-event-publisher';
import { KAFKA, KAFKA_CONFIG } from './kafka.tokens';
import { metadataHeaders } from './message-metadata';

/**
 * Kafka mode: HTTP events go onto change-events.v1 like any other producer's, so there is one ingest
 * path. Idempotent producer, acks from all in-sync replicas; the HTTP 202 waits for that.
 */
@Injectable()
export class KafkaChangeEventPublisher implements ChangeEventPublisher, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaChangeEventPublisher.name);
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
  ) {
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
  }

  async publish(events: readonly AcceptedChangeEvent[]): Promise<void> {
    try {
      this.connected ??= this.producer.connect();
      await this.connected;
      await this.producer.send({
        topic: this.config.changeEventsTopic,
        acks: -1,
        timeout: 5_000,
        compression: CompressionTypes.None,
        messages: events.map(({ event, metadata }) => ({
          key: event.changeId,
          value: JSON.stringify(event),
          headers: metadataHeaders(metadata),
        })),
      });
    } catch (error) {
      this.connected = undefined;
      const detail = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Kafka did not acknowledge ${events.length} event(s): ${detail}`);
      throw new TransportUnavailableError(`Kafka is unavailable: ${detail}`, 5);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }
}

import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { KafkaConfig } from '../../config/app-config';
import type { AcceptedChangeEvent } from '../../changes/domain/change-stream';
import { KAFKA_PRODUCER_CHECK, KafkaClientStatus } from '../../health/kafka-client-status';
import { tracedSend } from '../../telemetry/kafka-tracing';
import {
  TransportUnavailableError,
  type ChangeEventPublisher,
  type PublishOutcome,
} from '../change-event-publisher';
import { createProducer } from './kafka-client';
import { KAFKA, KAFKA_CONFIG } from './kafka.tokens';
import { metadataHeaders } from './message-metadata';

/**
 * Kafka mode: HTTP events go onto change-events.v1 like any other producer's, so there is one ingest
 * path. Idempotent producer, acks from all in-sync replicas; the HTTP 202 waits for that. Each message
 * carries the request's trace context (`traceparent`), so the consumer's write joins the same trace.
 */
@Injectable()
export class KafkaChangeEventPublisher
  implements ChangeEventPublisher, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(KafkaChangeEventPublisher.name);
  private readonly producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    @Optional() status?: KafkaClientStatus,
  ) {
    this.producer = createProducer(kafka, {
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2_000 },
    });
    status?.watchProducer(KAFKA_PRODUCER_CHECK, this.producer);
  }

  /** Connects at start-up so readiness can report it; if the broker is away, the next publish retries. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      this.logger.warn(
        `producer not connected yet: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Durably queued; the consumer files each event's outcome (GET /v1/change-events/outcomes). */
  async publish(events: readonly AcceptedChangeEvent[]): Promise<readonly PublishOutcome[]> {
    const topic = this.config.changeEventsTopic;
    try {
      await tracedSend(topic, events.length, async (traceHeaders) => {
        await this.connect();
        await this.producer.send({
          topic,
          acks: -1,
          timeout: 5_000,
          compression: CompressionTypes.None,
          messages: events.map(({ event, metadata }) => ({
            key: event.changeId,
            value: JSON.stringify(event),
            headers: { ...metadataHeaders(metadata), ...traceHeaders },
          })),
        });
      });
    } catch (error) {
      this.connected = undefined;
      const detail = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Kafka did not acknowledge ${events.length} event(s): ${detail}`);
      throw new TransportUnavailableError(`Kafka is unavailable: ${detail}`, 5);
    }
    return events.map(() => 'queued');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.producer.disconnect();
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }
}

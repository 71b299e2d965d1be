import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import type { KafkaConfig } from '../../config/app-config';
import type { AcceptedChangeEvent } from '../../changes/domain/change-stream';
import { withTimeout } from '../../common/retry';
import { tracedSend } from '../../telemetry/kafka-tracing';
import { TransportUnavailableError, type ChangeEventPublisher } from '../change-event-publisher';
import { BrokerProbe } from './broker-probe';
import { createProducer } from './kafka-client';
import { KAFKA, KAFKA_CONFIG } from './kafka.tokens';
import { metadataHeaders } from './message-metadata';

/** What a 503 tells the client to wait before re-sending (the broker is probed more often than this). */
const RETRY_AFTER_SECONDS = 5;

/**
 * Kafka mode: HTTP events go onto change-events.v1 like any other producer's, so there is one ingest
 * path. Idempotent producer, acks from all in-sync replicas; the HTTP 202 waits for that. Each message
 * carries the request's trace context (`traceparent`), so the consumer's write joins the same trace.
 *
 * It answers within KAFKA_PUBLISH_TIMEOUT_MS: at once (nothing sent) while the broker probe knows the
 * broker is away; otherwise the broker's acknowledgement or, when it does not come in time, 503 saying
 * the outcome is unknown: kafkajs may still deliver the send it has in hand, so those events may be
 * stored, and the client's re-send (same eventIds) is stored once.
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
    private readonly probe: BrokerProbe,
  ) {
    this.producer = createProducer(kafka, {
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1_000 },
    });
  }

  /** Connects in the background; if the broker is away, the next publish connects. */
  onApplicationBootstrap(): void {
    this.connect().catch((error: unknown) => {
      this.logger.warn(`producer not connected yet: ${describe(error)}`);
    });
  }

  async publish(events: readonly AcceptedChangeEvent[]): Promise<void> {
    const unreachable = this.probe.unreachable();
    if (unreachable !== undefined) {
      throw new TransportUnavailableError(`Kafka is unavailable (${unreachable})`, RETRY_AFTER_SECONDS);
    }
    const topic = this.config.changeEventsTopic;
    const timeoutMs = this.config.publishTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    // Until the producer is connected nothing has been handed to the broker.
    try {
      await withTimeout(this.connect(), timeoutMs, 'connecting to Kafka');
    } catch (error) {
      this.logger.warn(
        `Kafka producer not connected; ${events.length} event(s) not sent: ${describe(error)}`,
      );
      throw new TransportUnavailableError(`Kafka is unavailable: ${describe(error)}`, RETRY_AFTER_SECONDS);
    }
    try {
      const send = tracedSend(topic, events.length, async (traceHeaders) => {
        await this.producer.send({
          topic,
          acks: -1,
          timeout: timeoutMs,
          compression: CompressionTypes.None,
          messages: events.map(({ event, metadata }) => ({
            key: event.changeId,
            value: JSON.stringify(event),
            headers: { ...metadataHeaders(metadata), ...traceHeaders },
          })),
        });
      });
      await withTimeout(send, Math.max(0, deadline - Date.now()), 'the Kafka acknowledgement');
    } catch (error) {
      this.logger.warn(`Kafka did not acknowledge ${events.length} event(s): ${describe(error)}`);
      throw new TransportUnavailableError(
        `Kafka is unavailable: no acknowledgement (${describe(error)})`,
        RETRY_AFTER_SECONDS,
        'unknown',
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await withTimeout(this.producer.disconnect(), 3_000, 'producer disconnect').catch((error: unknown) => {
      this.logger.warn(describe(error));
    });
  }

  private connect(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    return this.connected;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

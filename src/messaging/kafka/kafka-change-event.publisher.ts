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
import {
  TransportUnavailableError,
  type ChangeEventPublisher,
  type PublishOutcome,
} from '../change-event-publisher';
import { BrokerProbe } from './broker-probe';
import { createProducer } from './kafka-client';
import { KAFKA, KAFKA_CONFIG } from './kafka.tokens';
import { metadataHeaders } from './message-metadata';
import { errorMessage } from '../../common/error-message';

/** What a 503 tells the client to wait before re-sending (the broker is probed more often than this). */
const RETRY_AFTER_SECONDS = 5;

/**
 * Kafka mode: HTTP events go onto change-events.v1 like any other producer's, so there is one ingest
 * path. Acks from all in-sync replicas; the HTTP 202 waits for that. Each message
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
  private producer: Producer;
  private connected: Promise<void> | undefined;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    private readonly probe: BrokerProbe,
  ) {
    this.producer = this.newProducer();
  }

  /**
   * Not idempotent, unlike the service's other producers: HTTP requests send concurrently, and kafkajs's
   * idempotent producer gives a failed send's sequence numbers back to the next send; when the failed one
   * had in fact been written (a timeout, a connection cut after the write), the broker took the next,
   * different events for a duplicate, acknowledged them and dropped them (202, never stored: the fault
   * suite caught it). Without sequence numbers a retry can at worst write an event twice, and the store
   * keeps it once, by eventId. One request in flight per broker still keeps a partition in order.
   */
  private newProducer(): Producer {
    return createProducer(this.kafka, {
      idempotent: false,
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 1_000 },
    });
  }

  /**
   * After a send that failed or timed out, the next ones go through a new producer, and the old one is
   * disconnected, which ends the retries of the send it still holds: that bounds how long an event
   * answered with 503 `unknown` can still land.
   */
  private replaceProducer(failed: Producer): void {
    if (this.producer !== failed) return;
    this.producer = this.newProducer();
    this.connected = undefined;
    withTimeout(failed.disconnect(), 10_000, 'replaced producer disconnect').catch((error: unknown) => {
      this.logger.warn(errorMessage(error));
    });
  }

  /** Connects in the background; if the broker is away, the next publish connects. */
  onApplicationBootstrap(): void {
    this.connect().catch((error: unknown) => {
      this.logger.warn(`producer not connected yet: ${errorMessage(error)}`);
    });
  }

  /** Durably queued; the consumer files each event's outcome (GET /v1/change-events/outcomes). */
  async publish(events: readonly AcceptedChangeEvent[]): Promise<readonly PublishOutcome[]> {
    const unreachable = this.probe.unreachable();
    if (unreachable !== undefined) {
      throw new TransportUnavailableError(`Kafka is unavailable (${unreachable})`, RETRY_AFTER_SECONDS);
    }
    const topic = this.config.changeEventsTopic;
    const timeoutMs = this.config.publishTimeoutMs;
    const deadline = Date.now() + timeoutMs;
    const producer = this.producer;
    // Until the producer is connected nothing has been handed to the broker.
    try {
      await withTimeout(this.connect(), timeoutMs, 'connecting to Kafka');
    } catch (error) {
      this.logger.warn(
        `Kafka producer not connected; ${events.length} event(s) not sent: ${errorMessage(error)}`,
      );
      throw new TransportUnavailableError(
        `Kafka is unavailable: ${errorMessage(error)}`,
        RETRY_AFTER_SECONDS,
      );
    }
    try {
      const send = tracedSend(topic, events.length, async (traceHeaders) => {
        await producer.send({
          topic,
          acks: -1,
          timeout: timeoutMs,
          compression: CompressionTypes.None,
          messages: events.map(({ event, metadata, json }) => ({
            key: event.changeId,
            value: json ?? JSON.stringify(event),
            headers: { ...metadataHeaders(metadata), ...traceHeaders },
          })),
        });
      });
      await withTimeout(send, Math.max(0, deadline - Date.now()), 'the Kafka acknowledgement');
    } catch (error) {
      this.replaceProducer(producer);
      this.logger.warn(`Kafka did not acknowledge ${events.length} event(s): ${errorMessage(error)}`);
      throw new TransportUnavailableError(
        `Kafka is unavailable: no acknowledgement (${errorMessage(error)})`,
        RETRY_AFTER_SECONDS,
        'unknown',
      );
    }
    return events.map(() => 'queued');
  }

  async onApplicationShutdown(): Promise<void> {
    await withTimeout(this.producer.disconnect(), 3_000, 'producer disconnect').catch((error: unknown) => {
      this.logger.warn(errorMessage(error));
    });
  }

  private connect(): Promise<void> {
    if (this.connected === undefined) {
      const connecting: Promise<void> = this.producer.connect().catch((error: unknown) => {
        if (this.connected === connecting) this.connected = undefined;
        throw error;
      });
      this.connected = connecting;
    }
    return this.connected;
  }
}

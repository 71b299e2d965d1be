import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Admin } from 'kafkajs';
import { PollingLoop } from '../../common/polling-loop';
import { withTimeout } from '../../common/retry';
import type { KafkaConfig } from '../../config/app-config';
import { KAFKA_PRODUCER_CHECK, KafkaClientStatus } from '../../health/kafka-client-status';
import type { IngestTopic } from './ingest-topic';
import { createKafka } from './kafka-client';
import { INGEST_TOPICS, KAFKA_CONFIG } from './kafka.tokens';
import { errorMessage } from '../../common/error-message';

/** Per topic, per partition: the log-start offset and the end offset (high watermark). */
export type EndOffsets = ReadonlyMap<string, ReadonlyMap<number, { low: bigint; high: bigint }>>;

export type EndOffsetsListener = (ends: EndOffsets) => Promise<void>;

/**
 * Asks the broker, every KAFKA_PROBE_INTERVAL_MS, for the end offsets of the topics the instance uses:
 * a metadata and ListOffsets round trip to each partition's leader, which is what producing needs. The
 * answer (or its absence within KAFKA_PUBLISH_TIMEOUT_MS) is the `kafka-producer` readiness check and
 * lets publishing answer 503 at once while the broker is known to be away; the offsets feed the lag
 * measurement. It has its own client that does not retry, so a refused connection shows at once.
 */
@Injectable()
export class BrokerProbe implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(BrokerProbe.name);
  private readonly admin: Admin;
  private readonly loop: PollingLoop;
  private readonly topics: readonly string[];
  private readonly listeners: EndOffsetsListener[] = [];
  private connected = false;
  /** The request in flight; it may outlive a timed-out tick, and the next tick waits for it. */
  private request: Promise<EndOffsets> | undefined;
  /** undefined until the first answer; then whether the last probe was answered in time. */
  private reachable: boolean | undefined;
  private detail = 'not probed yet';

  constructor(
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    @Optional() private readonly status?: KafkaClientStatus,
    @Optional() @Inject(INGEST_TOPICS) ingestTopics?: readonly IngestTopic[],
  ) {
    this.admin = createKafka(config, { retries: 0 }).admin();
    this.topics = ingestTopics?.map((t) => t.topic) ?? [config.changeEventsTopic];
    this.loop = new PollingLoop(config.probeIntervalMs, () => this.probe(), this.logger, 'broker probe');
    this.status?.report(KAFKA_PRODUCER_CHECK, false, this.detail);
  }

  onApplicationBootstrap(): void {
    void this.probe();
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await withTimeout(this.admin.disconnect(), 2_000, 'broker probe disconnect').catch(() => undefined);
  }

  /** Called with every answered probe's end offsets (the consumer-lag measurement). */
  onEndOffsets(listener: EndOffsetsListener): void {
    this.listeners.push(listener);
  }

  /** Why the broker is known to be unreachable now, or undefined (reachable, or not probed yet). */
  unreachable(): string | undefined {
    return this.reachable === false ? this.detail : undefined;
  }

  async probe(): Promise<void> {
    this.request ??= this.fetchEndOffsets().finally(() => {
      this.request = undefined;
    });
    let ends: EndOffsets;
    try {
      ends = await withTimeout(this.request, this.config.publishTimeoutMs, 'the broker metadata request');
    } catch (error) {
      this.set(false, `broker unreachable: ${errorMessage(error)}`);
      return;
    }
    this.set(true, 'ok');
    for (const listener of this.listeners) {
      await listener(ends).catch((error: unknown) => {
        this.logger.warn(`end offsets listener failed: ${errorMessage(error)}`);
      });
    }
  }

  private async fetchEndOffsets(): Promise<EndOffsets> {
    if (!this.connected) {
      await this.admin.connect();
      this.connected = true;
    }
    const ends = new Map<string, Map<number, { low: bigint; high: bigint }>>();
    for (const topic of this.topics) {
      const offsets = await this.admin.fetchTopicOffsets(topic);
      ends.set(
        topic,
        new Map(offsets.map((o) => [o.partition, { low: BigInt(o.low), high: BigInt(o.high) }])),
      );
    }
    return ends;
  }

  private set(reachable: boolean, detail: string): void {
    if (reachable !== this.reachable) {
      if (reachable) this.logger.log('broker reachable');
      else this.logger.warn(detail);
    }
    this.reachable = reachable;
    this.detail = detail;
    this.status?.report(KAFKA_PRODUCER_CHECK, reachable, detail);
  }
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { withTimeout } from '../../common/retry';
import type { KafkaConfig } from '../../config/app-config';
import { Metrics } from '../../telemetry/metrics/metrics';
import { BrokerProbe, type EndOffsets } from './broker-probe';
import { ConsumerBookkeeping } from './consumer-bookkeeping';
import { KAFKA_CONFIG } from './kafka.tokens';

/** A read of the stored offsets that takes longer than this counts as failed (the last one is kept). */
const READ_TIMEOUT_MS = 2_000;

/**
 * change_audit_consumer_lag, per partition: the broker's end offset (from each answered broker probe)
 * minus the group's next offset as stored in PostgreSQL (kafka_consumer_offsets, which is authoritative;
 * the Kafka commit only saves re-reading). It is measured whether or not any consumer is fetching, so a
 * stalled consumer shows growing lag. While PostgreSQL does not answer, the last stored offsets read
 * stand (nothing can have been committed since).
 */
@Injectable()
export class ConsumerLagMonitor {
  private readonly logger = new Logger(ConsumerLagMonitor.name);
  private readonly bookkeeping: ConsumerBookkeeping;
  private stored = new Map<string, Map<number, bigint>>();
  private storeAnswered = true;

  constructor(
    probe: BrokerProbe,
    dataSource: DataSource,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    private readonly metrics: Metrics,
  ) {
    this.bookkeeping = new ConsumerBookkeeping(dataSource);
    probe.onEndOffsets((ends) => this.measure(ends));
  }

  async measure(ends: EndOffsets): Promise<void> {
    try {
      this.stored = await withTimeout(
        this.bookkeeping.storedOffsets(this.config.groupId),
        READ_TIMEOUT_MS,
        'reading kafka_consumer_offsets',
      );
      if (!this.storeAnswered) this.logger.log('consumer lag: stored offsets readable again');
      this.storeAnswered = true;
    } catch (error) {
      if (this.storeAnswered) {
        this.logger.warn(
          `consumer lag: stored offsets not readable, using the last read: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      this.storeAnswered = false;
    }
    for (const [topic, partitions] of ends) {
      for (const [partition, { low, high }] of partitions) {
        const next = this.stored.get(topic)?.get(partition) ?? 0n;
        // Below the log start, the messages are gone (retention): they are not lag.
        this.metrics.recordConsumerLag(topic, partition, high, next > low ? next : low);
      }
    }
  }
}

import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { backoffDelay, withTimeout } from '../../common/retry';
import type { KafkaConfig } from '../../config/app-config';
import { KAFKA_TOPICS_CHECK, KafkaClientStatus } from '../../health/kafka-client-status';
import { createKafka, ensureTopics } from './kafka-client';
import { KAFKA, KAFKA_CONFIG } from './kafka.tokens';
import { errorMessage } from '../../common/error-message';

const RETRY_INITIAL_MS = 500;
const RETRY_MAX_MS = 5_000;

/**
 * Creates the service's topics when they are missing. When the broker answers, start-up waits for that
 * (as it always has: an instance that listens before its topics exist would refuse its first publishes).
 * When it does not, the instance starts anyway, serves reads and health, keeps trying in the background
 * with jittered backoff, and stays unready (`kafka-topics`) until the topics are there: a start-up that
 * fails on an absent broker would put a whole fleet into a crash loop during a broker outage.
 */
@Injectable()
export class KafkaTopicProvisioner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(KafkaTopicProvisioner.name);
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(KAFKA_CONFIG) private readonly config: KafkaConfig,
    @Optional() private readonly status?: KafkaClientStatus,
  ) {
    this.status?.report(KAFKA_TOPICS_CHECK, false, 'topics not checked yet');
  }

  async onModuleInit(): Promise<void> {
    const reachable = await this.brokerAnswers();
    if (reachable && (await this.attempt())) return;
    this.logger.warn(
      `Kafka topics not ensured at start-up (${reachable ? 'creating them failed' : 'the broker does not answer'}); starting anyway and trying again in the background`,
    );
    this.schedule(0);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  /** One connection attempt without retries: a stopped broker is known at once, a slow one is waited for. */
  private async brokerAnswers(): Promise<boolean> {
    const admin = createKafka(this.config, { retries: 0 }).admin();
    try {
      await withTimeout(admin.connect(), this.config.publishTimeoutMs, 'connecting to the broker');
      return true;
    } catch {
      return false;
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** One try; true when the topics exist. Never rejects. */
  private async attempt(): Promise<boolean> {
    try {
      await ensureTopics(this.kafka, this.config);
      this.status?.report(KAFKA_TOPICS_CHECK, true, 'topics present');
      return true;
    } catch (error) {
      this.status?.report(KAFKA_TOPICS_CHECK, false, `topics not ensured: ${errorMessage(error)}`);
      return false;
    }
  }

  private schedule(attempt: number): void {
    if (this.stopped) return;
    this.retry = setTimeout(
      () => {
        void this.attempt().then((done) => {
          if (done) this.logger.log('Kafka topics ensured');
          else this.schedule(attempt + 1);
        });
      },
      backoffDelay(attempt, RETRY_INITIAL_MS, RETRY_MAX_MS),
    );
  }
}

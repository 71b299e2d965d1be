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
import { ensureTopics } from './kafka-client';
import { KAFKA, KAFKA_CONFIG } from './kafka.tokens';
import { errorMessage } from '../../common/error-message';

const RETRY_INITIAL_MS = 500;
const RETRY_MAX_MS = 5_000;

/**
 * Creates the service's topics when they are missing. Start-up waits for that only as long as a publish
 * would (KAFKA_PUBLISH_TIMEOUT_MS): with the broker away, the instance still starts and serves reads and
 * health, keeps trying in the background with jittered backoff, and stays unready (`kafka-topics`) until
 * the topics are there — a start-up that fails on an absent broker would put a whole fleet into a crash
 * loop during a broker outage.
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
    const first = this.attempt();
    try {
      await withTimeout(first, this.config.publishTimeoutMs, 'creating the Kafka topics');
    } catch (error) {
      this.logger.warn(
        `Kafka topics not ensured at start-up (${errorMessage(error)}); starting anyway and trying again in the background`,
      );
      // The first attempt may still succeed late; only a failure schedules the next.
      void first.then((done) => {
        if (!done) this.schedule(1);
      });
    }
  }

  onModuleDestroy(): void {
    this.stopped = true;
    clearTimeout(this.retry);
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

import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { EventStoreModule } from '../event-store/event-store.module';
import { CHANGE_EVENT_PUBLISHER } from './change-event-publisher';
import { IngestOutcomesController } from './http/ingest-outcomes.controller';
import { InProcessChangeEventPublisher } from './in-process/in-process-change-event.publisher';
import { InsightsRelay } from './kafka/insights-relay';
import { BrokerProbe } from './kafka/broker-probe';
import { ConsumerLagMonitor } from './kafka/consumer-lag';
import { KafkaChangeEventPublisher } from './kafka/kafka-change-event.publisher';
import { createKafka } from './kafka/kafka-client';
import { KafkaTopicProvisioner } from './kafka/topic-provisioner';
import { IngestConsumer } from './kafka/ingest.consumer';
import { ingestTopicsProvider } from './kafka/ingest-topics.provider';
import { KAFKA, KAFKA_CONFIG } from './kafka/kafka.tokens';

/** The transport: Kafka when KAFKA_BROKERS is set, the in-process one otherwise (embedded mode). */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(config: AppConfig): DynamicModule {
    const kafka = config.kafka;
    if (kafka === undefined) {
      return {
        module: MessagingModule,
        imports: [EventStoreModule],
        controllers: [IngestOutcomesController],
        providers: [{ provide: CHANGE_EVENT_PUBLISHER, useClass: InProcessChangeEventPublisher }],
        exports: [CHANGE_EVENT_PUBLISHER],
      };
    }
    const providers: Provider[] = [
      { provide: KAFKA_CONFIG, useValue: kafka },
      { provide: KAFKA, useFactory: () => createKafka(kafka) },
      KafkaTopicProvisioner,
      BrokerProbe,
      KafkaChangeEventPublisher,
      { provide: CHANGE_EVENT_PUBLISHER, useExisting: KafkaChangeEventPublisher },
      ...(kafka.consumerEnabled
        ? [
            ingestTopicsProvider(kafka, config.cdeventsSources),
            IngestConsumer,
            ConsumerLagMonitor,
            InsightsRelay,
          ]
        : []),
    ];
    return {
      module: MessagingModule,
      imports: [EventStoreModule],
      controllers: [IngestOutcomesController],
      providers,
      exports: [CHANGE_EVENT_PUBLISHER, KAFKA, KAFKA_CONFIG],
    };
  }
}

import { Global, Module } from '@nestjs/common';
import { EventStoreModule } from '../event-store/event-store.module';
import { HealthController } from './health.controller';
import { KafkaClientStatus } from './kafka-client-status';

/** Probes; KafkaClientStatus is global so the Kafka clients can register with it. */
@Global()
@Module({
  imports: [EventStoreModule],
  controllers: [HealthController],
  providers: [KafkaClientStatus],
  exports: [KafkaClientStatus],
})
export class HealthModule {}

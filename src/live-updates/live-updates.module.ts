import { Module } from '@nestjs/common';
import { EventStoreModule } from '../event-store/event-store.module';
import { StreamController } from './http/stream.controller';
import { StoreTail } from './infrastructure/store-tail';
import { LiveStreams } from './live-streams';

/** GET /v1/stream: changes, alerts and freeze-window events as they are stored, to the console. */
@Module({
  imports: [EventStoreModule],
  controllers: [StreamController],
  providers: [StoreTail, LiveStreams],
  exports: [LiveStreams],
})
export class LiveUpdatesModule {}

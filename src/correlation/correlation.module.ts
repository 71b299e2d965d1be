import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { AlertsModule } from '../alerts/alerts.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { ReplaceTopologyHandler } from './commands/replace-topology/replace-topology.handler';
import { SuspectsController } from './http/suspects.controller';
import { TopologyController } from './http/topology.controller';
import { CorrelationReader } from './infrastructure/correlation.reader';
import { SuspectRanking } from './infrastructure/suspect-ranking';
import { SuspectsProjector } from './infrastructure/suspects-projector';
import { TopologyReader } from './infrastructure/topology.reader';
import { Verdicts } from './infrastructure/verdicts';

/** Service topology, incidents and explainable suspect rankings for alerts, with reviewers' feedback. */
@Module({
  imports: [EventStoreModule, AlertsModule, ChangesModule],
  controllers: [SuspectsController, TopologyController],
  providers: [
    ReplaceTopologyHandler,
    TopologyReader,
    CorrelationReader,
    SuspectRanking,
    SuspectsProjector,
    Verdicts,
  ],
  exports: [SuspectRanking, SuspectsProjector],
})
export class CorrelationModule {}

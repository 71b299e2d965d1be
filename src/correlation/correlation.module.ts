import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { AlertsModule } from '../alerts/alerts.module';
import { EventStoreModule } from '../event-store/event-store.module';
import { DeclareAlertCoverageHandler } from './commands/declare-alert-coverage/declare-alert-coverage.handler';
import { ReplaceTopologyHandler } from './commands/replace-topology/replace-topology.handler';
import { AlertCoverageController } from './http/alert-coverage.controller';
import { SuspectsController } from './http/suspects.controller';
import { TopologyController } from './http/topology.controller';
import { CorrelationReader } from './infrastructure/correlation.reader';
import { CorrelationWeights } from './infrastructure/correlation-weights';
import { CoverageReader } from './infrastructure/coverage.reader';
import { SuspectRanking } from './infrastructure/suspect-ranking';
import { SuspectsProjector } from './infrastructure/suspects-projector';
import { TopologyReader } from './infrastructure/topology.reader';
import { TopologyScraper } from './infrastructure/topology-scraper';
import { Verdicts } from './infrastructure/verdicts';
import { ServiceNeighboursHandler } from './queries/service-neighbours/service-neighbours.handler';

/** Service topology, incidents and explainable suspect rankings for alerts, with reviewers' feedback. */
@Module({
  imports: [EventStoreModule, AlertsModule, ChangesModule],
  controllers: [SuspectsController, TopologyController, AlertCoverageController],
  providers: [
    ReplaceTopologyHandler,
    DeclareAlertCoverageHandler,
    TopologyReader,
    CoverageReader,
    TopologyScraper,
    CorrelationReader,
    SuspectRanking,
    SuspectsProjector,
    Verdicts,
    ServiceNeighboursHandler,
    CorrelationWeights,
  ],
  exports: [SuspectRanking, SuspectsProjector],
})
export class CorrelationModule {}

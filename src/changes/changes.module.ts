import { ChangeTimelineCheck } from './infrastructure/change-timeline.check';
import { Module } from '@nestjs/common';
import { ChangeTimelineQueries } from './change-timeline-queries';
import { EventStoreModule } from '../event-store/event-store.module';
import { IngestChangeEventsHandler } from './commands/ingest-change-events/ingest-change-events.handler';
import { RebuildChangeTimelineHandler } from './commands/rebuild-change-timeline/rebuild-change-timeline.handler';
import { ChangeEventsController } from './http/change-events.controller';
import { ChangesController } from './http/changes.controller';
import { ProjectionsController } from './http/projections.controller';
import { ChangeTimelineProjection } from './infrastructure/change-timeline.projection';
import { ChangeEventSubmission } from './change-event-submission';
import { InlineChangeProjections } from './inline-change-projections';
import { PublishedOverrideAuthorisers } from './published-override-authority';
import { GetChangeHandler } from './queries/get-change/get-change.handler';
import { ListChangesHandler } from './queries/list-changes/list-changes.handler';
import { VerifyChangeHandler } from './queries/verify-change/verify-change.handler';

/** Change events in, change timeline out. The transport (Kafka or in-process) is wired by MessagingModule. */
@Module({
  imports: [EventStoreModule],
  controllers: [ChangeEventsController, ChangesController, ProjectionsController],
  providers: [
    ChangeTimelineCheck,
    ChangeTimelineProjection,
    InlineChangeProjections,
    PublishedOverrideAuthorisers,
    ChangeEventSubmission,
    IngestChangeEventsHandler,
    RebuildChangeTimelineHandler,
    ListChangesHandler,
    GetChangeHandler,
    VerifyChangeHandler,
    ChangeTimelineQueries,
  ],
  exports: [
    ChangeTimelineCheck,
    InlineChangeProjections,
    PublishedOverrideAuthorisers,
    ChangeEventSubmission,
    ChangeTimelineQueries,
  ],
})
export class ChangesModule {}

import { Module } from '@nestjs/common';
import { ChangesModule } from '../changes/changes.module';
import { ArgoCdIntakeController } from './argocd/argocd.controller';
import { GenericWebhookIntakeController } from './generic/generic-webhook.controller';
import { GitHubIntakeController } from './github/github.controller';
import { LaunchDarklyIntakeController } from './launchdarkly/launchdarkly.controller';
import { PagerDutyIntakeController } from './pagerduty/pagerduty.controller';
import { IntakeIntegrations } from './intake-integrations';
import { IntakePipeline } from './intake-pipeline';
import { IntakeRejectionsController } from './rejections/intake-rejections.controller';
import { IntakeRejections } from './rejections/intake-rejections';

/**
 * Changes in the formats of the tools that make them (GitHub, Argo CD, PagerDuty change events,
 * LaunchDarkly, a generic signed webhook): each intake authenticates its caller its tool's way, maps the
 * payload to change-event.v1 and submits it as POST /v1/change-events does. Owns intake_rejections.
 */
@Module({
  imports: [ChangesModule],
  controllers: [
    GitHubIntakeController,
    ArgoCdIntakeController,
    PagerDutyIntakeController,
    LaunchDarklyIntakeController,
    GenericWebhookIntakeController,
    IntakeRejectionsController,
  ],
  providers: [IntakeIntegrations, IntakePipeline, IntakeRejections],
  exports: [IntakeRejections, IntakePipeline],
})
export class IntakeModule {}

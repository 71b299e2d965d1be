import { Controller } from '@nestjs/common';
import { SecretHeaderIntakeController } from '../secret-header-intake.controller';
import { mapArgoCdNotification } from './argocd-notification.mapping';

/**
 * Argo CD notifications (the webhook service and template in docs/integrations.md): sync running,
 * succeeded, failed and health degraded, authenticated by the integration's secret in X-Intake-Secret.
 */
@Controller('v1/intake/argocd')
export class ArgoCdIntakeController extends SecretHeaderIntakeController('argocd', mapArgoCdNotification) {}

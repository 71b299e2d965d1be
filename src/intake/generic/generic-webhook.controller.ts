import { Controller } from '@nestjs/common';
import { SecretHeaderIntakeController } from '../secret-header-intake.controller';
import { mapGenericWebhook } from './generic-webhook.mapping';

/**
 * Any JSON webhook, mapped by the integration's declared field mapping (a JSON Pointer per change-event
 * field), authenticated by the integration's secret in X-Intake-Secret.
 */
@Controller('v1/intake/webhook')
export class GenericWebhookIntakeController extends SecretHeaderIntakeController(
  'generic',
  (body, integration) =>
    integration.mapping === undefined
      ? { ok: false, errors: [{ field: '', message: 'the integration has no mapping' }] }
      : mapGenericWebhook(body, { ...integration, mapping: integration.mapping }),
) {}

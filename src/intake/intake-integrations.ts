import { Inject, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/app-config';
import type { PagerDutyIntegration, RoutingKey, SignedIntakeKind, SignedIntegration } from './integrations';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** The integrations INTAKE_INTEGRATIONS configures, looked up by the intakes' routes. */
@Injectable()
export class IntakeIntegrations {
  private readonly signedByName = new Map<string, SignedIntegration>();
  private readonly routingKeys: { digest: Buffer; integration: PagerDutyIntegration; route: RoutingKey }[] =
    [];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    for (const integration of config.intake.integrations) {
      if (integration.kind === 'pagerduty') {
        for (const route of integration.routingKeys) {
          this.routingKeys.push({ digest: digest(route.key), integration, route });
        }
      } else {
        this.signedByName.set(`${integration.kind}/${integration.name}`, integration);
      }
    }
  }

  /** The integration of that kind and name; 404 naming it when there is none. */
  signed(kind: SignedIntakeKind, name: string): SignedIntegration {
    const integration = this.signedByName.get(`${kind}/${name}`);
    if (integration === undefined) {
      throw new DomainError(
        'not_found',
        `no ${kind} integration named "${name}" is configured (INTAKE_INTEGRATIONS)`,
      );
    }
    return integration;
  }

  /** The PagerDuty routing key and its integration, compared in constant time, or undefined. */
  routingKey(key: string): { integration: PagerDutyIntegration; route: RoutingKey } | undefined {
    const candidate = digest(key);
    let found: { integration: PagerDutyIntegration; route: RoutingKey } | undefined;
    for (const entry of this.routingKeys) {
      if (timingSafeEqual(entry.digest, candidate))
        found = { integration: entry.integration, route: entry.route };
    }
    return found;
  }
}

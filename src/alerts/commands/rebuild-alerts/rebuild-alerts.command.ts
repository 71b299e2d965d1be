import { Command } from '@nestjs/cqrs';

export interface AlertsRebuildResult {
  readonly events: number;
  /** Alert instances in the read model afterwards. */
  readonly alerts: number;
  readonly millis: number;
}

/** Empty the `alerts` read model and fold it again from the alert streams. */
export class RebuildAlertsCommand extends Command<AlertsRebuildResult> {}

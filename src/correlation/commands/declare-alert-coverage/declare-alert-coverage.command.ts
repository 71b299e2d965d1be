import { Command } from '@nestjs/cqrs';
import type { JsonObject } from '../../../event-store/domain/stored-event';
import type { DeclaredAlertCoverage } from '../../domain/coverage-stream';

/** Replaces the declared alert-coverage inventory (every version is kept). */
export class DeclareAlertCoverageCommand extends Command<void> {
  constructor(
    readonly declared: DeclaredAlertCoverage,
    readonly metadata: JsonObject,
  ) {
    super();
  }
}

import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AlertsCheck } from '../../../alerts/infrastructure/alerts.check';
import { ChangeTimelineCheck } from '../../../changes/infrastructure/change-timeline.check';
import type { ReadModelChecker } from '../../../common/read-model-check';
import type { AppConfig } from '../../../config/app-config';
import { APP_CONFIG } from '../../../config/config.module';
import { FreezeWindowsCheck } from '../../../freeze/infrastructure/freeze-windows.check';
import { Metrics } from '../../../telemetry/metrics/metrics';
import { CheckReadModelsCommand, type ReadModelCheckReport } from './check-read-models.command';

/**
 * Runs every module's read-model check, on demand and every READ_MODEL_CHECK_INTERVAL_MS. The last report
 * feeds readiness details and the change_audit_read_model_mismatches gauge; each mismatch is logged with
 * its stream. A mismatch never makes the instance unready: it is the shared data that is wrong, so every
 * instance would fail alike and taking them all out would stop the service without repairing anything.
 */
@Injectable()
@CommandHandler(CheckReadModelsCommand)
export class CheckReadModelsHandler
  implements
    ICommandHandler<CheckReadModelsCommand, ReadModelCheckReport>,
    OnApplicationBootstrap,
    OnApplicationShutdown
{
  private readonly logger = new Logger('ReadModelCheck');
  private readonly checkers: readonly ReadModelChecker[];
  private timer: NodeJS.Timeout | undefined;
  private lastReport: ReadModelCheckReport | undefined;

  constructor(
    changes: ChangeTimelineCheck,
    freezeWindows: FreezeWindowsCheck,
    alerts: AlertsCheck,
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.checkers = [changes, freezeWindows, alerts];
  }

  /** The last report, if a check has run on this instance. */
  get last(): ReadModelCheckReport | undefined {
    return this.lastReport;
  }

  async execute(): Promise<ReadModelCheckReport> {
    const sample = this.config.readModelCheck.sample;
    const found = await Promise.all(this.checkers.map((checker) => checker.check(sample)));
    const mismatches = found.flat();
    for (const [index, checker] of this.checkers.entries()) {
      this.metrics.readModelMismatches.set({ model: checker.model }, found[index]?.length ?? 0);
    }
    for (const mismatch of mismatches) {
      this.logger.warn({ message: 'read model differs from its stream', ...mismatch });
    }
    const report: ReadModelCheckReport = {
      ok: mismatches.length === 0,
      checkedAt: new Date().toISOString(),
      sample,
      models: this.checkers.map((checker) => checker.model),
      mismatches,
    };
    this.lastReport = report;
    return report;
  }

  onApplicationBootstrap(): void {
    const { intervalMs } = this.config.readModelCheck;
    if (intervalMs === 0) return;
    this.timer = setInterval(() => {
      this.execute().catch((error: unknown) => {
        this.logger.warn(
          `read model check failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }, intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}

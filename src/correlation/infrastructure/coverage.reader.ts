import { Injectable } from '@nestjs/common';
import { AlertsReadModel } from '../../alerts/infrastructure/alerts.read-model';
import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
import { EventStore } from '../../event-store/event-store';
import { alertCoverage, COVERAGE_LOOKBACK_MS, type AlertCoverage } from '../domain/coverage';
import {
  ALERT_COVERAGE_DECLARED,
  COVERAGE_STREAM,
  COVERAGE_STREAM_ID,
  type DeclaredAlertCoverage,
} from '../domain/coverage-stream';

export interface DeclaredCoverageVersion {
  readonly declared: DeclaredAlertCoverage;
  readonly recordedAt: Date | null;
  /** 0 when nothing was ever declared. */
  readonly version: number;
}

const COVERAGE = {
  streamType: COVERAGE_STREAM,
  namespace: SERVICE_NAMESPACE,
  streamId: COVERAGE_STREAM_ID,
} as const;

const NONE: DeclaredCoverageVersion = { declared: { services: [] }, recordedAt: null, version: 0 };

/**
 * Which services can alert: the declared inventory (its latest version, cached by stream version) and
 * the services seen alerting in the look-back before an alert (and in the corroboration window after
 * it: a service alerting in the incident has alert rules too).
 */
@Injectable()
export class CoverageReader {
  private cached: DeclaredCoverageVersion = NONE;

  constructor(
    private readonly store: EventStore,
    private readonly alerts: AlertsReadModel,
  ) {}

  async declared(): Promise<DeclaredCoverageVersion> {
    const version = await this.store.lastVersionOf(COVERAGE, { type: ALERT_COVERAGE_DECLARED });
    if (version === undefined) return NONE;
    if (version !== this.cached.version) {
      const event = await this.store.eventAt(COVERAGE, version);
      if (event === undefined) return this.cached;
      this.cached = {
        declared: event.data as unknown as DeclaredAlertCoverage,
        recordedAt: event.recordedAt,
        version,
      };
    }
    return this.cached;
  }

  /** The coverage an alert in `environment` starting at `startsAt` is ranked with. */
  async forAlert(environment: string, startsAt: number, windowMs: number): Promise<AlertCoverage> {
    const [declared, seen] = await Promise.all([
      this.declared(),
      this.alerts.servicesAlertedBetween(startsAt - COVERAGE_LOOKBACK_MS, startsAt + windowMs, environment),
    ]);
    return alertCoverage(declared.declared.services, seen);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertsReadModel } from '../../alerts/infrastructure/alerts.read-model';
import { SERVICE_NAMESPACE } from '../../event-store/domain/stored-event';
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
    private readonly dataSource: DataSource,
    private readonly alerts: AlertsReadModel,
  ) {}

  async declared(): Promise<DeclaredCoverageVersion> {
    const rows = await this.dataSource.query<
      { stream_version: number; data: DeclaredAlertCoverage; recorded_at: Date }[]
    >(
      `SELECT stream_version, CASE WHEN stream_version = $4 THEN NULL ELSE data END AS data, recorded_at FROM events
        WHERE stream_type = $1 AND namespace = '${SERVICE_NAMESPACE}' AND stream_id = $2 AND event_type = $3
        ORDER BY stream_version DESC LIMIT 1`,
      [COVERAGE_STREAM, COVERAGE_STREAM_ID, ALERT_COVERAGE_DECLARED, this.cached.version],
    );
    const row = rows[0];
    if (row === undefined) return NONE;
    if (row.stream_version !== this.cached.version) {
      this.cached = { declared: row.data, recordedAt: row.recorded_at, version: row.stream_version };
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

import { Injectable } from '@nestjs/common';
import { groupIncidents, DEFAULT_INCIDENT_GROUPING, type Incident } from '../domain/incidents';
import type { CorrelationAlert } from '../domain/inputs';
import {
  rankAlertSuspects,
  rankIncidentSuspects,
  type AlertRanking,
  type IncidentRanking,
} from '../domain/ranking';
import { Metrics } from '../../telemetry/metrics/metrics';
import { CorrelationReader } from './correlation.reader';
import { TopologyReader } from './topology.reader';

const HOUR = 3_600_000;
/** How far around an incident's alerts grouping looks: longer than any grouping window. */
const INCIDENT_PAD_MS = 6 * HOUR;

/**
 * Ranks suspects from the read models: the alert (or the incident's alerts), the topology in force at the
 * alert's start (the current one when none had been given yet), the candidate changes with their
 * rollout steps, and the alerts around it for corroboration.
 */
@Injectable()
export class SuspectRanking {
  constructor(
    private readonly reader: CorrelationReader,
    private readonly topology: TopologyReader,
    private readonly metrics: Metrics,
  ) {}

  async forAlert(id: string): Promise<AlertRanking | undefined> {
    return this.metrics.timeSuspectsRanking(() => this.rankAlert(id));
  }

  async forIncident(incident: Incident): Promise<IncidentRanking> {
    return this.metrics.timeSuspectsRanking(() => this.rankIncident(incident));
  }

  private async rankAlert(id: string): Promise<AlertRanking | undefined> {
    const alert = await this.reader.alert(id);
    if (alert === undefined) return undefined;
    const { graph } = await this.graphAt(alert.startsAt);
    const window = this.reader.options.corroborationWindowMs;
    const [changes, alerts] = await Promise.all([
      this.reader.candidateChanges([alert], graph),
      this.reader.alertsBetween(alert.startsAt - window, alert.startsAt + window, alert.environment),
    ]);
    return rankAlertSuspects({ alert, changes, graph, alerts }, this.reader.options);
  }

  /** Incidents whose first alert started in [from, to), grouped from the alerts and the current topology. */
  async incidents(from: number, to: number): Promise<Incident[]> {
    const { graph } = await this.topology.current();
    const alerts = await this.reader.alertsBetween(from - INCIDENT_PAD_MS, to + INCIDENT_PAD_MS);
    return groupIncidents(alerts, graph, DEFAULT_INCIDENT_GROUPING).filter(
      (i) => i.startsAt >= from && i.startsAt < to,
    );
  }

  /** The incident an alert key (its earliest alert's key) names, or the one containing that alert. */
  async incident(id: string): Promise<Incident | undefined> {
    const alert = await this.reader.alert(id);
    if (alert === undefined) return undefined;
    const { graph } = await this.topology.current();
    const alerts = await this.reader.alertsBetween(
      alert.startsAt - INCIDENT_PAD_MS,
      alert.startsAt + INCIDENT_PAD_MS,
      alert.environment,
    );
    return groupIncidents(alerts, graph, DEFAULT_INCIDENT_GROUPING).find((i) =>
      i.alerts.some((a) => a.key === alert.key),
    );
  }

  private async rankIncident(incident: Incident): Promise<IncidentRanking> {
    const first = incident.alerts[0] as CorrelationAlert;
    const { graph } = await this.graphAt(first.startsAt);
    const window = this.reader.options.corroborationWindowMs;
    const last = incident.alerts[incident.alerts.length - 1] ?? first;
    const [changes, alerts] = await Promise.all([
      this.reader.candidateChanges(incident.alerts, graph),
      this.reader.alertsBetween(first.startsAt - window, last.startsAt + window, first.environment),
    ]);
    return rankIncidentSuspects({ incident: incident.alerts, changes, graph, alerts }, this.reader.options);
  }

  private async graphAt(at: number) {
    const then = await this.topology.at(new Date(at));
    return then.recordedAt === null ? this.topology.current() : then;
  }
}

import { Injectable } from '@nestjs/common';
import type { AlertCoverage } from '../domain/coverage';
import { groupIncidents, DEFAULT_INCIDENT_GROUPING, type Incident } from '../domain/incidents';
import type { CorrelationAlert } from '../domain/inputs';
import {
  rankAlertSuspects,
  rankIncidentSuspects,
  type AlertRanking,
  type IncidentRanking,
} from '../domain/ranking';
import { ServiceGraph } from '../domain/topology';
import { Metrics } from '../../telemetry/metrics/metrics';
import { CorrelationReader } from './correlation.reader';
import { CorrelationWeights } from './correlation-weights';
import { CoverageReader } from './coverage.reader';
import { TopologyReader, type TopologyVersion } from './topology.reader';

const HOUR = 3_600_000;
/** How far around an incident's alerts grouping looks: longer than any grouping window. */
const INCIDENT_PAD_MS = 6 * HOUR;

/** Which topology version a ranking used, and whether it was in force at the alert's start. */
export interface TopologyUsed {
  /** Null when no topology was ever given for the alert's environment (or globally). */
  readonly version: number | null;
  readonly effectiveAt: string | null;
  /** Null for the global graph. */
  readonly environment: string | null;
  /**
   * False when no version was in force at the alert's start: the ranking then used the first version to
   * take effect after it (the closest knowledge there is), or no graph at all.
   */
  readonly inForce: boolean;
}

export interface RankedAlert extends AlertRanking {
  readonly topology: TopologyUsed;
}

interface GraphFor {
  readonly graph: ServiceGraph;
  readonly used: TopologyUsed;
}

function used(version: TopologyVersion | undefined, inForce: boolean): TopologyUsed {
  return {
    version: version?.version ?? null,
    effectiveAt: version?.effectiveAt.toISOString() ?? null,
    environment: version?.environment ?? null,
    inForce,
  };
}

/**
 * Ranks suspects from the read models: the alert (or the incident's alerts), the topology in force at the
 * alert's start for its environment, which services can alert, the candidate changes with their rollout
 * steps, and the alerts around it for corroboration.
 */
@Injectable()
export class SuspectRanking {
  constructor(
    private readonly reader: CorrelationReader,
    private readonly topology: TopologyReader,
    private readonly coverage: CoverageReader,
    private readonly metrics: Metrics,
    private readonly weights: CorrelationWeights,
  ) {}

  async forAlert(id: string): Promise<RankedAlert | undefined> {
    return this.metrics.timeSuspectsRanking(() => this.rankAlert(id));
  }

  async forIncident(incident: Incident): Promise<IncidentRanking> {
    return this.metrics.timeSuspectsRanking(() => this.rankIncident(incident));
  }

  private async rankAlert(id: string): Promise<RankedAlert | undefined> {
    const alert = await this.reader.alert(id);
    if (alert === undefined) return undefined;
    const { graph, used } = await this.graphFor(alert.environment, alert.startsAt);
    const window = this.reader.options.corroborationWindowMs;
    // The alerts around it first: the incident peers among them add candidates.
    const alerts = await this.reader.alertsBetween(
      alert.startsAt - this.alertsLookbackMs(),
      alert.startsAt + window,
      alert.environment,
    );
    const [changes, coverage, weights] = await Promise.all([
      this.reader.candidateChanges([alert], graph, alerts),
      this.coverageFor(alert),
      this.weights.inUse(),
    ]);
    const ranking = rankAlertSuspects(
      { alert, changes, graph, alerts, coverage, weights },
      this.reader.options,
    );
    return { ...ranking, topology: used };
  }

  /**
   * How far before an alert to read the other alerts: corroboration counts those after a candidate first
   * reached the region (up to the lookback before the alert, give or take the clock skew), so a window of
   * only the corroboration window would miss the changed service's own alerts on an older candidate.
   */
  private alertsLookbackMs(): number {
    const { lookbackMs, corroborationWindowMs, clockSkewMs } = this.reader.options;
    return Math.max(lookbackMs, corroborationWindowMs) + clockSkewMs;
  }

  /** Incidents whose first alert started in [from, to), grouped per environment with its graph at `to`. */
  async incidents(from: number, to: number): Promise<Incident[]> {
    const alerts = await this.reader.alertsBetween(from - INCIDENT_PAD_MS, to + INCIDENT_PAD_MS);
    const environments = [...new Set(alerts.map((a) => a.environment))].sort();
    const grouped: Incident[] = [];
    for (const environment of environments) {
      const { graph } = await this.graphFor(environment, to);
      const inEnvironment = alerts.filter((a) => a.environment === environment);
      grouped.push(...groupIncidents(inEnvironment, graph, DEFAULT_INCIDENT_GROUPING));
    }
    return grouped
      .filter((i) => i.startsAt >= from && i.startsAt < to)
      .sort((a, b) => a.startsAt - b.startsAt || (a.id < b.id ? -1 : 1));
  }

  /** The incident an alert key (its earliest alert's key) names, or the one containing that alert. */
  async incident(id: string): Promise<Incident | undefined> {
    const alert = await this.reader.alert(id);
    return alert === undefined ? undefined : this.incidentOf(alert);
  }

  /** The incident that contains this alert, grouped with the graph in force at its start. */
  async incidentOf(alert: CorrelationAlert): Promise<Incident | undefined> {
    const { graph } = await this.graphFor(alert.environment, alert.startsAt);
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
    const { graph } = await this.graphFor(first.environment, first.startsAt);
    const window = this.reader.options.corroborationWindowMs;
    const last = incident.alerts[incident.alerts.length - 1] ?? first;
    const alerts = await this.reader.alertsBetween(
      first.startsAt - this.alertsLookbackMs(),
      last.startsAt + window,
      first.environment,
    );
    const [changes, coverage, weights] = await Promise.all([
      this.reader.candidateChanges(incident.alerts, graph, alerts),
      this.coverageFor(first),
      this.weights.inUse(),
    ]);
    return rankIncidentSuspects(
      { incident: incident.alerts, changes, graph, alerts, coverage, weights },
      this.reader.options,
    );
  }

  private coverageFor(alert: CorrelationAlert): Promise<AlertCoverage> {
    return this.coverage.forAlert(
      alert.environment,
      alert.startsAt,
      this.reader.options.corroborationWindowMs,
    );
  }

  /** The graph a ranking at `at` uses (see TopologyReader.forRanking), none when none was ever given. */
  private async graphFor(environment: string, at: number): Promise<GraphFor> {
    const { version, inForce } = await this.topology.forRanking(new Date(at), environment);
    return { graph: version?.graph ?? ServiceGraph.empty(), used: used(version, inForce) };
  }
}

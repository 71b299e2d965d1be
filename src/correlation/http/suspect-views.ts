import type { IncidentPointer } from '../domain/incident-pointer';
import type { Incident } from '../domain/incidents';
import type { RankedAlert, TopologyUsed } from '../infrastructure/suspect-ranking';
import type { CorrelationAlert, CorrelationChange } from '../domain/inputs';
import type { IncidentRanking, Suspect } from '../domain/ranking';
import { factorWeight } from '../domain/weights';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export interface ChangeSummary {
  readonly changeId: string;
  readonly source: string;
  readonly kind: string;
  readonly phase: string;
  readonly service: string | null;
  readonly environment: string;
  readonly region: string | null;
  readonly summary: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export function changeSummary(change: CorrelationChange): ChangeSummary {
  return {
    changeId: change.changeId,
    source: change.source,
    kind: change.kind,
    phase: change.phase,
    service: change.service ?? null,
    environment: change.environment,
    region: change.region ?? null,
    summary: change.summary ?? null,
    startedAt: iso(change.startedAt),
    finishedAt: iso(change.finishedAt),
  };
}

export interface AlertSummary {
  readonly key: string;
  readonly fingerprint: string;
  readonly name: string;
  readonly severity: string;
  readonly status: string;
  readonly service: string | null;
  readonly environment: string;
  readonly region: string | null;
  readonly startsAt: string;
}

export function alertSummary(alert: CorrelationAlert): AlertSummary {
  return {
    key: alert.key,
    fingerprint: alert.fingerprint,
    name: alert.name,
    severity: alert.severity,
    status: alert.status,
    service: alert.service ?? null,
    environment: alert.environment,
    region: alert.region ?? null,
    startsAt: new Date(alert.startsAt).toISOString(),
  };
}

export interface SuspectView {
  /** The change is (source, changeId). */
  readonly source: string;
  readonly changeId: string;
  readonly rank: number;
  readonly score: number;
  readonly reasons: readonly string[];
  readonly factors: readonly {
    readonly name: string;
    readonly weight: number;
    readonly reason: string | null;
    /** The factor's weight in the ranking (1 under the priors): its value counts raised to this power. */
    readonly factorWeight: number;
  }[];
  readonly relation: Suspect['relation'];
  readonly exposureAt: string;
  readonly change: ChangeSummary;
}

export interface AlertSuspectsView {
  readonly alert: AlertSummary;
  /** Ranked, most likely first; at most `limit`. */
  readonly items: readonly SuspectView[];
  readonly candidates: number;
  /** The share of the evidence left for "none of these changes caused it". */
  readonly noChangeScore: number;
  /** The dependency graph the ranking used. */
  readonly topology: TopologyUsed;
  /** The factor weights version that produced the ranking (0: the priors). */
  readonly weightsVersion: number;
  /**
   * When this alert's own suspects are weak or none and its incident has other alerts: the incident whose
   * suspects (GET `link`) are the better answer, and why. Null otherwise.
   */
  readonly incident: (IncidentPointer & { readonly link: string }) | null;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

export function alertSuspectsView(
  ranking: RankedAlert,
  limit: number,
  pointer: IncidentPointer | undefined,
): AlertSuspectsView {
  return {
    alert: alertSummary(ranking.alert),
    items: ranking.suspects.slice(0, limit).map((s) => ({
      source: s.change.source,
      changeId: s.changeId,
      rank: s.rank,
      score: round(s.score),
      reasons: s.reasons,
      factors: s.factors.map((f) => ({
        name: f.name,
        weight: round(f.weight),
        reason: f.reason ?? null,
        factorWeight: factorWeight(ranking.weights.weights, f.name),
      })),
      relation: s.relation,
      exposureAt: new Date(s.exposureAt).toISOString(),
      change: changeSummary(s.change),
    })),
    candidates: ranking.suspects.length,
    noChangeScore: round(ranking.noChangeScore),
    topology: ranking.topology,
    weightsVersion: ranking.weights.version,
    incident:
      pointer === undefined
        ? null
        : { ...pointer, link: `/v1/incidents/${encodeURIComponent(pointer.id)}/suspects` },
  };
}

export interface IncidentView {
  readonly id: string;
  readonly startsAt: string;
  readonly environment: string;
  readonly services: readonly string[];
  readonly alerts: readonly AlertSummary[];
}

export function incidentView(incident: Incident): IncidentView {
  return {
    id: incident.id,
    startsAt: new Date(incident.startsAt).toISOString(),
    environment: incident.alerts[0]?.environment ?? '',
    services: incident.services,
    alerts: incident.alerts.map(alertSummary),
  };
}

export interface IncidentSuspectsView {
  readonly incident: IncidentView;
  readonly items: readonly {
    readonly source: string;
    readonly changeId: string;
    readonly rank: number;
    readonly score: number;
    readonly reasons: readonly string[];
    readonly alerts: readonly { readonly key: string; readonly rank: number; readonly score: number }[];
    readonly change: ChangeSummary;
  }[];
  readonly candidates: number;
}

export function incidentSuspectsView(
  incident: Incident,
  ranking: IncidentRanking,
  limit: number,
): IncidentSuspectsView {
  return {
    incident: incidentView(incident),
    items: ranking.suspects.slice(0, limit).map((s) => ({
      source: s.change.source,
      changeId: s.changeId,
      rank: s.rank,
      score: round(s.score),
      reasons: s.reasons,
      alerts: s.alerts.map((a) => ({ ...a, score: round(a.score) })),
      change: changeSummary(s.change),
    })),
    candidates: ranking.suspects.length,
  };
}

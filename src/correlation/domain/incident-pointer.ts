/**
 * When one alert's own suspects say little, its incident often says more: the first alert may fire on a
 * caller, or on a sibling of the service at fault, whose changes are no candidates for that alert alone
 * but are for the incident's other alerts. The single-alert answer then points to the incident's.
 */
import { listNames, plural } from './explain';
import type { Incident } from './incidents';
import type { AlertRanking } from './ranking';

/** Below this score the strongest suspect is a weak answer (the first suspect scores ~0.5 when it is the cause). */
export const WEAK_SUSPECT_SCORE = 0.4;

export interface IncidentPointer {
  readonly id: string;
  /** Why the incident's suspects are the better answer. */
  readonly reason: string;
}

/**
 * A pointer to the alert's incident when its own suspects are weak or none and the incident has other
 * alerts to go on; undefined otherwise.
 */
export function incidentPointer(
  ranking: AlertRanking,
  incident: Incident | undefined,
): IncidentPointer | undefined {
  if (incident === undefined) return undefined;
  const others = incident.alerts.filter((a) => a.key !== ranking.alert.key);
  if (others.length === 0) return undefined;
  const best = ranking.suspects[0];
  if (best !== undefined && best.score >= WEAK_SUSPECT_SCORE) return undefined;
  const alone =
    best === undefined
      ? 'no change is a suspect for this alert alone'
      : `the strongest suspect for this alert alone scores only ${best.score.toFixed(2)}`;
  const services = incident.services.filter((s) => s !== ranking.alert.service);
  const where = services.length === 0 ? '' : ` on ${listNames(services)}`;
  return {
    id: incident.id,
    reason:
      `${alone}; its incident has ${plural(others.length, 'other alert')}${where}, and its suspects ` +
      `include changes on what those services depend on (the first alert may fire on a caller or a sibling of the service at fault)`,
  };
}

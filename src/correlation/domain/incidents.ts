/**
 * Groups alerts into incidents. Two alerts in the same environment (and compatible regions) belong to one
 * incident when they started close in time and
 * - are on the same service, or on services connected in the topology (one depends on the other within a
 *   few hops, or both call the same dependency directly, unless that dependency is a hub most services
 *   call, which says nothing); or
 * - were notified under the same Alertmanager group key (within a longer window: the alerting system
 *   already decided they belong together).
 * Grouping is transitive: A–B and B–C put A, B and C in one incident.
 */
import type { CorrelationAlert } from './inputs';
import type { ServiceGraph } from './topology';

export interface IncidentGroupingOptions {
  /** Alerts on connected services start at most this far apart. */
  readonly windowMs: number;
  /** Alerts sharing a group key start at most this far apart. */
  readonly groupKeyWindowMs: number;
  readonly maxHops: number;
  /** A dependency called by more services than this does not connect its callers. */
  readonly hubCallers: number;
}

export const DEFAULT_INCIDENT_GROUPING: IncidentGroupingOptions = {
  windowMs: 10 * 60_000,
  groupKeyWindowMs: 60 * 60_000,
  maxHops: 3,
  hubCallers: 10,
};

export interface Incident {
  /** The key of its earliest alert (ties: the smallest key): stable while the incident only grows. */
  readonly id: string;
  readonly startsAt: number;
  /** Earliest first. */
  readonly alerts: readonly CorrelationAlert[];
  readonly services: readonly string[];
}

const compatible = (a: string | undefined, b: string | undefined): boolean =>
  a === undefined || b === undefined || a === b;

function servicesConnected(
  graph: ServiceGraph,
  a: string,
  b: string,
  options: IncidentGroupingOptions,
): boolean {
  if (a === b) return true;
  if (graph.dependencies(a, options.maxHops).has(b) || graph.dependencies(b, options.maxHops).has(a))
    return true;
  const shared = graph.directDependencies(a);
  return graph
    .directDependencies(b)
    .some((d) => shared.includes(d) && graph.directCallers(d).length <= options.hubCallers);
}

/** Whether two alerts belong to one incident on their own (grouping then closes this transitively). */
export function alertsLinked(
  a: CorrelationAlert,
  b: CorrelationAlert,
  graph: ServiceGraph,
  options: IncidentGroupingOptions = DEFAULT_INCIDENT_GROUPING,
): boolean {
  if (a.environment !== b.environment || !compatible(a.region, b.region)) return false;
  const apart = Math.abs(a.startsAt - b.startsAt);
  if (
    a.groupKey !== undefined &&
    a.groupKey === b.groupKey &&
    a.source === b.source &&
    apart <= options.groupKeyWindowMs
  ) {
    return true;
  }
  if (apart > options.windowMs || a.service === undefined || b.service === undefined) return false;
  return servicesConnected(graph, a.service, b.service, options);
}

function compareAlerts(a: CorrelationAlert, b: CorrelationAlert): number {
  if (a.startsAt !== b.startsAt) return a.startsAt - b.startsAt;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The same incidents whatever the order of `alerts`; duplicates (by key) count once. */
export function groupIncidents(
  alerts: readonly CorrelationAlert[],
  graph: ServiceGraph,
  options: IncidentGroupingOptions = DEFAULT_INCIDENT_GROUPING,
): Incident[] {
  const unique = [...new Map(alerts.map((a) => [a.key, a])).values()].sort(compareAlerts);
  const parent = unique.map((_, i) => i);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root] ?? root;
    let node = i;
    while (parent[node] !== root) {
      const next = parent[node] ?? root;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  const horizon = Math.max(options.windowMs, options.groupKeyWindowMs);
  for (let i = 0; i < unique.length; i += 1) {
    const a = unique[i] as CorrelationAlert;
    for (let j = i - 1; j >= 0; j -= 1) {
      const b = unique[j] as CorrelationAlert;
      if (a.startsAt - b.startsAt > horizon) break;
      if (find(i) !== find(j) && alertsLinked(a, b, graph, options)) {
        // The earlier root stays the root, so an incident's id is its earliest alert.
        const [ri, rj] = [find(i), find(j)];
        parent[Math.max(ri, rj)] = Math.min(ri, rj);
      }
    }
  }
  const groups = new Map<number, CorrelationAlert[]>();
  unique.forEach((alert, i) => {
    const root = find(i);
    let group = groups.get(root);
    if (group === undefined) groups.set(root, (group = []));
    group.push(alert);
  });
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, group]) => {
      const first = group[0] as CorrelationAlert;
      return {
        id: first.key,
        startsAt: first.startsAt,
        alerts: group,
        services: [
          ...new Set(group.map((a) => a.service).filter((s): s is string => s !== undefined)),
        ].sort(),
      };
    });
}

/**
 * Alert coverage: which services can alert at all. A caller with no alert rule stays silent whatever
 * happens below it, so its silence is no evidence against a change on what it calls; only covered callers'
 * silence counts (see callerBreadth).
 */
export interface AlertCoverage {
  /** Whether the service has alert rules: declared in the inventory, or seen alerting in the look-back. */
  covers(service: string): boolean;
}

/** Every service counts as covered: what the ranking assumes when nothing is known about coverage. */
export const FULL_COVERAGE: AlertCoverage = { covers: () => true };

/** How far back an alert on a service shows that the service has alert rules. */
export const COVERAGE_LOOKBACK_MS = 30 * 24 * 3_600_000;

/** The declared inventory and the services seen alerting, together. */
export function alertCoverage(declared: Iterable<string>, seenAlerting: Iterable<string>): AlertCoverage {
  const covered = new Set<string>([...declared, ...seenAlerting]);
  return { covers: (service) => covered.has(service) };
}

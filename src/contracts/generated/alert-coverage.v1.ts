/* Generated from contracts/alert-coverage.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The declared alert-coverage inventory: the services that have alert rules (PUT /v1/alert-coverage). Each declaration replaces the previous one; every version stays in the event store. The suspect ranking counts a service as covered when it is declared here or has alerted in the last 30 days; only covered callers of a changed service count as silent evidence against the change.
 */
export interface AlertCoverageV1 {
  /**
   * The system the inventory comes from (e.g. the alerting rules repository).
   */
  source?: string;
  /**
   * The services that have alert rules, as alerts name them.
   *
   * @maxItems 20000
   */
  services: string[];
}

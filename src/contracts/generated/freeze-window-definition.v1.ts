/* Generated from contracts/freeze-window-definition.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * An ISO 8601 / RFC 3339 instant with Z or a numeric offset, between 1900-01-01 and 2500-01-01.
 */
export type Instant = string;
/**
 * Glob patterns (* and ?), matched against the change's attribute.
 *
 * @minItems 1
 * @maxItems 100
 */
export type ScopeValues = [string, ...string[]];

/**
 * The body of POST /v1/freeze-windows (declare a freeze window) and of POST /v1/freeze-windows/preview (a dry run, which also takes a top-level `days`). Also what a PATCH must leave behind: a merge patch is applied to the current definition and the result is checked against this contract. Beyond the schema the service checks what JSON Schema cannot say: the cron expression parses and fires, the time zone is a named IANA zone, the duration is positive and at most 31 days, every instant lies between 1900-01-01 and 2500-01-01, end is after start and validUntil after validFrom. The stored window is normalised: instants in UTC, the canonical time-zone id, single spaces between cron fields, duplicate values dropped, breakGlass.justificationRequired true when absent.
 */
export interface FreezeWindowDefinitionV1 {
  /**
   * A short name people recognise, e.g. Black Friday.
   */
  name: string;
  /**
   * Why changes are frozen; recorded with the window.
   */
  reason: string;
  /**
   * deny: changes in scope are refused while the window is open. allow: a window in which changes are allowed (a deny elsewhere still wins).
   */
  kind: 'deny' | 'allow';
  /**
   * When the window is open: once (from start, until end or until lifted) or recurring (every cron fire time for duration).
   */
  schedule: OnceSchedule | RecurringSchedule;
  /**
   * Which changes the window applies to. An absent dimension matches everything ({} matches every change); dimensions combine with AND, the values of one dimension with OR. All dimensions but kinds take glob patterns (* and ?).
   */
  scope: {
    services?: ScopeValues;
    teams?: ScopeValues;
    environments?: ScopeValues;
    regions?: ScopeValues;
    tiers?: ScopeValues;
    /**
     * Change kinds of change-event.v1 (no globs).
     *
     * @minItems 1
     * @maxItems 100
     *
     * Items: What sort of change this is.
     */
    kinds?: [
      'deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other',
      ...('deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other')[],
    ];
  };
  /**
   * Changes let through the window (with a warning): rollbacks, hotfixes.
   */
  exemptions?: ('rollback' | 'hotfix')[];
  /**
   * Who may override the window (turning a deny into a warning), and whether they must say why.
   */
  breakGlass?: {
    /**
     * Roles whose override lets a change through this window.
     *
     * @minItems 1
     * @maxItems 50
     */
    roles: [string, ...string[]];
    /**
     * An override must carry a justification. Absent means true.
     */
    justificationRequired?: boolean;
  };
}
/**
 * A one-off window from start; without end it is a manual "freeze now" that lasts until lifted.
 */
export interface OnceSchedule {
  type: 'once';
  start: Instant;
  /**
   * An ISO 8601 / RFC 3339 instant with Z or a numeric offset, between 1900-01-01 and 2500-01-01.
   */
  end?: string;
}
/**
 * Opens at every fire time of a five-field cron expression, read on the local wall clock of timeZone, and stays open for duration of local wall-clock time.
 */
export interface RecurringSchedule {
  type: 'recurring';
  /**
   * Five fields: minute hour day-of-month month day-of-week (Vixie semantics: day-of-month OR day-of-week). No '?', no nicknames such as @daily; it must fire at least once.
   */
  cron: string;
  /**
   * ISO 8601 duration in weeks, days, hours, minutes and seconds (no years or months), positive and at most 31 days, e.g. PT56H.
   */
  duration: string;
  /**
   * A named IANA time zone, e.g. Europe/Berlin (case-insensitive; stored under its canonical id). Fixed offsets are refused: a freeze calendar follows a place's clock.
   */
  timeZone: string;
  /**
   * An ISO 8601 / RFC 3339 instant with Z or a numeric offset, between 1900-01-01 and 2500-01-01.
   */
  validFrom?: string;
  /**
   * An ISO 8601 / RFC 3339 instant with Z or a numeric offset, between 1900-01-01 and 2500-01-01.
   */
  validUntil?: string;
}

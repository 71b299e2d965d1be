/* Generated from contracts/freeze-violation.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * A change that started while a freeze applied to it: a violation (denied and not excused), or a change let through with a warning by an exemption or a break-glass override. Recorded once per change in its stream of the event store (types FreezeViolationDetected and FreezeViolationExcused) and published to change-insights.v1 (key: changeId).
 */
export interface FreezeViolationV1 {
  changeId: string;
  /**
   * violation: started inside an active freeze that matched it, neither exempt nor validly overridden. exempt: let through by a window's exemption (rollback, hotfix). overridden: let through by a break-glass override.
   */
  outcome: 'violation' | 'exempt' | 'overridden';
  /**
   * The evaluator's decision at the change's start: deny for a violation, warn otherwise.
   */
  decision: 'deny' | 'warn';
  reason: string;
  /**
   * When the change started (its earliest non-planned event): the instant the freeze was evaluated at.
   */
  startedAt: string;
  /**
   * When the service detected it (UTC).
   */
  detectedAt: string;
  change: {
    service?: string | null;
    environment: string;
    region?: string | null;
    team?: string | null;
    kind: string;
    isRollback: boolean;
    isHotfix: boolean;
    override?: {
      by: string;
      role: string;
      justification?: string;
      ticket?: string;
      /**
       * The override grant the change event referenced, if any.
       */
      grantId?: string;
      /**
       * Whether the override was backed: used by a key holding the role, or through a valid grant issued by one. An override that only names a role is not.
       */
      authorised?: boolean;
      /**
       * Name of the API key holding the break-glass role that authorised the override (the grant's issuer, or the key that used it directly); null when not authorised.
       */
      grantedBy?: string | null;
      /**
       * Name of the API key that published the change event with the override; null when not authorised or when it arrived over Kafka (no key).
       */
      usedBy?: string | null;
    } | null;
  };
  /**
   * The windows that decided (at least one), with the occurrence that applied.
   */
  windows: {
    id: string;
    name: string;
    kind: 'deny' | 'allow';
    occurrenceStart: string | null;
    occurrenceEnd: string | null;
  }[];
}

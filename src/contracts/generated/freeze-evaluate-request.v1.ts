/* Generated from contracts/freeze-evaluate-request.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The body of POST /v1/freeze/evaluate: a change system asks, before it starts a change, whether the freeze windows allow it now (or at `at`). The answer is allow, warn (exempt, or overridden by a role the window lets break glass, with a justification) or deny.
 */
export interface FreezeEvaluateRequestV1 {
  /**
   * The service the change applies to, matched against the windows' service globs.
   */
  service: string;
  /**
   * Where the change runs (prod, staging, ...).
   */
  environment: string;
  /**
   * The region the change runs in.
   */
  region: string;
  /**
   * What sort of change this is: the kinds of change-event.v1.
   */
  kind: 'deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other';
  /**
   * The team that owns the service, for windows scoped by team.
   */
  team?: string;
  /**
   * The service's tier, for windows scoped by tier.
   */
  tier?: string;
  /**
   * The instant the change would start, RFC 3339 with an offset; now when absent. Any instant from 1900 to 2500.
   */
  at?: string;
  /**
   * The change rolls back an earlier one (windows may exempt rollbacks).
   */
  isRollback?: boolean;
  /**
   * The change is a hotfix (windows may exempt hotfixes).
   */
  isHotfix?: boolean;
  /**
   * The change-event.v1 source that will publish the change: with changeId, lets an override grant scoped to that one change apply.
   */
  source?: string;
  /**
   * The change-event.v1 changeId of the change, with source.
   */
  changeId?: string;
  /**
   * Break glass: in which role the freeze is overridden, and why. It turns a deny into a warn only when the window lets that role override, the calling key holds the role or grantId names a valid grant issued by a key that does, and, where the window requires one, the justification is not empty.
   */
  override?: {
    /**
     * Ignored: the override is attributed to the calling API key (and the grant's issuer). Accepted so that older clients keep working.
     */
    by?: string;
    role: string;
    justification?: string;
    ticket?: string;
    /**
     * Id of an override grant issued by a key holding the role; without it, the calling key must hold the role itself.
     */
    grantId?: string;
  };
}

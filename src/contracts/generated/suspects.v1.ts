/* Generated from contracts/suspects.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The ranked suspect changes of one alert instance, recomputed when changes, alerts or the topology that affect it arrive. Stored in the alert's stream of the event store (type SuspectsRanked, only when the top of the ranking changed) and published to change-insights.v1 (key: the alert's fingerprint).
 */
export interface SuspectsV1 {
  /**
   * The alert instance: source, startsAt and fingerprint.
   */
  alertKey: string;
  fingerprint: string;
  source: string;
  service?: string | null;
  environment?: string;
  alertStartsAt: string;
  rankedAt: string;
  /**
   * How many changes were considered.
   */
  candidates: number;
  /**
   * The share of the evidence left for 'none of these changes caused it'.
   */
  noChangeScore: number;
  /**
   * The most likely suspects (at most 10), most likely first.
   *
   * @maxItems 10
   */
  suspects: {
    changeId: string;
    rank: number;
    score: number;
    reasons: string[];
    service?: string | null;
    kind?: string;
  }[];
}

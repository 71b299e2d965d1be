/* Generated from contracts/re-rank-request.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The body of POST /v1/correlation/re-rank: rank again the alerts that started in [from, to), with what is known now (e.g. a backfilled topology), and record a new SuspectsRanked event for each alert whose top suspects changed. Recorded rankings otherwise stay as they were when a topology or coverage version is added.
 */
export interface ReRankRequestV1 {
  /**
   * Alerts that started at or after this instant (RFC 3339 with Z or an offset).
   */
  from: string;
  /**
   * ...and before this one; at most 31 days after from.
   */
  to: string;
  /**
   * Why the re-rank was asked for (recorded with each new ranking).
   */
  reason?: string;
}

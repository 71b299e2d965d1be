/* Generated from contracts/verdict-request.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The body of POST /v1/alerts/{id}/verdicts: a reviewer's verdict on whether one change caused the alert. Verdicts feed GET /v1/correlation/quality.
 */
export interface VerdictRequestV1 {
  /**
   * The change judged (usually one of the alert's suspects).
   */
  changeId: string;
  /**
   * The change's source (a change is identified by its source and changeId); needed only when two sources have a change with this changeId among the suspects.
   */
  source?: string;
  /**
   * cause: the change caused the alert. not_cause: it did not.
   */
  verdict: 'cause' | 'not_cause';
  /**
   * Why, for other reviewers.
   */
  note?: string;
}

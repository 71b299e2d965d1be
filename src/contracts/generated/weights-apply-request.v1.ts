/* Generated from contracts/weights-apply-request.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The body of POST /v1/correlation/weights/apply: which version of the factor weights rankings use from now on (0: the priors; others as trained by POST /v1/correlation/weights/train).
 */
export interface WeightsApplyRequestV1 {
  /**
   * A trained version, or 0 for the priors.
   */
  version: number;
}

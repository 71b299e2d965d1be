/* Generated from contracts/reason-request.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * Why, in words people can audit later: at most 2000 characters, not blank.
 */
export type Reason = string;

/**
 * A body that only says why: POST /v1/freeze-windows/{id}/lift (end a window now) and POST /v1/freeze/override-grants/{id}/revoke (end a grant early). The reason is recorded with the window's or the grant's history.
 */
export interface ReasonRequestV1 {
  reason: Reason;
}

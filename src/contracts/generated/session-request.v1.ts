/* Generated from contracts/session-request.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * POST /v1/session: sign in to the console with an API key, exchanged for a session cookie (the page never holds the key afterwards). The key is one of API_KEYS; the session has its roles for as long as the key stays configured.
 */
export interface SessionRequestV1 {
  /**
   * An API key from API_KEYS (at least 8 characters).
   */
  apiKey: string;
}

/* Generated from contracts/override-grant-request.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The body of POST /v1/freeze/override-grants: a key holding a break-glass role lends it, for expiresInMinutes and for the changes scope names, to whoever references the grant's id (a pipeline's key, a Kafka producer). Beyond the schema, expiresInMinutes may be at most the service's OVERRIDE_GRANT_MAX_MINUTES (240 by default). Revoke a grant with POST /v1/freeze/override-grants/{id}/revoke and a reason-request.v1 body.
 */
export interface OverrideGrantRequestV1 {
  /**
   * The break-glass role lent; the calling key must hold it.
   */
  role: string;
  /**
   * Why; recorded with the grant.
   */
  reason: string;
  /**
   * One change of one source, or every change of a service in an environment.
   */
  scope: OverrideGrantChangeScope | OverrideGrantServiceScope;
  /**
   * How long the grant may be used, in minutes: from 1 to OVERRIDE_GRANT_MAX_MINUTES.
   */
  expiresInMinutes: number;
}
export interface OverrideGrantChangeScope {
  /**
   * The system that published the event, in lower case, e.g. argo-cd, spinnaker, consul, karpenter, launchdarkly, terraform-cloud, flyway.
   */
  source: string;
  /**
   * Id of the change this event belongs to, stable over the whole life of the change (all its phases). Also the Kafka message key, so that the events of one change stay ordered within one partition.
   */
  changeId: string;
}
export interface OverrideGrantServiceScope {
  service: string;
  environment: string;
}

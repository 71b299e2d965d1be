/* Generated from contracts/change-event.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * One fact about one change (a deploy, a config push, a scaling action, a flag flip, ...) published by a change system to the Kafka topic change-events.v1, or accepted over HTTP and republished there. Events are immutable; the life of a change is the ordered sequence of its events sharing one changeId (planned -> started -> progressed* -> succeeded | failed | rolled_back | cancelled). The Kafka message key is changeId. The serialized UTF-8 JSON value must not exceed 64 KiB (65536 bytes); that limit is enforced by the consumer, not by this schema.
 */
export interface ChangeEventV1 {
  /**
   * Id of this event, unique within its source, and its idempotency key: a redelivered or republished event whose eventId its source already stored with the same content is a duplicate and is ignored; other content under that eventId is refused as a conflict. A UUID is recommended.
   */
  eventId: string;
  /**
   * Id of the change this event belongs to, stable over the whole life of the change (all its phases). Also the Kafka message key, so that the events of one change stay ordered within one partition.
   */
  changeId: string;
  /**
   * The system that published the event, in lower case, e.g. argo-cd, spinnaker, consul, karpenter, launchdarkly, terraform-cloud, flyway.
   */
  source: string;
  /**
   * What sort of change this is.
   */
  kind: 'deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other';
  /**
   * Where in its life the change is at occurredAt. planned: scheduled, not begun. started: begun. progressed: an intermediate step (e.g. a rollout batch). succeeded, failed, rolled_back, cancelled: terminal.
   */
  phase: 'planned' | 'started' | 'progressed' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
  /**
   * When the phase happened at the source (not when it was published or received): an RFC 3339 date-time with an explicit offset, either Z or +hh:mm / -hh:mm, with an upper-case T separator; fractional seconds are optional. Example: 2026-11-03T14:05:12.345Z.
   */
  occurredAt: string;
  /**
   * The environment changed, e.g. production, staging, dev. Freeze windows are usually scoped by environment.
   */
  environment: string;
  /**
   * The service changed. Omitted for broad changes that have no single service (e.g. many infra, database or shared config changes).
   */
  service?: string;
  /**
   * The cloud or datacentre region changed, e.g. eu-west-1. Omitted for global changes.
   */
  region?: string;
  /**
   * The cluster changed (e.g. a Kubernetes cluster or database cluster name).
   */
  cluster?: string;
  /**
   * The team that owns the change or the changed service.
   */
  team?: string;
  /**
   * Who or what made the change.
   */
  actor?: {
    /**
     * human: a person; service: another service acting on its own account (e.g. a CI pipeline's service account); automation: an automatic controller acting without a person (e.g. an autoscaler).
     */
    type: 'human' | 'service' | 'automation';
    /**
     * Stable id of the actor in the source system or the identity provider, e.g. an e-mail, a username or a service account name.
     */
    id: string;
    /**
     * Display name of the actor.
     */
    name?: string;
  };
  /**
   * Short human-readable description of the change.
   */
  summary?: string;
  /**
   * The version before and/or after the change (an image tag, a git SHA, a config revision, a schema version...). At least one of from and to.
   */
  version?: {
    /**
     * Version before the change.
     */
    from?: string;
    /**
     * Version after the change.
     */
    to?: string;
  };
  /**
   * Progress of a staged rollout (canary, batches, percentage). At least one property.
   */
  rollout?: {
    /**
     * Name of the current stage, e.g. canary, batch, full.
     */
    stage?: string;
    /**
     * Current batch number, starting at 1.
     */
    batch?: number;
    /**
     * Total number of batches planned.
     */
    totalBatches?: number;
    /**
     * Share of traffic or of instances on the new version, 0 to 100.
     */
    percent?: number;
  };
  /**
   * True when the change reverts to an earlier version: a change that is itself a rollback (e.g. a redeploy of the previous release), or the rolled_back event of a change that was undone. version.to then names the version returned to.
   */
  isRollback?: boolean;
  /**
   * True when the change is flagged as an urgent fix by its author or pipeline.
   */
  isHotfix?: boolean;
  /**
   * Break-glass record: present when the change was made deliberately during a freeze that would otherwise forbid it. Naming a role is not enough: see grantId.
   */
  override?: {
    /**
     * Id of the person who authorised the override.
     */
    by: string;
    /**
     * Role under which the override was authorised, e.g. incident-commander, sre-oncall.
     */
    role: string;
    /**
     * Why the freeze was overridden.
     */
    justification?: string;
    /**
     * Incident or change ticket reference, e.g. INC-4821.
     */
    ticket?: string;
    /**
     * Id of an override grant (POST /v1/freeze/override-grants) issued by an API key holding the role. The override is honoured only when the publishing key holds the role itself, or this grant is valid and covers the change; over Kafka only a grant can back it.
     */
    grantId?: string;
  };
  /**
   * Links to more detail: the pipeline run, the pull request, the dashboard, the ticket. At most 20.
   *
   * @maxItems 20
   *
   * Items: One link.
   */
  links?: {
    /**
     * Absolute URI (RFC 3986, with a scheme).
     */
    url: string;
    /**
     * Label for the link.
     */
    title?: string;
  }[];
  /**
   * Free-form but bounded source-specific details: at most 64 flat entries, keys of at most 128 characters from [A-Za-z0-9_.:/-], values a string (at most 1024 characters), a number, a boolean or null. No nested objects or arrays.
   */
  attributes?: {
    /**
     * One attribute value: a string (at most 1024 characters), a number, a boolean or null.
     */
    [k: string]: string | number | boolean | null | undefined;
  };
}

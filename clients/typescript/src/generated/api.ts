/* Generated from contracts/openapi.json by `npm run client:generate` (openapi-typescript). Do not edit. */

export interface paths {
  '/docs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['OpenApi_docs'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/docs/{file}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['OpenApi_asset'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/live': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['Health_live'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/health/ready': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['Health_ready'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/metrics': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Metrics_scrape'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['OpenApi_openApi'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Alerts_list'];
    put?: never;
    /** @description Roles: publisher, admin (send "Authorization: Bearer <key>"). */
    post: operations['Alerts_ingest'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/alertmanager': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: publisher, admin (send "Authorization: Bearer <key>"). */
    post: operations['Alerts_alertmanagerWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Alerts_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{id}/suspects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Suspects_alertSuspects'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/alerts/{id}/verdicts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    post: operations['Suspects_verdict'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/verify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    get: operations['Audit_verify'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/change-events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: publisher, admin (send "Authorization: Bearer <key>"). */
    post: operations['ChangeEvents_ingest'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/changes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Changes_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/changes/{changeId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Changes_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/correlation/quality': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Suspects_quality'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze-windows': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['FreezeWindows_list'];
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['FreezeWindows_declare'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze-windows/occurrences': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['FreezeWindows_occurrences'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze-windows/preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['FreezeWindows_preview'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze-windows/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['FreezeWindows_get'];
    put?: never;
    post?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    delete: operations['FreezeWindows_cancel'];
    options?: never;
    head?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    patch: operations['FreezeWindows_amend'];
    trace?: never;
  };
  '/v1/freeze-windows/{id}/lift': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['FreezeWindows_lift'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze/evaluate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    post: operations['Freeze_evaluate'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze/override-grants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    post: operations['OverrideGrants_issue'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze/override-grants/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['OverrideGrants_get'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze/override-grants/{id}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    post: operations['OverrideGrants_revoke'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/freeze/violations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['FreezeViolations_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incidents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Suspects_incidents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incidents/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Suspects_incident'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/incidents/{id}/suspects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Suspects_incidentSuspects'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/projections/alerts/rebuild': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['AlertsProjections_rebuildAlerts'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/projections/change-timeline/rebuild': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['Projections_rebuild'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/projections/freeze-checks/rebuild': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['FreezeProjections_rebuildFreezeChecks'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/projections/freeze-windows/rebuild': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['FreezeProjections_rebuildFreezeWindows'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/topology': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Topology_get'];
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    put: operations['Topology_replace'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description A refusal. `message` names the parameter or field at fault; a refused body lists every field in `errors`. */
    Error: {
      statusCode?: number;
      /** @description The HTTP reason phrase. */
      error?: string;
      message: string | string[];
      errors?: {
        /** @description JSON Pointer of the field at fault ("" for the whole body). */
        field: string;
        message: string;
      }[];
    };
    /**
     * AlertEventV1
     * @description One notification about one alert (an alerting rule that fired on a service), published by an alerting system to the Kafka topic alert-events.v1, or accepted over HTTP (POST /v1/alerts, or POST /v1/alerts/alertmanager, which maps Alertmanager's webhook to this shape). An alert instance is identified by (source, fingerprint, startsAt): the same rule firing again later on the same series is a new instance with a new startsAt. There is no producer-chosen event id because alerting systems re-send the same alert on every repeat: the idempotency key is derived from (source, fingerprint, startsAt as an instant, status), so a repeated firing notification is a no-op and a resolved notification closes its firing instance. The Kafka message key is fingerprint. The serialized UTF-8 JSON value must not exceed 64 KiB (65536 bytes); that limit is enforced by the consumer, not by this schema.
     */
    'alert-event.v1': {
      /** @description Stable id of the alerting series within its source: the same rule on the same labels always has the same fingerprint (Alertmanager's fingerprint, a 16-digit hex hash of the labels, is what on-call engineers see). Also the Kafka message key. */
      fingerprint: string;
      /** @description The system that produced the alert, in lower case, e.g. alertmanager, grafana, datadog, cloudwatch. Fingerprints are only unique within one source. */
      source: string;
      /**
       * @description firing: the alert is active (repeats of the same firing instance are no-ops). resolved: the alert instance with the same source, fingerprint and startsAt has ended at endsAt.
       * @enum {string}
       */
      status: 'firing' | 'resolved';
      /**
       * Format: date-time
       * @description When the alert instance started firing at the source: an RFC 3339 date-time with an explicit offset (Z or +hh:mm / -hh:mm) and an upper-case T separator; fractional seconds (up to nanoseconds) are optional. Part of the instance's identity: keep it unchanged in every notification about the same instance.
       */
      startsAt: string;
      /**
       * Format: date-time
       * @description When the alert instance ended; required when status is resolved, and not before startsAt. Omit it for a firing alert (Alertmanager's placeholder 0001-01-01T00:00:00Z and its provisional resolve-timeout end are not ends). Same format as startsAt.
       */
      endsAt?: string;
      /** @description Name of the alerting rule, e.g. HighErrorRate (Alertmanager's alertname label). */
      name: string;
      /**
       * @description How bad it is, normalised to four levels. critical: users are affected now, someone is paged (also Alertmanager's page, p1, sev1, emergency, fatal). high: serious, needs attention soon (error, major, p2, sev2). warning: degraded or at risk (warn, minor, p3, sev3). info: informational (low, none, notice, p4, p5).
       * @enum {string}
       */
      severity: 'critical' | 'high' | 'warning' | 'info';
      /** @description The environment alerting, e.g. production, staging (compared with change events' environment). */
      environment: string;
      /** @description The service alerting, as named in change events and the topology. Omitted when the alert is not about one service (e.g. a whole cluster or region). */
      service?: string;
      /** @description The cloud or datacentre region alerting, e.g. eu-west-1. Omitted for global alerts. */
      region?: string;
      /** @description The cluster alerting (e.g. a Kubernetes or database cluster name), when the alert is about one. */
      cluster?: string;
      /** @description The alerting system's grouping key (Alertmanager's groupKey): alerts notified under the same key were grouped together by the alerting system, and are grouped into one incident here when they start close in time. */
      groupKey?: string;
      /** @description The alert's identifying labels as the source sent them (at most 64; names of at most 128 characters from [A-Za-z0-9_.:/-], not starting with a digit; values strings of at most 1024 characters). */
      labels?: {
        [key: string]: string;
      };
      /** @description The alert's descriptive annotations (summary, description, runbook_url, ...): at most 32, names as for labels, values strings of at most 4096 characters. */
      annotations?: {
        [key: string]: string;
      };
      /**
       * Format: uri
       * @description Link to the rule or query that produced the alert (absolute URI, RFC 3986).
       */
      generatorURL?: string;
    };
    /**
     * ChangeEventV1
     * @description One fact about one change (a deploy, a config push, a scaling action, a flag flip, ...) published by a change system to the Kafka topic change-events.v1, or accepted over HTTP and republished there. Events are immutable; the life of a change is the ordered sequence of its events sharing one changeId (planned -> started -> progressed* -> succeeded | failed | rolled_back | cancelled). The Kafka message key is changeId. The serialized UTF-8 JSON value must not exceed 64 KiB (65536 bytes); that limit is enforced by the consumer, not by this schema.
     */
    'change-event.v1': {
      /** @description Globally unique id of this event and its idempotency key: a redelivered or republished event with an eventId already stored is a duplicate and is ignored. A UUID is recommended. */
      eventId: string;
      /** @description Id of the change this event belongs to, stable over the whole life of the change (all its phases). Also the Kafka message key, so that the events of one change stay ordered within one partition. */
      changeId: string;
      /** @description The system that published the event, in lower case, e.g. argo-cd, spinnaker, consul, karpenter, launchdarkly, terraform-cloud, flyway. */
      source: string;
      /**
       * @description What sort of change this is.
       * @enum {string}
       */
      kind: 'deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other';
      /**
       * @description Where in its life the change is at occurredAt. planned: scheduled, not begun. started: begun. progressed: an intermediate step (e.g. a rollout batch). succeeded, failed, rolled_back, cancelled: terminal.
       * @enum {string}
       */
      phase: 'planned' | 'started' | 'progressed' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
      /**
       * Format: date-time
       * @description When the phase happened at the source (not when it was published or received): an RFC 3339 date-time with an explicit offset, either Z or +hh:mm / -hh:mm, with an upper-case T separator; fractional seconds are optional. Example: 2026-11-03T14:05:12.345Z.
       */
      occurredAt: string;
      /** @description The environment changed, e.g. production, staging, dev. Freeze windows are usually scoped by environment. */
      environment: string;
      /** @description The service changed. Omitted for broad changes that have no single service (e.g. many infra, database or shared config changes). */
      service?: string;
      /** @description The cloud or datacentre region changed, e.g. eu-west-1. Omitted for global changes. */
      region?: string;
      /** @description The cluster changed (e.g. a Kubernetes cluster or database cluster name). */
      cluster?: string;
      /** @description The team that owns the change or the changed service. */
      team?: string;
      /** @description Who or what made the change. */
      actor?: {
        /**
         * @description human: a person; service: another service acting on its own account (e.g. a CI pipeline's service account); automation: an automatic controller acting without a person (e.g. an autoscaler).
         * @enum {string}
         */
        type: 'human' | 'service' | 'automation';
        /** @description Stable id of the actor in the source system or the identity provider, e.g. an e-mail, a username or a service account name. */
        id: string;
        /** @description Display name of the actor. */
        name?: string;
      };
      /** @description Short human-readable description of the change. */
      summary?: string;
      /** @description The version before and/or after the change (an image tag, a git SHA, a config revision, a schema version...). At least one of from and to. */
      version?: {
        /** @description Version before the change. */
        from?: string;
        /** @description Version after the change. */
        to?: string;
      };
      /** @description Progress of a staged rollout (canary, batches, percentage). At least one property. */
      rollout?: {
        /** @description Name of the current stage, e.g. canary, batch, full. */
        stage?: string;
        /** @description Current batch number, starting at 1. */
        batch?: number;
        /** @description Total number of batches planned. */
        totalBatches?: number;
        /** @description Share of traffic or of instances on the new version, 0 to 100. */
        percent?: number;
      };
      /** @description True when the change reverts to an earlier version: a change that is itself a rollback (e.g. a redeploy of the previous release), or the rolled_back event of a change that was undone. version.to then names the version returned to. */
      isRollback?: boolean;
      /** @description True when the change is flagged as an urgent fix by its author or pipeline. */
      isHotfix?: boolean;
      /** @description Break-glass record: present when the change was made deliberately during a freeze that would otherwise forbid it. Naming a role is not enough: see grantId. */
      override?: {
        /** @description Id of the person who authorised the override. */
        by: string;
        /** @description Role under which the override was authorised, e.g. incident-commander, sre-oncall. */
        role: string;
        /** @description Why the freeze was overridden. */
        justification?: string;
        /** @description Incident or change ticket reference, e.g. INC-4821. */
        ticket?: string;
        /** @description Id of an override grant (POST /v1/freeze/override-grants) issued by an API key holding the role. The override is honoured only when the publishing key holds the role itself, or this grant is valid and covers the change; over Kafka only a grant can back it. */
        grantId?: string;
      };
      /** @description Links to more detail: the pipeline run, the pull request, the dashboard, the ticket. At most 20. */
      links?: {
        /**
         * Format: uri
         * @description Absolute URI (RFC 3986, with a scheme).
         */
        url: string;
        /** @description Label for the link. */
        title?: string;
      }[];
      /** @description Free-form but bounded source-specific details: at most 64 flat entries, keys of at most 128 characters from [A-Za-z0-9_.:/-], values a string (at most 1024 characters), a number, a boolean or null. No nested objects or arrays. */
      attributes?: {
        [key: string]: string | number | boolean | null;
      };
    };
    /**
     * FreezeEvaluateRequestV1
     * @description The body of POST /v1/freeze/evaluate: a change system asks, before it starts a change, whether the freeze windows allow it now (or at `at`). The answer is allow, warn (exempt, or overridden by a role the window lets break glass, with a justification) or deny.
     */
    'freeze-evaluate-request.v1': {
      /** @description The service the change applies to, matched against the windows' service globs. */
      service: string;
      /** @description Where the change runs (prod, staging, ...). */
      environment: string;
      /** @description The region the change runs in. */
      region: string;
      /** @description What sort of change this is: the kinds of change-event.v1. */
      kind: components['schemas']['change-event.v1']['kind'];
      /** @description The team that owns the service, for windows scoped by team. */
      team?: string;
      /** @description The service's tier, for windows scoped by tier. */
      tier?: string;
      /**
       * Format: date-time
       * @description The instant the change would start, RFC 3339 with an offset; now when absent. Any instant from 1900 to 2500.
       */
      at?: string;
      /** @description The change rolls back an earlier one (windows may exempt rollbacks). */
      isRollback?: boolean;
      /** @description The change is a hotfix (windows may exempt hotfixes). */
      isHotfix?: boolean;
      /** @description The change-event.v1 source that will publish the change: with changeId, lets an override grant scoped to that one change apply. */
      source?: components['schemas']['change-event.v1']['source'];
      /** @description The change-event.v1 changeId of the change, with source. */
      changeId?: components['schemas']['change-event.v1']['changeId'];
      /** @description Break glass: in which role the freeze is overridden, and why. It turns a deny into a warn only when the window lets that role override, the calling key holds the role or grantId names a valid grant issued by a key that does, and, where the window requires one, the justification is not empty. */
      override?: {
        /** @description Ignored: the override is attributed to the calling API key (and the grant's issuer). Accepted so that older clients keep working. */
        by?: string;
        role: string;
        justification?: string;
        ticket?: string;
        /** @description Id of an override grant issued by a key holding the role; without it, the calling key must hold the role itself. */
        grantId?: string;
      };
    };
    /**
     * FreezeViolationV1
     * @description A change that started while a freeze applied to it: a violation (denied and not excused), or a change let through with a warning by an exemption or a break-glass override. Recorded once per change in its stream of the event store (types FreezeViolationDetected and FreezeViolationExcused) and published to change-insights.v1 (key: changeId).
     */
    'freeze-violation.v1': {
      changeId: string;
      /**
       * @description violation: started inside an active freeze that matched it, neither exempt nor validly overridden. exempt: let through by a window's exemption (rollback, hotfix). overridden: let through by a break-glass override.
       * @enum {unknown}
       */
      outcome: 'violation' | 'exempt' | 'overridden';
      /**
       * @description The evaluator's decision at the change's start: deny for a violation, warn otherwise.
       * @enum {unknown}
       */
      decision: 'deny' | 'warn';
      reason: string;
      /**
       * Format: date-time
       * @description When the change started (its earliest non-planned event): the instant the freeze was evaluated at.
       */
      startedAt: string;
      /**
       * Format: date-time
       * @description When the service detected it (UTC).
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
          /** @description The override grant the change event referenced, if any. */
          grantId?: string;
          /** @description Whether the override was backed: used by a key holding the role, or through a valid grant issued by one. An override that only names a role is not. */
          authorised?: boolean;
          /** @description Name of the API key holding the break-glass role that authorised the override (the grant's issuer, or the key that used it directly); null when not authorised. */
          grantedBy?: string | null;
          /** @description Name of the API key that published the change event with the override; null when not authorised or when it arrived over Kafka (no key). */
          usedBy?: string | null;
        } | null;
      };
      /** @description The windows that decided (at least one), with the occurrence that applied. */
      windows: {
        id: string;
        name: string;
        /** @enum {unknown} */
        kind: 'deny' | 'allow';
        /** Format: date-time */
        occurrenceStart: string | null;
        /** Format: date-time */
        occurrenceEnd: string | null;
      }[];
    };
    /**
     * SuspectsV1
     * @description The ranked suspect changes of one alert instance, recomputed when changes, alerts or the topology that affect it arrive. Stored in the alert's stream of the event store (type SuspectsRanked, only when the top of the ranking changed) and published to change-insights.v1 (key: the alert's fingerprint).
     */
    'suspects.v1': {
      /** @description The alert instance: source, startsAt and fingerprint. */
      alertKey: string;
      fingerprint: string;
      source: string;
      service?: string | null;
      environment?: string;
      /** Format: date-time */
      alertStartsAt: string;
      /** Format: date-time */
      rankedAt: string;
      /** @description How many changes were considered. */
      candidates: number;
      /** @description The share of the evidence left for 'none of these changes caused it'. */
      noChangeScore: number;
      /** @description The most likely suspects (at most 10), most likely first. */
      suspects: {
        changeId: string;
        rank: number;
        score: number;
        reasons: string[];
        service?: string | null;
        kind?: string;
      }[];
    };
    /**
     * TopologyV1
     * @description The whole service dependency graph, as a service catalogue knows it: each edge says the caller sends requests to (or reads from) the dependency. Each message (Kafka topic topology.v1) or PUT /v1/topology body replaces the previous graph; every version stays in the event store, so the graph at any past instant can be read back.
     */
    'topology.v1': {
      /** @description Idempotency key of this version of the graph, chosen by the publisher (e.g. the catalogue's revision). A snapshot whose id is already stored is ignored. Without it, every message is a new version. */
      snapshotId?: string;
      /** @description The catalogue or system that published the graph. */
      source?: string;
      edges: {
        caller: string;
        dependency: string;
      }[];
    };
  };
  responses: {
    /** @description Bad input: the message names the parameter or field at fault. */
    Error400: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "statusCode": 400,
         *       "error": "Bad Request",
         *       "message": "limit must not be greater than 500"
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description No API key, or one that is not in API_KEYS. */
    Error401: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "statusCode": 401,
         *       "error": "Bad Request",
         *       "message": "limit must not be greater than 500"
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The API key lacks the role this route needs (or may not act for the source it sent). */
    Error403: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "statusCode": 403,
         *       "error": "Bad Request",
         *       "message": "limit must not be greater than 500"
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description Nothing with that identifier. */
    Error404: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "statusCode": 404,
         *       "error": "Bad Request",
         *       "message": "limit must not be greater than 500"
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The body is larger than the service accepts. */
    Error413: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "statusCode": 413,
         *       "error": "Bad Request",
         *       "message": "limit must not be greater than 500"
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description The body is not JSON. */
    Error415: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "statusCode": 415,
         *       "error": "Bad Request",
         *       "message": "limit must not be greater than 500"
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A fault of the service (never bad input). */
    Error500: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "statusCode": 500,
         *       "error": "Bad Request",
         *       "message": "limit must not be greater than 500"
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
    /** @description A dependency (PostgreSQL, Kafka) is unavailable; retry later. */
    Error503: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "statusCode": 503,
         *       "error": "Bad Request",
         *       "message": "limit must not be greater than 500"
         *     }
         */
        'application/json': components['schemas']['Error'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  OpenApi_docs: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  OpenApi_asset: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        file: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/plain': string;
        };
      };
      400: components['responses']['Error400'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Health_live: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Health_ready: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Metrics_scrape: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  OpenApi_openApi: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Alerts_list: {
    parameters: {
      query?: {
        environment?: string;
        from?: string;
        limit?: number;
        service?: string;
        status?: 'firing' | 'resolved';
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Alerts_ingest: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The alert-event.v1 contract (contracts/alert-event.v1/schema.json). */
    requestBody: {
      content: {
        'application/json':
          components['schemas']['alert-event.v1'] | components['schemas']['alert-event.v1'][];
      };
    };
    responses: {
      /** @description Done. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Alerts_alertmanagerWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Done. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Alerts_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Suspects_alertSuspects: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Suspects_verdict: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Done. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Audit_verify: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  ChangeEvents_ingest: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The change-event.v1 contract (contracts/change-event.v1/schema.json). */
    requestBody: {
      content: {
        'application/json':
          components['schemas']['change-event.v1'] | components['schemas']['change-event.v1'][];
      };
    };
    responses: {
      /** @description Done. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Changes_list: {
    parameters: {
      query?: {
        actor?: string;
        cursor?: string;
        environment?: string;
        from?: string;
        kind?:
          'deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other';
        limit?: number;
        phase?: 'planned' | 'started' | 'progressed' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
        region?: string;
        service?: string[];
        source?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Changes_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        changeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Suspects_quality: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeWindows_list: {
    parameters: {
      query?: {
        activeAt?: string;
        /** @description also checked: isNotEmpty */
        environment?: string;
        includeCancelled?: 'true' | 'false';
        kind?:
          'deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other';
        /** @description also checked: isNotEmpty */
        region?: string;
        /** @description also checked: isNotEmpty */
        service?: string;
        /** @description also checked: isNotEmpty */
        team?: string;
        /** @description also checked: isNotEmpty */
        tier?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeWindows_declare: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Done. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeWindows_occurrences: {
    parameters: {
      query?: {
        cursor?: string;
        from?: string;
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeWindows_preview: {
    parameters: {
      query?: {
        days?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeWindows_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeWindows_cancel: {
    parameters: {
      query?: {
        reason?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeWindows_amend: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeWindows_lift: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Freeze_evaluate: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The freeze-evaluate-request.v1 contract (contracts/freeze-evaluate-request.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['freeze-evaluate-request.v1'];
      };
    };
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  OverrideGrants_issue: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Done. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  OverrideGrants_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  OverrideGrants_revoke: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeViolations_list: {
    parameters: {
      query?: {
        cursor?: string;
        environment?: string;
        from?: string;
        kind?:
          'deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other';
        limit?: number;
        outcome?: ('violation' | 'exempt' | 'overridden')[];
        service?: string[];
        to?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Suspects_incidents: {
    parameters: {
      query: {
        from: string;
        to: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Suspects_incident: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Suspects_incidentSuspects: {
    parameters: {
      query?: {
        limit?: number;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      404: components['responses']['Error404'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  AlertsProjections_rebuildAlerts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Projections_rebuild: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeProjections_rebuildFreezeChecks: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  FreezeProjections_rebuildFreezeWindows: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Topology_get: {
    parameters: {
      query?: {
        at?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Topology_replace: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The topology.v1 contract (contracts/topology.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['topology.v1'];
      };
    };
    responses: {
      /** @description Done. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': unknown;
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
}

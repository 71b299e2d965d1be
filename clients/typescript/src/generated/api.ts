/* Generated from contracts/openapi.json by `npm run client:generate` (openapi-typescript). Do not edit. */

export interface paths {
  '/': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['Console_root'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/console': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['Console_page'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/console/*': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['Console_file'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
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
  '/v1/alert-coverage': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['AlertCoverage_get'];
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    put: operations['AlertCoverage_declare'];
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
  '/v1/audit/checkpoints': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['Audit_checkpoint'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/consistency': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Audit_consistency'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    get: operations['Audit_events'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/evidence/{streamType}/{namespace}/{streamId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Audit_evidence'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/proof/{namespace}/{eventId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Audit_proof'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/audit/public-key': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Public: no API key needed. */
    get: operations['Audit_publicKey'];
    put?: never;
    post?: never;
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
  '/v1/cdevents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: publisher, admin (send "Authorization: Bearer <key>"). */
    post: operations['CdEvents_ingest'];
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
  '/v1/change-events/outcomes': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['IngestOutcomes_find'];
    put?: never;
    post?: never;
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
    get: operations['Changes_getByChangeId'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/changes/{source}/{changeId}': {
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
  '/v1/changes/{source}/{changeId}/verification': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Changes_verify'];
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
  '/v1/correlation/re-rank': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['Suspects_reRank'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/correlation/weights/apply': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['Suspects_applyWeights'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/correlation/weights/reset': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['Suspects_resetWeights'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/correlation/weights/train': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['Suspects_trainWeights'];
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
  '/v1/intake/argocd/{integration}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description No API key: the calling tool's own credential (intake-secret-header), bound to one source. */
    post: operations['ArgoCdIntake_receive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/intake/github/{integration}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description No API key: the calling tool's own credential (github-signature), bound to one source. */
    post: operations['GitHubIntake_receive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/intake/launchdarkly/{integration}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description No API key: the calling tool's own credential (launchdarkly-signature), bound to one source. */
    post: operations['LaunchDarklyIntake_receive'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/intake/rejections': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    get: operations['IntakeRejections_list'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/intake/webhook/{integration}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description No API key: the calling tool's own credential (intake-secret-header), bound to one source. */
    post: operations['GenericWebhookIntake_receive'];
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
  '/v1/projections/check': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Roles: admin (send "Authorization: Bearer <key>"). */
    post: operations['ReadModels_check'];
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
  '/v1/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description Public: no API key needed. */
    post: operations['Session_signIn'];
    /** @description Public: no API key needed. */
    delete: operations['Session_signOut'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/stream': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Stream_stream'];
    put?: never;
    post?: never;
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
  '/v1/whoami': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description Roles: publisher, reviewer, admin (send "Authorization: Bearer <key>"). */
    get: operations['Session_whoAmI'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/change/enqueue': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** @description No API key: the calling tool's own credential (pagerduty-routing-key), bound to one source. */
    post: operations['PagerDutyIntake_enqueue'];
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
    /** @description An RFC 9457 problem document. `errors` names each parameter or field at fault; `message`, `statusCode` and `error` are kept for older clients. */
    Problem: {
      /** @description A URI naming the kind of problem (docs/api.md, Errors). */
      type: string;
      title: string;
      status: number;
      detail?: string;
      /** @description The request path. */
      instance?: string;
      errors?: {
        /** @description JSON Pointer of the field at fault ("" for the whole body), or the parameter name. */
        field: string;
        message: string;
      }[];
      statusCode?: number;
      /** @description The HTTP reason phrase. */
      error?: string;
      message?: string | string[];
    };
    /**
     * AlertCoverageV1
     * @description The declared alert-coverage inventory: the services that have alert rules (PUT /v1/alert-coverage). Each declaration replaces the previous one; every version stays in the event store. The suspect ranking counts a service as covered when it is declared here or has alerted in the last 30 days; only covered callers of a changed service count as silent evidence against the change.
     */
    'alert-coverage.v1': {
      /** @description The system the inventory comes from (e.g. the alerting rules repository). */
      source?: string;
      /** @description The services that have alert rules, as alerts name them. */
      services: string[];
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
     * AlertmanagerWebhookV1
     * @description The body of POST /v1/alerts/alertmanager: Prometheus Alertmanager's webhook, payload version 4, as far as the service reads it. Unknown members are allowed everywhere (Alertmanager and Grafana add fields). Each alert is checked on its own against #/$defs/alert: one bad alert is rejected naming its fields (/alerts/2/labels/alertname) and does not stop the others. Beyond the schema: startsAt must be a real instant (not Go's zero time), a resolved alert needs an endsAt that is not the zero time, and an alert needs one of the configured environment labels unless a default environment is configured.
     */
    'alertmanager-webhook.v1': {
      /** @constant */
      version: '4';
      groupKey?: string;
      /** @description The alerts of the group, firing and resolved; each checked against #/$defs/alert. At least one; the service takes at most 1,000 per notification (set max_alerts on the receiver). */
      alerts: unknown[];
    };
    /** AlertmanagerAlert */
    'alertmanager-webhook.v1.alert': {
      /** @enum {string} */
      status: 'firing' | 'resolved';
      /** @description alertname names the alert; the service, environment, region, cluster and severity labels are configurable. */
      labels: {
        alertname: string;
      } & {
        [key: string]: string;
      };
      annotations?: {
        [key: string]: string;
      };
      startsAt: string;
      /** @description Go's zero time (0001-01-01T00:00:00Z) or a provisional end while firing; the end once resolved. */
      endsAt?: string;
      generatorURL?: string;
      fingerprint: string;
    };
    /**
     * ChangeEventV1
     * @description One fact about one change (a deploy, a config push, a scaling action, a flag flip, ...) published by a change system to the Kafka topic change-events.v1, or accepted over HTTP and republished there. Events are immutable; the life of a change is the ordered sequence of its events sharing one changeId (planned -> started -> progressed* -> succeeded | failed | rolled_back | cancelled). The Kafka message key is changeId. The serialized UTF-8 JSON value must not exceed 64 KiB (65536 bytes); that limit is enforced by the consumer, not by this schema.
     */
    'change-event.v1': {
      /** @description Id of this event, unique within its source, and its idempotency key: a redelivered or republished event whose eventId its source already stored with the same content is a duplicate and is ignored; other content under that eventId is refused as a conflict. A UUID is recommended. */
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
     * FreezeWindowDefinitionV1
     * @description The body of POST /v1/freeze-windows (declare a freeze window) and of POST /v1/freeze-windows/preview (a dry run, which also takes a top-level `days`). Also what a PATCH must leave behind: a merge patch is applied to the current definition and the result is checked against this contract. Beyond the schema the service checks what JSON Schema cannot say: the cron expression parses and fires, the time zone is a named IANA zone, the duration is positive and at most 31 days, every instant lies between 1900-01-01 and 2500-01-01, end is after start and validUntil after validFrom. The stored window is normalised: instants in UTC, the canonical time-zone id, single spaces between cron fields, duplicate values dropped, breakGlass.justificationRequired true when absent.
     */
    'freeze-window-definition.v1': {
      /** @description A short name people recognise, e.g. Black Friday. */
      name: components['schemas']['freeze-window-definition.v1.text'];
      /** @description Why changes are frozen; recorded with the window. */
      reason: components['schemas']['freeze-window-definition.v1.text'];
      /**
       * @description deny: changes in scope are refused while the window is open. allow: a window in which changes are allowed (a deny elsewhere still wins).
       * @enum {string}
       */
      kind: 'deny' | 'allow';
      /** @description When the window is open: once (from start, until end or until lifted) or recurring (every cron fire time for duration). */
      schedule:
        | components['schemas']['freeze-window-definition.v1.onceSchedule']
        | components['schemas']['freeze-window-definition.v1.recurringSchedule'];
      /** @description Which changes the window applies to. An absent dimension matches everything ({} matches every change); dimensions combine with AND, the values of one dimension with OR. All dimensions but kinds take glob patterns (* and ?). */
      scope: {
        services?: components['schemas']['freeze-window-definition.v1.scopeValues'];
        teams?: components['schemas']['freeze-window-definition.v1.scopeValues'];
        environments?: components['schemas']['freeze-window-definition.v1.scopeValues'];
        regions?: components['schemas']['freeze-window-definition.v1.scopeValues'];
        tiers?: components['schemas']['freeze-window-definition.v1.scopeValues'];
        /** @description Change kinds of change-event.v1 (no globs). */
        kinds?: components['schemas']['change-event.v1']['kind'][];
      };
      /** @description Changes let through the window (with a warning): rollbacks, hotfixes. */
      exemptions?: ('rollback' | 'hotfix')[];
      /** @description Who may override the window (turning a deny into a warning), and whether they must say why. */
      breakGlass?: {
        /** @description Roles whose override lets a change through this window. */
        roles: components['schemas']['freeze-window-definition.v1.text'][];
        /** @description An override must carry a justification. Absent means true. */
        justificationRequired?: boolean;
      };
    };
    'freeze-window-definition.v1.text': string;
    /**
     * Format: date-time
     * @description An ISO 8601 / RFC 3339 instant with Z or a numeric offset, between 1900-01-01 and 2500-01-01.
     */
    'freeze-window-definition.v1.instant': string;
    /** @description A one-off window from start; without end it is a manual "freeze now" that lasts until lifted. */
    'freeze-window-definition.v1.onceSchedule': {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'once';
      start: components['schemas']['freeze-window-definition.v1.instant'];
      /** @description After start. */
      end?: components['schemas']['freeze-window-definition.v1.instant'];
    };
    /** @description Opens at every fire time of a five-field cron expression, read on the local wall clock of timeZone, and stays open for duration of local wall-clock time. */
    'freeze-window-definition.v1.recurringSchedule': {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      type: 'recurring';
      /** @description Five fields: minute hour day-of-month month day-of-week (Vixie semantics: day-of-month OR day-of-week). No '?', no nicknames such as @daily; it must fire at least once. */
      cron: string;
      /** @description ISO 8601 duration in weeks, days, hours, minutes and seconds (no years or months), positive and at most 31 days, e.g. PT56H. */
      duration: string;
      /** @description A named IANA time zone, e.g. Europe/Berlin (case-insensitive; stored under its canonical id). Fixed offsets are refused: a freeze calendar follows a place's clock. */
      timeZone: string;
      /** @description Occurrences that start before this instant are not part of the window. */
      validFrom?: components['schemas']['freeze-window-definition.v1.instant'];
      /** @description Occurrences that start at or after this instant are not part of the window. After validFrom. */
      validUntil?: components['schemas']['freeze-window-definition.v1.instant'];
    };
    /** @description Glob patterns (* and ?), matched against the change's attribute. */
    'freeze-window-definition.v1.scopeValues': string[];
    /**
     * FreezeWindowPatchV1
     * @description The body of PATCH /v1/freeze-windows/{id}: a JSON merge patch (RFC 7396) of the window's definition, plus changeReason saying why. Objects merge member by member, null removes a member, anything else replaces it. This contract checks the patch itself: its members are members of freeze-window-definition.v1 (name, reason and kind as that contract defines them; the others an object, or null to remove them where the definition allows it). The window with the patch applied is then checked against freeze-window-definition.v1 and its rules, so every rule of a definition lives in one contract and an error names the same field in both.
     */
    'freeze-window-patch.v1': {
      /** @description Why the window changes; recorded with the amendment (not part of the definition). */
      changeReason: components['schemas']['reason-request.v1.reason'];
      name?: components['schemas']['freeze-window-definition.v1']['name'];
      reason?: components['schemas']['freeze-window-definition.v1']['reason'];
      kind?: components['schemas']['freeze-window-definition.v1']['kind'];
      /** @description Merged into the schedule; to switch between once and recurring, give every member of the new type and null the old type's members. */
      schedule?: {
        [key: string]: components['schemas']['freeze-window-patch.v1.member'];
      };
      /** @description Merged into the scope: a dimension replaces that dimension, null removes it (matching every value). */
      scope?: {
        [key: string]: components['schemas']['freeze-window-patch.v1.member'];
      };
      /** @description Replaces the exemptions; null removes them. */
      exemptions?: unknown[] | null;
      /** @description Merged into the break-glass rule; null removes it. */
      breakGlass?: {
        [key: string]: components['schemas']['freeze-window-patch.v1.member'];
      } | null;
    };
    /** @description A member of the merged object: any JSON value, null to remove it. */
    'freeze-window-patch.v1.member':
      | (string | number | boolean | unknown[] | null)
      | {
          [key: string]: components['schemas']['freeze-window-patch.v1.member'];
        };
    /**
     * OverrideGrantRequestV1
     * @description The body of POST /v1/freeze/override-grants: a key holding a break-glass role lends it, for expiresInMinutes and for the changes scope names, to whoever references the grant's id (a pipeline's key, a Kafka producer). Beyond the schema, expiresInMinutes may be at most the service's OVERRIDE_GRANT_MAX_MINUTES (240 by default). Revoke a grant with POST /v1/freeze/override-grants/{id}/revoke and a reason-request.v1 body.
     */
    'override-grant-request.v1': {
      /** @description The break-glass role lent; the calling key must hold it. */
      role: string;
      /** @description Why; recorded with the grant. */
      reason: components['schemas']['reason-request.v1.reason'];
      /** @description One change of one source, or every change of a service in an environment. */
      scope:
        | {
            source: components['schemas']['change-event.v1']['source'];
            changeId: components['schemas']['change-event.v1']['changeId'];
          }
        | {
            service: string;
            environment: string;
          };
      /** @description How long the grant may be used, in minutes: from 1 to OVERRIDE_GRANT_MAX_MINUTES. */
      expiresInMinutes: number;
    };
    /**
     * ReRankRequestV1
     * @description The body of POST /v1/correlation/re-rank: rank again the alerts that started in [from, to), with what is known now (e.g. a backfilled topology), and record a new SuspectsRanked event for each alert whose top suspects changed. Recorded rankings otherwise stay as they were when a topology or coverage version is added.
     */
    're-rank-request.v1': {
      /**
       * Format: date-time
       * @description Alerts that started at or after this instant (RFC 3339 with Z or an offset).
       */
      from: string;
      /**
       * Format: date-time
       * @description ...and before this one; at most 31 days after from.
       */
      to: string;
      /** @description Why the re-rank was asked for (recorded with each new ranking). */
      reason?: string;
    };
    /**
     * ReasonRequestV1
     * @description A body that only says why: POST /v1/freeze-windows/{id}/lift (end a window now) and POST /v1/freeze/override-grants/{id}/revoke (end a grant early). The reason is recorded with the window's or the grant's history.
     */
    'reason-request.v1': {
      reason: components['schemas']['reason-request.v1.reason'];
    };
    /** @description Why, in words people can audit later: at most 2000 characters, not blank. */
    'reason-request.v1.reason': string;
    /**
     * SessionRequestV1
     * @description POST /v1/session: sign in to the console with an API key, exchanged for a session cookie (the page never holds the key afterwards). The key is one of API_KEYS; the session has its roles for as long as the key stays configured.
     */
    'session-request.v1': {
      /** @description An API key from API_KEYS (at least 8 characters). */
      apiKey: string;
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
    /**
     * TopologyV2
     * @description The service dependency graph as in force from an instant, for one environment or for all: each edge says the caller sends requests to (or reads from) the dependency. Each message (Kafka topic topology.v1, which takes both versions) or PUT /v1/topology body adds a version; every version stays in the event store. A ranking uses the version in force at the alert's start for the alert's environment, else the global one (no environment). Every topology.v1 message is a valid topology.v2 message: without effectiveAt a version takes effect when it is received; without environment it is global.
     */
    'topology.v2': {
      /** @description Idempotency key of this version of the graph, chosen by the publisher (e.g. the catalogue's revision). A snapshot whose id is already stored is ignored. Without it, every message is a new version. */
      snapshotId?: string;
      /** @description The catalogue or system that published the graph. */
      source?: string;
      /**
       * Format: date-time
       * @description When this version of the graph took (or takes) effect: an RFC 3339 date-time with an explicit offset (Z or +hh:mm). May be in the past, to backfill the graph as it was for replays and rankings of past alerts; at most 24 hours ahead. Absent: when the service receives it.
       */
      effectiveAt?: string;
      /** @description The environment this graph describes (as change and alert events name it, e.g. production). Absent: the global graph, used for every environment that has no graph of its own in force. */
      environment?: string;
      edges: {
        caller: string;
        dependency: string;
      }[];
    };
    /**
     * VerdictRequestV1
     * @description The body of POST /v1/alerts/{id}/verdicts: a reviewer's verdict on whether one change caused the alert. Verdicts feed GET /v1/correlation/quality.
     */
    'verdict-request.v1': {
      /** @description The change judged (usually one of the alert's suspects). */
      changeId: string;
      /** @description The change's source (a change is identified by its source and changeId); needed only when two sources have a change with this changeId among the suspects. */
      source?: string;
      /**
       * @description cause: the change caused the alert. not_cause: it did not.
       * @enum {string}
       */
      verdict: 'cause' | 'not_cause';
      /** @description Why, for other reviewers. */
      note?: string;
    };
    /**
     * WeightsApplyRequestV1
     * @description The body of POST /v1/correlation/weights/apply: which version of the factor weights rankings use from now on (0: the priors; others as trained by POST /v1/correlation/weights/train).
     */
    'weights-apply-request.v1': {
      /** @description A trained version, or 0 for the priors. */
      version: number;
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
         *       "type": "https://change-audit.dev/problems/invalid_input",
         *       "title": "Invalid input",
         *       "status": 400,
         *       "detail": "limit must not be greater than 500",
         *       "instance": "/v1/changes",
         *       "errors": [
         *         {
         *           "field": "limit",
         *           "message": "limit must not be greater than 500"
         *         }
         *       ],
         *       "statusCode": 400,
         *       "error": "Bad Request",
         *       "message": [
         *         "limit must not be greater than 500"
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
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
         *       "type": "https://change-audit.dev/problems/invalid_input",
         *       "title": "Invalid input",
         *       "status": 401,
         *       "detail": "limit must not be greater than 500",
         *       "instance": "/v1/changes",
         *       "errors": [
         *         {
         *           "field": "limit",
         *           "message": "limit must not be greater than 500"
         *         }
         *       ],
         *       "statusCode": 401,
         *       "error": "Bad Request",
         *       "message": [
         *         "limit must not be greater than 500"
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
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
         *       "type": "https://change-audit.dev/problems/invalid_input",
         *       "title": "Invalid input",
         *       "status": 403,
         *       "detail": "limit must not be greater than 500",
         *       "instance": "/v1/changes",
         *       "errors": [
         *         {
         *           "field": "limit",
         *           "message": "limit must not be greater than 500"
         *         }
         *       ],
         *       "statusCode": 403,
         *       "error": "Bad Request",
         *       "message": [
         *         "limit must not be greater than 500"
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
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
         *       "type": "https://change-audit.dev/problems/invalid_input",
         *       "title": "Invalid input",
         *       "status": 404,
         *       "detail": "limit must not be greater than 500",
         *       "instance": "/v1/changes",
         *       "errors": [
         *         {
         *           "field": "limit",
         *           "message": "limit must not be greater than 500"
         *         }
         *       ],
         *       "statusCode": 404,
         *       "error": "Bad Request",
         *       "message": [
         *         "limit must not be greater than 500"
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
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
         *       "type": "https://change-audit.dev/problems/invalid_input",
         *       "title": "Invalid input",
         *       "status": 413,
         *       "detail": "limit must not be greater than 500",
         *       "instance": "/v1/changes",
         *       "errors": [
         *         {
         *           "field": "limit",
         *           "message": "limit must not be greater than 500"
         *         }
         *       ],
         *       "statusCode": 413,
         *       "error": "Bad Request",
         *       "message": [
         *         "limit must not be greater than 500"
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
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
         *       "type": "https://change-audit.dev/problems/invalid_input",
         *       "title": "Invalid input",
         *       "status": 415,
         *       "detail": "limit must not be greater than 500",
         *       "instance": "/v1/changes",
         *       "errors": [
         *         {
         *           "field": "limit",
         *           "message": "limit must not be greater than 500"
         *         }
         *       ],
         *       "statusCode": 415,
         *       "error": "Bad Request",
         *       "message": [
         *         "limit must not be greater than 500"
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
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
         *       "type": "https://change-audit.dev/problems/invalid_input",
         *       "title": "Invalid input",
         *       "status": 500,
         *       "detail": "limit must not be greater than 500",
         *       "instance": "/v1/changes",
         *       "errors": [
         *         {
         *           "field": "limit",
         *           "message": "limit must not be greater than 500"
         *         }
         *       ],
         *       "statusCode": 500,
         *       "error": "Bad Request",
         *       "message": [
         *         "limit must not be greater than 500"
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
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
         *       "type": "https://change-audit.dev/problems/invalid_input",
         *       "title": "Invalid input",
         *       "status": 503,
         *       "detail": "limit must not be greater than 500",
         *       "instance": "/v1/changes",
         *       "errors": [
         *         {
         *           "field": "limit",
         *           "message": "limit must not be greater than 500"
         *         }
         *       ],
         *       "statusCode": 503,
         *       "error": "Bad Request",
         *       "message": [
         *         "limit must not be greater than 500"
         *       ]
         *     }
         */
        'application/problem+json': components['schemas']['Problem'];
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
  Console_root: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Redirected (Location). */
      302: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Console_page: {
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
  Console_file: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        '*': string;
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
          'text/html': string;
        };
      };
      400: components['responses']['Error400'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
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
      /** @description The process is up. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'ok';
          };
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
      /** @description Ready: every check is ok. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {unknown} */
            status: 'ok' | 'unavailable';
            checks: {
              [key: string]: string;
            };
            failing?: string[];
            details?: {
              [key: string]: string;
            };
          };
        };
      };
      500: components['responses']['Error500'];
      /** @description Not ready: `failing` names the checks. */
      503: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @enum {unknown} */
            status: 'ok' | 'unavailable';
            checks: {
              [key: string]: string;
            };
            failing?: string[];
            details?: {
              [key: string]: string;
            };
          };
        };
      };
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
  AlertCoverage_get: {
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
  AlertCoverage_declare: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The alert-coverage.v1 contract (contracts/alert-coverage.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['alert-coverage.v1'];
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
      /** @description Accepted, i.e. stored: the items taken (by index in the request) and those refused with their fields. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accepted: {
              index: number;
              eventId: string;
            }[];
            rejected: {
              index: number;
              errors: {
                field: string;
                message: string;
              }[];
            }[];
          };
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
    /** @description The alertmanager-webhook.v1 contract (contracts/alertmanager-webhook.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['alertmanager-webhook.v1'];
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
    /** @description The verdict-request.v1 contract (contracts/verdict-request.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['verdict-request.v1'];
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
  Audit_checkpoint: {
    parameters: {
      query?: {
        treeSize?: number;
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
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Audit_consistency: {
    parameters: {
      query: {
        from: number;
        to: number;
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
  Audit_events: {
    parameters: {
      query?: {
        after?: number;
        limit?: number;
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
  Audit_evidence: {
    parameters: {
      query?: {
        treeSize?: number;
      };
      header?: never;
      path: {
        streamType: string;
        namespace: string;
        streamId: string;
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
  Audit_proof: {
    parameters: {
      query?: {
        treeSize?: number;
      };
      header?: never;
      path: {
        namespace: string;
        eventId: string;
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
  Audit_publicKey: {
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
  CdEvents_ingest: {
    parameters: {
      query?: never;
      header?: {
        /** @description Binary mode: the CloudEvents version, 1.0. */
        'ce-specversion'?: string;
        /** @description Binary mode: the CloudEvent id (the CDEvent context.id). */
        'ce-id'?: string;
        /** @description Binary mode: the CloudEvent source (the CDEvent context.source). */
        'ce-source'?: string;
        /** @description Binary mode: the CloudEvent type (the CDEvent context.type). */
        'ce-type'?: string;
      };
      path?: never;
      cookie?: never;
    };
    /** @description CloudEvents carrying CDEvents, in any mode of the CloudEvents HTTP binding: binary (any JSON content type, the CDEvent as the body, its CloudEvent attributes in the ce-specversion, ce-id, ce-source and ce-type headers), structured (application/cloudevents+json, one CloudEvent) or batched (application/cloudevents-batch+json, 1 to 1000 CloudEvents). */
    requestBody: {
      content: {
        /**
         * @example {
         *       "context": {
         *         "specversion": "0.5.1",
         *         "id": "271069a8-fc18-44f1-b38f-9d70a1695819",
         *         "source": "/event/source/123",
         *         "type": "dev.cdevents.service.deployed.0.3.0",
         *         "timestamp": "2026-11-20T14:27:05.315Z"
         *       },
         *       "subject": {
         *         "id": "payments-api",
         *         "source": "/event/source/123",
         *         "content": {
         *           "environment": {
         *             "id": "production"
         *           },
         *           "artifactId": "pkg:oci/payments-api@sha256%3A0b31b1c0"
         *         }
         *       }
         *     }
         */
        'application/json': {
          context: Record<string, unknown>;
          subject: Record<string, unknown>;
        };
        /**
         * @example {
         *       "specversion": "1.0",
         *       "id": "271069a8-fc18-44f1-b38f-9d70a1695819",
         *       "source": "/event/source/123",
         *       "type": "dev.cdevents.service.deployed.0.3.0",
         *       "datacontenttype": "application/json",
         *       "data": {
         *         "context": {
         *           "specversion": "0.5.1",
         *           "id": "271069a8-fc18-44f1-b38f-9d70a1695819",
         *           "source": "/event/source/123",
         *           "type": "dev.cdevents.service.deployed.0.3.0",
         *           "timestamp": "2026-11-20T14:27:05.315Z"
         *         },
         *         "subject": {
         *           "id": "payments-api",
         *           "source": "/event/source/123",
         *           "content": {
         *             "environment": {
         *               "id": "production"
         *             },
         *             "artifactId": "pkg:oci/payments-api@sha256%3A0b31b1c0"
         *           }
         *         }
         *       }
         *     }
         */
        'application/cloudevents+json': {
          /** @constant */
          specversion: '1.0';
          id: string;
          source: string;
          type: string;
          /** @constant */
          datacontenttype?: 'application/json';
          /** @description A CDEvent (CDEvents 0.4 or 0.5): service and environment events become change events, incidents alerts. */
          data: {
            context: Record<string, unknown>;
            subject: Record<string, unknown>;
          };
        };
        /**
         * @example [
         *       {
         *         "specversion": "1.0",
         *         "id": "271069a8-fc18-44f1-b38f-9d70a1695819",
         *         "source": "/event/source/123",
         *         "type": "dev.cdevents.service.deployed.0.3.0",
         *         "datacontenttype": "application/json",
         *         "data": {
         *           "context": {
         *             "specversion": "0.5.1",
         *             "id": "271069a8-fc18-44f1-b38f-9d70a1695819",
         *             "source": "/event/source/123",
         *             "type": "dev.cdevents.service.deployed.0.3.0",
         *             "timestamp": "2026-11-20T14:27:05.315Z"
         *           },
         *           "subject": {
         *             "id": "payments-api",
         *             "source": "/event/source/123",
         *             "content": {
         *               "environment": {
         *                 "id": "production"
         *               },
         *               "artifactId": "pkg:oci/payments-api@sha256%3A0b31b1c0"
         *             }
         *           }
         *         }
         *       }
         *     ]
         */
        'application/cloudevents-batch+json': {
          /** @constant */
          specversion: '1.0';
          id: string;
          source: string;
          type: string;
          /** @constant */
          datacontenttype?: 'application/json';
          /** @description A CDEvent (CDEvents 0.4 or 0.5): service and environment events become change events, incidents alerts. */
          data: {
            context: Record<string, unknown>;
            subject: Record<string, unknown>;
          };
        }[];
      };
    };
    responses: {
      /** @description Accepted, i.e. stored: each CloudEvent taken (by index; 0 outside batch mode) as a change or an alert, and those refused with their fields. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accepted: {
              index: number;
              eventId: string;
            }[];
            rejected: {
              index: number;
              errors: {
                field: string;
                message: string;
              }[];
            }[];
          };
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
      /** @description Accepted, i.e. stored: the items taken (by index in the request) and those refused with their fields. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accepted: {
              index: number;
              eventId: string;
            }[];
            rejected: {
              index: number;
              errors: {
                field: string;
                message: string;
              }[];
            }[];
          };
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
  IngestOutcomes_find: {
    parameters: {
      query: {
        eventId: string;
        /** @description also checked: matches */
        source: string;
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
  Changes_list: {
    parameters: {
      query?: {
        activeFrom?: string;
        activeTo?: string;
        actor?: string;
        cursor?: string;
        environment?: string;
        from?: string;
        kind?:
          'deploy' | 'config' | 'scaling' | 'experiment' | 'feature_flag' | 'infra' | 'database' | 'other';
        limit?: number;
        neighbours?: 'true' | 'false';
        phase?: 'planned' | 'started' | 'progressed' | 'succeeded' | 'failed' | 'rolled_back' | 'cancelled';
        /** @description also checked: matches */
        q?: string;
        region?: string;
        service?: string[];
        source?: string;
        team?: string[];
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
  Changes_getByChangeId: {
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
  Changes_get: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        source: string;
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
  Changes_verify: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        source: string;
        changeId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description `ok` is true when every event of the change verifies; each event says whether it does. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ok: boolean;
            events: {
              /** @description The position in the store (a decimal integer). */
              position: string;
              eventId: string;
              eventType: string;
              ok: boolean;
            }[];
          };
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
  Suspects_reRank: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The re-rank-request.v1 contract (contracts/re-rank-request.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['re-rank-request.v1'];
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
  Suspects_applyWeights: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The weights-apply-request.v1 contract (contracts/weights-apply-request.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['weights-apply-request.v1'];
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
  Suspects_resetWeights: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
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
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Suspects_trainWeights: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
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
    /** @description The freeze-window-definition.v1 contract (contracts/freeze-window-definition.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['freeze-window-definition.v1'];
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
      query: {
        cursor?: string;
        /** @description also checked: isDefined */
        from: string;
        /** @description also checked: isDefined */
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
  FreezeWindows_preview: {
    parameters: {
      query?: {
        /** @description also checked: isPreviewDays */
        days?: unknown;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The freeze-window-definition.v1 contract (contracts/freeze-window-definition.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['freeze-window-definition.v1'];
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
      query: {
        /** @description also checked: matches */
        reason: string;
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
    /** @description The freeze-window-patch.v1 contract (contracts/freeze-window-patch.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['freeze-window-patch.v1'];
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
    /** @description The reason-request.v1 contract (contracts/reason-request.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['reason-request.v1'];
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
    /** @description The override-grant-request.v1 contract (contracts/override-grant-request.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['override-grant-request.v1'];
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
    /** @description The reason-request.v1 contract (contracts/reason-request.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['reason-request.v1'];
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
  ArgoCdIntake_receive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        integration: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Accepted, i.e. stored (queued in Kafka mode): each change event the payload mapped to, with its source, changeId, eventId and outcome (stored, duplicate, queued). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accepted: {
              index: number;
              source: string;
              changeId: string;
              eventId: string;
              /** @enum {unknown} */
              outcome: 'stored' | 'duplicate' | 'queued';
            }[];
            rejected: Record<string, unknown>[];
          };
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      404: components['responses']['Error404'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  GitHubIntake_receive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        integration: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description A ping, answered. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, unknown>;
        };
      };
      /** @description Accepted, i.e. stored (queued in Kafka mode): each change event the payload mapped to, with its source, changeId, eventId and outcome (stored, duplicate, queued). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accepted: {
              index: number;
              source: string;
              changeId: string;
              eventId: string;
              /** @enum {unknown} */
              outcome: 'stored' | 'duplicate' | 'queued';
            }[];
            rejected: Record<string, unknown>[];
          };
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      404: components['responses']['Error404'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  LaunchDarklyIntake_receive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        integration: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Accepted, i.e. stored (queued in Kafka mode): each change event the payload mapped to, with its source, changeId, eventId and outcome (stored, duplicate, queued). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accepted: {
              index: number;
              source: string;
              changeId: string;
              eventId: string;
              /** @enum {unknown} */
              outcome: 'stored' | 'duplicate' | 'queued';
            }[];
            rejected: Record<string, unknown>[];
          };
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      404: components['responses']['Error404'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  IntakeRejections_list: {
    parameters: {
      query?: {
        /** @description also checked: matches */
        before?: unknown;
        from?: string;
        integration?: string;
        kind?: string;
        limit?: number;
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
  GenericWebhookIntake_receive: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        integration: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': Record<string, unknown>;
      };
    };
    responses: {
      /** @description Accepted, i.e. stored (queued in Kafka mode): each change event the payload mapped to, with its source, changeId, eventId and outcome (stored, duplicate, queued). */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            accepted: {
              index: number;
              source: string;
              changeId: string;
              eventId: string;
              /** @enum {unknown} */
              outcome: 'stored' | 'duplicate' | 'queued';
            }[];
            rejected: Record<string, unknown>[];
          };
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      404: components['responses']['Error404'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
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
  ReadModels_check: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The check ran: `ok` false names each row that differs from its stream. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            ok: boolean;
            /** Format: date-time */
            checkedAt: string;
            sample: number;
            models: string[];
            mismatches: {
              model: string;
              stream: string;
              problem: string;
            }[];
          };
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
  Session_signIn: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** @description The session-request.v1 contract (contracts/session-request.v1/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['session-request.v1'];
      };
    };
    responses: {
      /** @description Signed in: the session cookie (change_audit_session; HttpOnly, SameSite=Strict) is set. Send `csrfToken` as X-CSRF-Token on every request that changes something. */
      201: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            roles: ('publisher' | 'reviewer' | 'admin')[];
            csrfToken: string;
            /** Format: date-time */
            expiresAt: string;
          };
        };
      };
      400: components['responses']['Error400'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Session_signOut: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Done; no content. */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  Stream_stream: {
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
          'text/event-stream': string;
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
        environment?: string;
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
    /** @description The topology.v2 contract (contracts/topology.v2/schema.json). */
    requestBody: {
      content: {
        'application/json': components['schemas']['topology.v2'];
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
  Session_whoAmI: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The caller: its key name and roles, how it is signed in, and for a session its CSRF token and expiry. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            name: string;
            roles: ('publisher' | 'reviewer' | 'admin')[];
            breakGlassRoles?: string[];
            /** @enum {unknown} */
            via: 'api-key' | 'session';
            csrfToken?: string;
            /** Format: date-time */
            expiresAt?: string;
          };
        };
      };
      401: components['responses']['Error401'];
      403: components['responses']['Error403'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
  PagerDutyIntake_enqueue: {
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
      /** @description Stored (queued in Kafka mode), in PagerDuty's words. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            /** @constant */
            status: 'success';
            /** @constant */
            message: 'Change event processed';
          };
        };
      };
      400: components['responses']['Error400'];
      401: components['responses']['Error401'];
      413: components['responses']['Error413'];
      415: components['responses']['Error415'];
      500: components['responses']['Error500'];
      503: components['responses']['Error503'];
    };
  };
}

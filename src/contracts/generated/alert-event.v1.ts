/* Generated from contracts/alert-event.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * One notification about one alert (an alerting rule that fired on a service), published by an alerting system to the Kafka topic alert-events.v1, or accepted over HTTP (POST /v1/alerts, or POST /v1/alerts/alertmanager, which maps Alertmanager's webhook to this shape). An alert instance is identified by (source, fingerprint, startsAt): the same rule firing again later on the same series is a new instance with a new startsAt. There is no producer-chosen event id because alerting systems re-send the same alert on every repeat: the idempotency key is derived from (source, fingerprint, startsAt as an instant, status), so a repeated firing notification is a no-op and a resolved notification closes its firing instance. The Kafka message key is fingerprint. The serialized UTF-8 JSON value must not exceed 64 KiB (65536 bytes); that limit is enforced by the consumer, not by this schema.
 */
export interface AlertEventV1 {
  /**
   * Stable id of the alerting series within its source: the same rule on the same labels always has the same fingerprint (Alertmanager's fingerprint, a 16-digit hex hash of the labels, is what on-call engineers see). Also the Kafka message key.
   */
  fingerprint: string;
  /**
   * The system that produced the alert, in lower case, e.g. alertmanager, grafana, datadog, cloudwatch. Fingerprints are only unique within one source.
   */
  source: string;
  /**
   * firing: the alert is active (repeats of the same firing instance are no-ops). resolved: the alert instance with the same source, fingerprint and startsAt has ended at endsAt.
   */
  status: 'firing' | 'resolved';
  /**
   * When the alert instance started firing at the source: an RFC 3339 date-time with an explicit offset (Z or +hh:mm / -hh:mm) and an upper-case T separator; fractional seconds (up to nanoseconds) are optional. Part of the instance's identity: keep it unchanged in every notification about the same instance.
   */
  startsAt: string;
  /**
   * When the alert instance ended; required when status is resolved, and not before startsAt. Omit it for a firing alert (Alertmanager's placeholder 0001-01-01T00:00:00Z and its provisional resolve-timeout end are not ends). Same format as startsAt.
   */
  endsAt?: string;
  /**
   * Name of the alerting rule, e.g. HighErrorRate (Alertmanager's alertname label).
   */
  name: string;
  /**
   * How bad it is, normalised to four levels. critical: users are affected now, someone is paged (also Alertmanager's page, p1, sev1, emergency, fatal). high: serious, needs attention soon (error, major, p2, sev2). warning: degraded or at risk (warn, minor, p3, sev3). info: informational (low, none, notice, p4, p5).
   */
  severity: 'critical' | 'high' | 'warning' | 'info';
  /**
   * The environment alerting, e.g. production, staging (compared with change events' environment).
   */
  environment: string;
  /**
   * The service alerting, as named in change events and the topology. Omitted when the alert is not about one service (e.g. a whole cluster or region).
   */
  service?: string;
  /**
   * The cloud or datacentre region alerting, e.g. eu-west-1. Omitted for global alerts.
   */
  region?: string;
  /**
   * The cluster alerting (e.g. a Kubernetes or database cluster name), when the alert is about one.
   */
  cluster?: string;
  /**
   * The alerting system's grouping key (Alertmanager's groupKey): alerts notified under the same key were grouped together by the alerting system, and are grouped into one incident here when they start close in time.
   */
  groupKey?: string;
  /**
   * The alert's identifying labels as the source sent them (at most 64; names of at most 128 characters from [A-Za-z0-9_.:/-], not starting with a digit; values strings of at most 1024 characters).
   */
  labels?: {
    /**
     * One label value.
     */
    [k: string]: string | undefined;
  };
  /**
   * The alert's descriptive annotations (summary, description, runbook_url, ...): at most 32, names as for labels, values strings of at most 4096 characters.
   */
  annotations?: {
    /**
     * One annotation value.
     */
    [k: string]: string | undefined;
  };
  /**
   * Link to the rule or query that produced the alert (absolute URI, RFC 3986).
   */
  generatorURL?: string;
}

/* Generated from contracts/alertmanager-webhook.v1/schema.json by `npm run contracts:types`. Do not edit. */

/**
 * The body of POST /v1/alerts/alertmanager: Prometheus Alertmanager's webhook, payload version 4, as far as the service reads it. Unknown members are allowed everywhere (Alertmanager and Grafana add fields). Each alert is checked on its own against #/$defs/alert: one bad alert is rejected naming its fields (/alerts/2/labels/alertname) and does not stop the others. Beyond the schema: startsAt must be a real instant (not Go's zero time), a resolved alert needs an endsAt that is not the zero time, and an alert needs one of the configured environment labels unless a default environment is configured.
 */
export interface AlertmanagerWebhookV1 {
  version: '4';
  groupKey?: string;
  /**
   * The alerts of the group, firing and resolved; each checked against #/$defs/alert. At least one; the service takes at most 1,000 per notification (set max_alerts on the receiver).
   *
   * @minItems 1
   */
  alerts: [unknown, ...unknown[]];
}

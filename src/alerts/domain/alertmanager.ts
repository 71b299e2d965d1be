/**
 * Prometheus Alertmanager webhook (payload version 4) → alert-event.v1.
 *
 * Alertmanager posts one notification per alert group: every alert of the group, firing and resolved,
 * each time the group is (re)notified. Mapping is per alert; an alert that cannot be mapped is reported
 * with the JSON Pointer of the offending field in the webhook body and does not stop the others.
 * Fields this mapping does not use are ignored, so Grafana's superset of the payload (orgId, silenceURL,
 * values, ...) is accepted too. The webhook's shape is contract alertmanager-webhook.v1; the events produced
 * still have to pass the alert-event.v1 contract.
 *
 * A notification carries at most `maxAlerts` alerts (Alertmanager's receiver setting `max_alerts` should be
 * set to at most that); a larger one is refused as a whole before any alert is read.
 */
import { ContractValidator, type FieldError } from '../../contracts/contract-validator';
import type { AlertEvent, AlertSeverity } from './alert-event';

/** One alert of the webhook, as contract alertmanager-webhook.v1 (its #/$defs/alert) accepts it. */
export interface AlertmanagerAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly startsAt: string;
  readonly endsAt?: string;
  readonly generatorURL?: string;
  readonly fingerprint: string;
}

export interface AlertmanagerWebhook {
  readonly version: '4';
  readonly groupKey?: string;
  readonly truncatedAlerts?: number;
  readonly status?: string;
  readonly receiver?: string;
  readonly groupLabels?: Readonly<Record<string, string>>;
  readonly commonLabels?: Readonly<Record<string, string>>;
  readonly commonAnnotations?: Readonly<Record<string, string>>;
  readonly externalURL?: string;
  readonly alerts: readonly unknown[];
}

/** Which labels give each alert field; the first label present with a non-empty value wins. */
export interface AlertLabelMapping {
  readonly service: readonly string[];
  readonly environment: readonly string[];
  readonly region: readonly string[];
  readonly cluster: readonly string[];
  readonly severity: readonly string[];
  /**
   * The labels of a call-edge alert: one on the calls from a client service to a server service, as rules
   * on the OpenTelemetry Collector's service-graph metrics (`traces_service_graph_request_failed_total
   * {client, server}`) yield them. Such an alert is about the called side (the server, or what it depends
   * on). Its series name no service, and their `job` is the collector's: with both labels present, the
   * alert's service is the server, unless the first of the service labels (`service`) names one
   * explicitly. Undefined: edges are not read.
   */
  readonly edge?: CallEdgeLabels | undefined;
}

export interface CallEdgeLabels {
  readonly client: string;
  readonly server: string;
}

export const DEFAULT_CALL_EDGE_LABELS: CallEdgeLabels = { client: 'client', server: 'server' };

export const DEFAULT_ALERT_LABEL_MAPPING: AlertLabelMapping = {
  service: ['service', 'job', 'app'],
  environment: ['env', 'environment', 'namespace'],
  region: ['region'],
  cluster: ['cluster'],
  severity: ['severity', 'priority'],
  edge: DEFAULT_CALL_EDGE_LABELS,
};

export interface AlertmanagerMappingOptions {
  readonly labels: AlertLabelMapping;
  /** alert-event.v1 `source` of the events produced. */
  readonly source: string;
  /**
   * Environment of alerts that carry none of the environment labels (an Alertmanager usually serves one
   * environment). Undefined: such an alert is rejected naming its labels.
   */
  readonly defaultEnvironment?: string | undefined;
  /** Severity of alerts without a severity label, or with a value not recognised. */
  readonly defaultSeverity: AlertSeverity;
  /** Alerts one notification may carry; more and the notification is refused as a whole. */
  readonly maxAlerts: number;
}

/**
 * Alerts per notification: the batch size of `POST /v1/alerts`. Alertmanager's `max_alerts` (0, unlimited,
 * by default) truncates a notification to that many alerts and reports the rest as `truncatedAlerts`.
 */
export const MAX_ALERTS_PER_NOTIFICATION = 1_000;

export const DEFAULT_ALERTMANAGER_MAPPING: AlertmanagerMappingOptions = {
  labels: DEFAULT_ALERT_LABEL_MAPPING,
  source: 'alertmanager',
  defaultEnvironment: undefined,
  defaultSeverity: 'warning',
  maxAlerts: MAX_ALERTS_PER_NOTIFICATION,
};

export interface RejectedAlert {
  /** Position in the webhook's alerts array. */
  readonly index: number;
  readonly errors: readonly FieldError[];
}

export interface MappedAlert {
  /** Position in the webhook's alerts array. */
  readonly index: number;
  readonly event: AlertEvent;
}

export type AlertmanagerMapping =
  | {
      readonly ok: true;
      readonly mapped: readonly MappedAlert[];
      readonly rejected: readonly RejectedAlert[];
    }
  /** The payload as a whole is not an Alertmanager v4 webhook: nothing was mapped. */
  | { readonly ok: false; readonly errors: readonly FieldError[] };

/** What Alertmanager sends as endsAt for an alert that has not ended (Go's zero time). */
const ZERO_TIME = /^0001-01-01T00:00:00(\.0+)?(Z|[+-]00:00)$/;

const SEVERITY_ALIASES: Readonly<Record<string, AlertSeverity>> = {
  critical: 'critical',
  crit: 'critical',
  page: 'critical',
  emergency: 'critical',
  fatal: 'critical',
  disaster: 'critical',
  p1: 'critical',
  sev1: 'critical',
  high: 'high',
  error: 'high',
  major: 'high',
  p2: 'high',
  sev2: 'high',
  warning: 'warning',
  warn: 'warning',
  minor: 'warning',
  medium: 'warning',
  average: 'warning',
  p3: 'warning',
  sev3: 'warning',
  info: 'info',
  informational: 'info',
  notice: 'info',
  low: 'info',
  none: 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
  sev5: 'info',
};

/** The alert-event.v1 severity for a severity label value, or undefined when it is not one we know. */
export function normalizeSeverity(value: string | undefined): AlertSeverity | undefined {
  if (value === undefined) return undefined;
  return SEVERITY_ALIASES[
    value
      .trim()
      .toLowerCase()
      .replace(/[\s_-]/g, '')
  ];
}

function firstLabel(labels: Readonly<Record<string, string>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value.trim() !== '') return value;
  }
  return undefined;
}

/**
 * The called service of a call-edge alert: the server label, when the client label is there too (one
 * without the other is some other use of the name, e.g. a host called `server`).
 */
export function calledService(
  labels: Readonly<Record<string, string>>,
  edge: CallEdgeLabels | undefined,
): string | undefined {
  if (edge === undefined) return undefined;
  const client = firstLabel(labels, [edge.client]);
  return client === undefined ? undefined : firstLabel(labels, [edge.server]);
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The webhook as a whole, and each alert on its own, checked against contract alertmanager-webhook.v1. */
let contracts:
  { webhook: ContractValidator<unknown>; alert: ContractValidator<AlertmanagerAlert> } | undefined;

function alertmanagerContracts(): NonNullable<typeof contracts> {
  contracts ??= {
    webhook: new ContractValidator<unknown>('alertmanager-webhook.v1'),
    alert: new ContractValidator<AlertmanagerAlert>('alertmanager-webhook.v1#/$defs/alert'),
  };
  return contracts;
}

function checkWebhook(body: unknown, maxAlerts: number): FieldError[] {
  // The cap first: nothing of a notification over it is read, not even by the contract.
  const alerts = isRecord(body) ? body['alerts'] : undefined;
  if (Array.isArray(alerts) && alerts.length > maxAlerts) {
    return [
      {
        field: '/alerts',
        message:
          `/alerts has ${alerts.length} alerts; at most ${maxAlerts} per notification ` +
          `(set max_alerts: ${maxAlerts} or less on the Alertmanager receiver)`,
      },
    ];
  }
  const checked = alertmanagerContracts().webhook.check(body);
  return checked.ok ? [] : [...checked.errors];
}

function mapAlert(
  raw: unknown,
  pointer: string,
  groupKey: string | undefined,
  options: AlertmanagerMappingOptions,
): { event: AlertEvent } | { errors: FieldError[] } {
  const checked = alertmanagerContracts().alert.check(raw);
  if (!checked.ok) {
    return {
      errors: checked.errors.map((e) => ({
        field: `${pointer}${e.field}`,
        message: e.field === '' ? e.message.replace(/^message/, pointer) : `${pointer}${e.message}`,
      })),
    };
  }
  const { status, labels, fingerprint, startsAt, generatorURL } = checked.value;
  const annotations = checked.value.annotations ?? {};
  const name = labels['alertname'] ?? '';
  const errors: FieldError[] = [];
  if (ZERO_TIME.test(startsAt) || Number.isNaN(Date.parse(startsAt))) {
    errors.push({
      field: `${pointer}/startsAt`,
      message: `${pointer}/startsAt must be the instant the alert started`,
    });
  }
  // A firing alert has not ended: Alertmanager sends the zero time, or the provisional end after which
  // it would resolve the alert by itself if Prometheus stopped re-sending it. Neither is an end.
  const rawEndsAt = checked.value.endsAt;
  const endsAt = rawEndsAt !== undefined && !ZERO_TIME.test(rawEndsAt) ? rawEndsAt : undefined;
  if (status === 'resolved' && endsAt === undefined) {
    errors.push({
      field: `${pointer}/endsAt`,
      message: `${pointer}/endsAt is required for a resolved alert`,
    });
  }
  const environment = firstLabel(labels, options.labels.environment) ?? options.defaultEnvironment;
  if (environment === undefined) {
    errors.push({
      field: `${pointer}/labels`,
      message: `${pointer}/labels has no environment label (${options.labels.environment.join(', ')})`,
    });
  }
  if (errors.length > 0 || environment === undefined) return { errors };
  const severityLabel = firstLabel(labels, options.labels.severity);
  // An explicit first service label (a rule that says which service it is about) wins over the edge; the
  // edge's server wins over the rest (job, app), which on service-graph series name the collector.
  const [explicit, ...fallbacks] = options.labels.service;
  const service =
    (explicit === undefined ? undefined : firstLabel(labels, [explicit])) ??
    calledService(labels, options.labels.edge) ??
    firstLabel(labels, fallbacks);
  const region = firstLabel(labels, options.labels.region);
  const cluster = firstLabel(labels, options.labels.cluster);
  const event: AlertEvent = {
    fingerprint,
    source: options.source,
    status,
    startsAt,
    ...(status === 'resolved' && endsAt !== undefined ? { endsAt } : {}),
    name,
    severity: normalizeSeverity(severityLabel) ?? options.defaultSeverity,
    environment,
    ...(service === undefined ? {} : { service }),
    ...(region === undefined ? {} : { region }),
    ...(cluster === undefined ? {} : { cluster }),
    ...(groupKey === undefined || groupKey === '' ? {} : { groupKey }),
    labels,
    ...(Object.keys(annotations).length === 0 ? {} : { annotations }),
    ...(typeof generatorURL === 'string' && generatorURL !== '' ? { generatorURL } : {}),
  };
  return { event };
}

/**
 * Maps an Alertmanager webhook body (parsed JSON, unchecked) to alert-event.v1 events, one per alert, each
 * with its position in the webhook (one pass). Errors name fields of the webhook body
 * (`/alerts/2/labels/alertname`).
 */
export function mapAlertmanagerWebhook(
  body: unknown,
  options: AlertmanagerMappingOptions = DEFAULT_ALERTMANAGER_MAPPING,
): AlertmanagerMapping {
  const errors = checkWebhook(body, options.maxAlerts);
  if (errors.length > 0 || !isRecord(body)) return { ok: false, errors };
  const webhook = body as unknown as AlertmanagerWebhook;
  const mapped: MappedAlert[] = [];
  const rejected: RejectedAlert[] = [];
  webhook.alerts.forEach((raw, index) => {
    const result = mapAlert(raw, `/alerts/${index}`, webhook.groupKey, options);
    if ('event' in result) mapped.push({ index, event: result.event });
    else rejected.push({ index, errors: result.errors });
  });
  return { ok: true, mapped, rejected };
}

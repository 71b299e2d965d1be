import { alertEventId, checkAlertEvent, type AlertEvent } from '../../../src/alerts/domain/alert-event';
import {
  DEFAULT_ALERT_LABEL_MAPPING,
  DEFAULT_ALERTMANAGER_MAPPING,
  MAX_ALERTS_PER_NOTIFICATION,
  mapAlertmanagerWebhook,
  normalizeSeverity,
  type AlertmanagerMapping,
} from '../../../src/alerts/domain/alertmanager';
import { ContractValidator } from '../../../src/contracts/contract-validator';

const NOW = Date.parse('2026-11-15T00:00:00Z');
const contract = new ContractValidator<AlertEvent>('alert-event.v1', (event) => checkAlertEvent(event, NOW));

const GROUP_KEY = '{}/{severity="critical"}:{alertname="HighErrorRate"}';

interface WebhookAlert {
  status: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** A notification as Alertmanager 0.27 posts it: one group, two firing alerts (Go's zero time as endsAt). */
function firingGroup(): Record<string, unknown> & { alerts: WebhookAlert[] } {
  return {
    receiver: 'change-audit',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: {
          alertname: 'HighErrorRate',
          service: 'checkout-api',
          job: 'kubernetes-pods',
          env: 'production',
          namespace: 'checkout',
          region: 'eu-west-1',
          cluster: 'prod-eu-west-1-a',
          severity: 'critical',
        },
        annotations: {
          summary: 'checkout-api 5xx ratio above 5%',
          runbook_url: 'https://runbooks.example.com/checkout-api/high-error-rate',
        },
        startsAt: '2026-11-14T13:42:07.318465912Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL:
          'http://prometheus-0:9090/graph?g0.expr=job%3Acheckout_errors%3Aratio5m+%3E+0.05&g0.tab=1',
        fingerprint: 'a3f1c9e07d5b2e64',
      },
      {
        status: 'firing',
        labels: {
          alertname: 'HighErrorRate',
          job: 'payments-api',
          environment: 'production',
          region: 'eu-west-1',
          severity: 'critical',
        },
        annotations: {},
        startsAt: '2026-11-14T13:43:37.001Z',
        endsAt: '2026-11-14T13:51:37.001Z',
        generatorURL: '',
        fingerprint: '5d1e8b7a90c34f26',
      },
    ],
    groupLabels: { alertname: 'HighErrorRate' },
    commonLabels: { alertname: 'HighErrorRate', region: 'eu-west-1', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager-0:9093',
    version: '4',
    groupKey: GROUP_KEY,
    truncatedAlerts: 0,
  };
}

function mapped(result: AlertmanagerMapping) {
  if (!result.ok) throw new Error(`expected a mapping, got ${JSON.stringify(result.errors)}`);
  return { ...result, events: result.mapped.map(({ event }) => event) };
}

describe('mapAlertmanagerWebhook', () => {
  it('maps every alert of a group to a contract-valid alert event', () => {
    const { events, rejected } = mapped(mapAlertmanagerWebhook(firingGroup()));
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(2);
    for (const event of events) expect(contract.check(event)).toEqual({ ok: true, value: event });
    expect(events[0]).toEqual({
      fingerprint: 'a3f1c9e07d5b2e64',
      source: 'alertmanager',
      status: 'firing',
      startsAt: '2026-11-14T13:42:07.318465912Z',
      name: 'HighErrorRate',
      severity: 'critical',
      environment: 'production',
      service: 'checkout-api',
      region: 'eu-west-1',
      cluster: 'prod-eu-west-1-a',
      groupKey: GROUP_KEY,
      labels: firingGroup().alerts[0]?.labels,
      annotations: firingGroup().alerts[0]?.annotations,
      generatorURL: firingGroup().alerts[0]?.generatorURL,
    });
  });

  it('leaves endsAt out of a firing alert, both the zero time and the provisional resolve-timeout end', () => {
    const { events } = mapped(mapAlertmanagerWebhook(firingGroup()));
    expect(events.map((e) => e.endsAt)).toEqual([undefined, undefined]);
  });

  it('takes service, environment and region from the first label present, in the default order', () => {
    const { events } = mapped(mapAlertmanagerWebhook(firingGroup()));
    // service wins over job; env over namespace.
    expect(events[0]).toMatchObject({ service: 'checkout-api', environment: 'production' });
    // No service label: job; no env: environment.
    expect(events[1]).toMatchObject({
      service: 'payments-api',
      environment: 'production',
      region: 'eu-west-1',
    });
    expect(DEFAULT_ALERT_LABEL_MAPPING.service).toEqual(['service', 'job', 'app']);
    expect(DEFAULT_ALERT_LABEL_MAPPING.environment).toEqual(['env', 'environment', 'namespace']);
  });

  it('takes a call-edge alert (service-graph client and server labels) as an alert on the called service', () => {
    // A rule on the OpenTelemetry service-graph metrics: the series carry the collector's job, no service.
    const edgeAlert = (labels: Record<string, string>) => {
      const group = firingGroup();
      const [first] = group.alerts;
      if (first === undefined) throw new Error('firingGroup has alerts');
      return { ...group, alerts: [{ ...first, labels }] };
    };
    const labels = {
      alertname: 'ServiceGraphEdgeErrorRatio',
      client: 'checkout',
      server: 'payments',
      connection_type: '',
      job: 'otel-collector',
      instance: 'otel-collector-0:8889',
      env: 'production',
    };
    const [event] = mapped(mapAlertmanagerWebhook(edgeAlert(labels))).events;
    expect(event).toMatchObject({ service: 'payments', labels });
    expect(event === undefined ? false : contract.check(event).ok).toBe(true);
    // The server label alone is some other use of the name (a host): the service labels decide.
    const serverOnly: Record<string, string> = { ...labels };
    delete serverOnly['client'];
    expect(mapped(mapAlertmanagerWebhook(edgeAlert(serverOnly))).events[0]).toMatchObject({
      service: 'otel-collector',
    });
    // A rule that names its service explicitly keeps it; job (the collector's) does not.
    expect(
      mapped(mapAlertmanagerWebhook(edgeAlert({ ...labels, service: 'checkout' }))).events[0],
    ).toMatchObject({ service: 'checkout' });
    // An empty client label is no client either.
    expect(mapped(mapAlertmanagerWebhook(edgeAlert({ ...labels, client: '' }))).events[0]).toMatchObject({
      service: 'otel-collector',
    });
    // Other label names for the edge, or none read at all.
    const renamed = {
      ...labels,
      client: '',
      server: '',
      source_workload: 'cart',
      destination_workload: 'redis',
    };
    const withLabels = (edge: { client: string; server: string } | undefined) => ({
      ...DEFAULT_ALERTMANAGER_MAPPING,
      labels: { ...DEFAULT_ALERT_LABEL_MAPPING, edge },
    });
    expect(
      mapped(
        mapAlertmanagerWebhook(
          edgeAlert(renamed),
          withLabels({ client: 'source_workload', server: 'destination_workload' }),
        ),
      ).events[0],
    ).toMatchObject({ service: 'redis' });
    expect(mapped(mapAlertmanagerWebhook(edgeAlert(labels), withLabels(undefined))).events[0]).toMatchObject({
      service: 'otel-collector',
    });
  });

  it('omits an empty generatorURL and empty annotations rather than sending invalid values', () => {
    const { events } = mapped(mapAlertmanagerWebhook(firingGroup()));
    expect(events[1]).not.toHaveProperty('generatorURL');
    expect(events[1]).not.toHaveProperty('annotations');
  });

  it('maps a resolved alert with its end, closing the same instance', () => {
    const payload = firingGroup();
    const first = payload.alerts[0];
    if (first === undefined) throw new Error('unreachable');
    const resolved = {
      ...payload,
      status: 'resolved',
      alerts: [{ ...first, status: 'resolved', endsAt: '2026-11-14T14:03:37.318465912Z' }],
    };
    const [firing] = mapped(mapAlertmanagerWebhook(payload)).events;
    const [closing] = mapped(mapAlertmanagerWebhook(resolved)).events;
    if (firing === undefined || closing === undefined) throw new Error('expected events');
    expect(closing).toMatchObject({ status: 'resolved', endsAt: '2026-11-14T14:03:37.318465912Z' });
    expect(contract.check(closing).ok).toBe(true);
    expect(alertEventId(closing)).not.toBe(alertEventId(firing));
    expect(alertEventId(closing).startsWith(alertEventId(firing).replace(/:firing$/, ''))).toBe(true);
  });

  it('gives the same event ids when Alertmanager repeats the notification (repeats are no-ops)', () => {
    const once = mapped(mapAlertmanagerWebhook(firingGroup())).events.map(alertEventId);
    const repeat = firingGroup();
    // A repeat carries the same alerts, possibly with a fresher provisional end and annotations.
    const second = repeat.alerts[1];
    if (second === undefined) throw new Error('unreachable');
    repeat.alerts[1] = { ...second, endsAt: '2026-11-14T14:10:00Z', annotations: { value: '0.12' } };
    const again = mapped(mapAlertmanagerWebhook(repeat)).events.map(alertEventId);
    expect(again).toEqual(once);
  });

  it('rejects a resolved alert without an end, naming the field, and maps the others', () => {
    const payload = firingGroup();
    const second = payload.alerts[1];
    if (second === undefined) throw new Error('unreachable');
    payload.alerts[1] = { ...second, status: 'resolved', endsAt: '0001-01-01T00:00:00Z' };
    const { events, rejected } = mapped(mapAlertmanagerWebhook(payload));
    expect(events).toHaveLength(1);
    expect(rejected).toEqual([
      {
        index: 1,
        errors: [{ field: '/alerts/1/endsAt', message: '/alerts/1/endsAt is required for a resolved alert' }],
      },
    ]);
  });

  it.each([
    ['no alertname', { labels: { service: 'x', env: 'prod' } }, '/alerts/0/labels/alertname'],
    [
      'a label that is not a string',
      { labels: { alertname: 'A', env: 'prod', replicas: 3 } },
      '/alerts/0/labels/replicas',
    ],
    ['no fingerprint', { fingerprint: undefined }, '/alerts/0/fingerprint'],
    ['startsAt the zero time', { startsAt: '0001-01-01T00:00:00Z' }, '/alerts/0/startsAt'],
    ['an unknown status', { status: 'pending' }, '/alerts/0/status'],
    ['no environment label', { labels: { alertname: 'A', service: 'x' } }, '/alerts/0/labels'],
  ])('rejects an alert with %s, naming %s', (_what, override, field) => {
    const payload = firingGroup();
    const first = payload.alerts[0];
    if (first === undefined) throw new Error('unreachable');
    const alert: Record<string, unknown> = { ...first, ...override };
    const { rejected } = mapped(mapAlertmanagerWebhook({ ...payload, alerts: [alert] }));
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.errors.map((e) => e.field)).toContain(field);
    expect(rejected[0]?.errors.find((e) => e.field === field)?.message).toContain(field);
  });

  it.each([
    ['a payload of another version', { version: '3' }, '/version'],
    ['a payload without version', { version: undefined }, '/version'],
    ['alerts that are not an array', { alerts: {} }, '/alerts'],
    ['a groupKey that is not a string', { groupKey: 42 }, '/groupKey'],
  ])('refuses %s as a whole, naming %s', (_what, override, field) => {
    const result = mapAlertmanagerWebhook({ ...firingGroup(), ...override });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toContain(field);
  });

  it('keeps each mapped alert with its position in the webhook, around the rejected ones', () => {
    const payload = firingGroup();
    const [first] = payload.alerts;
    if (first === undefined) throw new Error('unreachable');
    // Every third alert lacks its fingerprint.
    const alerts = Array.from({ length: MAX_ALERTS_PER_NOTIFICATION }, (_, i) => ({
      ...first,
      fingerprint: i % 3 === 1 ? '' : `fp-${i}`,
    }));
    const result = mapped(mapAlertmanagerWebhook({ ...payload, alerts }));
    expect(result.rejected.map((r) => r.index)).toEqual(alerts.flatMap((_, i) => (i % 3 === 1 ? [i] : [])));
    expect(result.mapped.map(({ index, event }) => [index, event.fingerprint])).toEqual(
      alerts.flatMap((_, i) => (i % 3 === 1 ? [] : [[i, `fp-${i}`]])),
    );
  });

  it('refuses a notification over the cap as a whole, naming the count, the cap and max_alerts', () => {
    const alerts = Array.from({ length: MAX_ALERTS_PER_NOTIFICATION + 1 }, () => 'not even an alert');
    expect(mapAlertmanagerWebhook({ ...firingGroup(), alerts })).toEqual({
      ok: false,
      errors: [
        {
          field: '/alerts',
          message:
            '/alerts has 1001 alerts; at most 1000 per notification ' +
            '(set max_alerts: 1000 or less on the Alertmanager receiver)',
        },
      ],
    });
    const few = mapAlertmanagerWebhook(firingGroup(), { ...DEFAULT_ALERTMANAGER_MAPPING, maxAlerts: 1 });
    expect(few.ok ? [] : few.errors.map((e) => e.message)).toEqual([
      '/alerts has 2 alerts; at most 1 per notification (set max_alerts: 1 or less on the Alertmanager receiver)',
    ]);
  });

  it('refuses a notification without alerts', () => {
    expect(mapAlertmanagerWebhook({ ...firingGroup(), alerts: [] })).toEqual({
      ok: false,
      errors: [{ field: '/alerts', message: '/alerts must have at least one alert' }],
    });
  });

  it('refuses a body that is not an object', () => {
    expect(mapAlertmanagerWebhook([firingGroup()])).toEqual({
      ok: false,
      errors: [{ field: '', message: 'message must be an Alertmanager webhook object' }],
    });
  });

  it("accepts Grafana's superset of the payload (orgId, silenceURL, values) and ignores the extras", () => {
    const grafana = {
      ...firingGroup(),
      orgId: 1,
      alerts: firingGroup().alerts.map((a) => ({
        ...a,
        silenceURL: 'https://grafana.example.com/silence',
        values: { B: 44.2 },
      })),
    };
    const { events, rejected } = mapped(mapAlertmanagerWebhook(grafana));
    expect(rejected).toEqual([]);
    for (const event of events) expect(contract.check(event).ok).toBe(true);
  });

  it('follows a configured label mapping, source and default environment', () => {
    const payload = {
      version: '4',
      groupKey: '{}:{alertname="Lag"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'Lag', component: 'orders-db', dc: 'fra1', priority: 'P2' },
          annotations: {},
          startsAt: '2026-11-14T10:00:00+01:00',
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: '0b9e4f22a1c87d13',
        },
      ],
    };
    const options = {
      ...DEFAULT_ALERTMANAGER_MAPPING,
      source: 'alertmanager-fra',
      defaultEnvironment: 'production',
      labels: { ...DEFAULT_ALERT_LABEL_MAPPING, service: ['component'], region: ['dc'] },
    };
    const [event] = mapped(mapAlertmanagerWebhook(payload, options)).events;
    expect(event).toMatchObject({
      source: 'alertmanager-fra',
      service: 'orders-db',
      region: 'fra1',
      environment: 'production',
      severity: 'high',
      startsAt: '2026-11-14T10:00:00+01:00',
    });
    expect(event === undefined ? false : contract.check(event).ok).toBe(true);
  });
});

describe('normalizeSeverity', () => {
  it.each([
    ['critical', 'critical'],
    ['page', 'critical'],
    ['P1', 'critical'],
    ['SEV-1', 'critical'],
    ['error', 'high'],
    ['major', 'high'],
    ['warning', 'warning'],
    ['warn', 'warning'],
    ['minor', 'warning'],
    ['info', 'info'],
    ['none', 'info'],
    [' Low ', 'info'],
  ] as const)('maps %j to %s', (label, severity) => {
    expect(normalizeSeverity(label)).toBe(severity);
  });

  it('does not guess an unknown value (the mapping then uses its default)', () => {
    expect(normalizeSeverity('spicy')).toBeUndefined();
    expect(normalizeSeverity(undefined)).toBeUndefined();
    const payload = firingGroup();
    const first = payload.alerts[0];
    if (first === undefined) throw new Error('unreachable');
    const alerts = [{ ...first, labels: { ...first.labels, severity: 'spicy' } }];
    const [event] = mapped(mapAlertmanagerWebhook({ ...payload, alerts })).events;
    expect(event?.severity).toBe(DEFAULT_ALERTMANAGER_MAPPING.defaultSeverity);
    expect(event?.labels?.['severity']).toBe('spicy');
  });
});

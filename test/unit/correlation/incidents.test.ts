import fc from 'fast-check';
import {
  alertsLinked,
  DEFAULT_INCIDENT_GROUPING,
  groupIncidents,
} from '../../../src/correlation/domain/incidents';
import { ServiceGraph } from '../../../src/correlation/domain/topology';
import { alert, shopGraph } from './support';

const graph = shopGraph();
const keysOf = (incidents: ReturnType<typeof groupIncidents>) =>
  incidents.map((i) => i.alerts.map((a) => a.key));

describe('groupIncidents', () => {
  it('groups alerts on connected services that start close in time, transitively', () => {
    const incidents = groupIncidents(
      [
        alert('db', 0, { service: 'payments-db' }),
        alert('checkout', 4, { service: 'checkout' }),
        alert('web', 12, { service: 'web' }),
        alert('ledger', 5, { service: 'ledger' }),
      ],
      graph,
    );
    // web is 12 min after the db alert but 8 after checkout: it joins through checkout.
    expect(keysOf(incidents)).toEqual([['db', 'checkout', 'web'], ['ledger']]);
    expect(incidents[0]).toMatchObject({ id: 'db', services: ['checkout', 'payments-db', 'web'] });
  });

  it('keeps apart connected services alerting far apart in time', () => {
    const incidents = groupIncidents(
      [alert('checkout', 0, { service: 'checkout' }), alert('payments', 25, { service: 'payments' })],
      graph,
    );
    expect(incidents).toHaveLength(2);
  });

  it('groups alerts sharing a group key over a longer window, but not across sources', () => {
    const groupKey = '{}:{alertname="HighErrorRate"}';
    const a = alert('a', 0, { service: 'catalog', groupKey });
    const b = alert('b', 45, { service: 'ledger', groupKey });
    const c = alert('c', 50, { service: 'billing', groupKey, source: 'grafana' });
    expect(keysOf(groupIncidents([a, b, c], graph))).toEqual([['a', 'b'], ['c']]);
    expect(keysOf(groupIncidents([a, alert('late', 90, { service: 'ledger', groupKey })], graph))).toEqual([
      ['a'],
      ['late'],
    ]);
  });

  it('never groups across environments or regions', () => {
    const prod = alert('prod', 0, { service: 'checkout' });
    expect(
      alertsLinked(prod, alert('staging', 1, { service: 'checkout', environment: 'staging' }), graph),
    ).toBe(false);
    expect(alertsLinked(prod, alert('us', 1, { service: 'checkout', region: 'us-east-1' }), graph)).toBe(
      false,
    );
    expect(alertsLinked(prod, alert('global', 1, { service: 'payments', region: undefined }), graph)).toBe(
      true,
    );
  });

  it('links two callers of the same dependency, unless that dependency is a hub', () => {
    const edges = [
      { caller: 'checkout', dependency: 'ledger' },
      { caller: 'refunds', dependency: 'ledger' },
      ...Array.from({ length: 12 }, (_, i) => ({ caller: `svc-${i}`, dependency: 'auth' })),
    ];
    const withHub = ServiceGraph.fromEdges(edges);
    expect(
      alertsLinked(alert('a', 0, { service: 'checkout' }), alert('b', 2, { service: 'refunds' }), withHub),
    ).toBe(true);
    expect(
      alertsLinked(alert('a', 0, { service: 'svc-1' }), alert('b', 2, { service: 'svc-2' }), withHub),
    ).toBe(false);
  });

  it('groups an alert without a service only by group key', () => {
    const node = alert('node', 0, { name: 'KubeNodeNotReady' });
    expect(groupIncidents([node, alert('checkout', 1, { service: 'checkout' })], graph)).toHaveLength(2);
  });

  it('gives the same incidents whatever the order of the alerts, counting duplicates once', () => {
    const alerts = [
      alert('db', 0, { service: 'payments-db' }),
      alert('checkout', 4, { service: 'checkout' }),
      alert('web', 12, { service: 'web' }),
      alert('catalog', 5, { service: 'catalog' }),
      alert('search', 9, { service: 'search' }),
      alert('cart', 30, { service: 'cart' }),
    ];
    const expected = groupIncidents(alerts, graph);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(alerts, { minLength: alerts.length }),
        fc.subarray(alerts),
        (order, dupes) => {
          expect(groupIncidents([...order, ...dupes], graph)).toEqual(expected);
        },
      ),
    );
  });

  it('uses a 10-minute window and 3 hops by default', () => {
    expect(DEFAULT_INCIDENT_GROUPING).toMatchObject({ windowMs: 600_000, maxHops: 3 });
  });
});

import {
  candidateQuery,
  DEFAULT_CORRELATION_OPTIONS as OPTIONS,
  exposureFor,
  relationTo,
  selectCandidates,
} from '../../../src/correlation/domain/candidates';
import { ServiceGraph } from '../../../src/correlation/domain/topology';
import { alert, change, HOUR, MINUTE, shopGraph, T } from './support';

const graph = shopGraph();
const onCheckout = alert('a1', 0, { service: 'checkout', cluster: 'prod-eu-west-1-a' });

describe('relationTo', () => {
  it.each([
    ['checkout', { type: 'same_service', service: 'checkout' }],
    ['payments', { type: 'dependency', service: 'payments', hops: 1, via: [], alertingVia: [] }],
    [
      'payments-db',
      { type: 'dependency', service: 'payments-db', hops: 2, via: ['payments'], alertingVia: [] },
    ],
    ['web', { type: 'caller', service: 'web', hops: 1, via: [] }],
  ])('a change on %s', (service, relation) => {
    expect(relationTo(onCheckout, change('c', 5, { service }), graph, OPTIONS)).toEqual(relation);
  });

  it('counts a change without a service as broad', () => {
    expect(relationTo(onCheckout, change('c', 5, { kind: 'infra' }), graph, OPTIONS)).toEqual({
      type: 'broad',
    });
  });

  it('leaves out unrelated services, callers further than allowed, and service changes for a service-less alert', () => {
    expect(relationTo(onCheckout, change('c', 5, { service: 'catalog' }), graph, OPTIONS)).toBeUndefined();
    const onPayments = alert('a2', 0, { service: 'payments' });
    expect(relationTo(onPayments, change('c', 5, { service: 'web' }), graph, OPTIONS)).toBeUndefined();
    const clusterAlert = alert('a3', 0, { cluster: 'prod-eu-west-1-a' });
    expect(relationTo(clusterAlert, change('c', 5, { service: 'checkout' }), graph, OPTIONS)).toBeUndefined();
  });
});

describe('exposureFor', () => {
  const same = { type: 'same_service', service: 'checkout' } as const;
  const waves = change('waves', 60, {
    service: 'checkout',
    phase: 'progressed',
    finishedAt: undefined,
    steps: [
      {
        at: T - 60 * MINUTE,
        phase: 'started',
        region: 'us-east-1',
        rollout: { stage: 'wave', batch: 1, totalBatches: 3 },
      },
      {
        at: T - 7 * MINUTE,
        phase: 'progressed',
        region: 'eu-west-1',
        rollout: { stage: 'wave', batch: 2, totalBatches: 3 },
      },
      {
        at: T + 20 * MINUTE,
        phase: 'progressed',
        region: 'ap-southeast-2',
        rollout: { stage: 'wave', batch: 3, totalBatches: 3 },
      },
    ],
  });

  it('is the rollout step that reached the alert region, not the change start', () => {
    const exposure = exposureFor(onCheckout, waves, same, OPTIONS);
    expect(exposure?.at).toBe(T - 7 * MINUTE);
    expect(exposure?.step?.rollout?.batch).toBe(2);
    expect(exposure?.region).toBe('eu-west-1');
  });

  it('is undefined when the change had not reached the alert region by then', () => {
    const inSydney = alert('a', 0, { service: 'checkout', region: 'ap-southeast-2' });
    expect(exposureFor(inSydney, waves, same, OPTIONS)).toBeUndefined();
  });

  it("prefers a step in the alert's cluster, and treats a step without cluster as covering its region", () => {
    const canary = change('canary', 40, {
      service: 'checkout',
      steps: [
        {
          at: T - 40 * MINUTE,
          phase: 'started',
          region: 'eu-west-1',
          cluster: 'prod-eu-west-1-a',
          rollout: { stage: 'canary', percent: 5 },
        },
        {
          at: T - 10 * MINUTE,
          phase: 'progressed',
          region: 'eu-west-1',
          cluster: 'prod-eu-west-1-b',
          rollout: { stage: 'canary', percent: 25 },
        },
        {
          at: T - 4 * MINUTE,
          phase: 'progressed',
          region: 'eu-west-1',
          rollout: { stage: 'full', percent: 100 },
        },
      ],
    });
    const exposure = exposureFor(onCheckout, canary, same, OPTIONS);
    expect(exposure?.at).toBe(T - 4 * MINUTE);
    expect(exposure?.cluster).toBeUndefined();
    const beforeFull = { ...canary, steps: canary.steps.slice(0, 2) };
    expect(exposureFor(onCheckout, beforeFull, same, OPTIONS)?.cluster).toBe('prod-eu-west-1-a');
  });

  it('prefers the step before the alert over one just after it (only the skew allowance lets that count)', () => {
    const steps = change('late-step', 9, {
      service: 'checkout',
      steps: [
        { at: T - 9 * MINUTE, phase: 'started', region: 'eu-west-1' },
        { at: T + 40_000, phase: 'progressed', region: 'eu-west-1', rollout: { percent: 50 } },
      ],
    });
    expect(exposureFor(onCheckout, steps, same, OPTIONS)?.at).toBe(T - 9 * MINUTE);
  });

  it('uses the start and region of the read-model row when the steps are not known', () => {
    expect(exposureFor(onCheckout, change('row', 12, { service: 'checkout' }), same, OPTIONS)).toEqual({
      at: T - 12 * MINUTE,
      region: 'eu-west-1',
      cluster: undefined,
    });
    expect(
      exposureFor(onCheckout, change('row', 12, { service: 'checkout', region: 'us-east-1' }), same, OPTIONS),
    ).toBeUndefined();
  });
});

describe('selectCandidates', () => {
  const ids = (changes: Parameters<typeof selectCandidates>[1]) =>
    selectCandidates(onCheckout, changes, graph, OPTIONS).map((c) => c.change.changeId);

  it('keeps changes started within the lookback before the alert, or within the skew allowance after it', () => {
    expect(
      ids([
        change('3h-before', 180, { service: 'checkout' }),
        change('5h-before', 300, { service: 'checkout' }),
        change('4-min-after', -4, { service: 'checkout' }),
        change('6-min-after', -6, { service: 'checkout' }),
      ]),
    ).toEqual(['3h-before', '4-min-after']);
  });

  it('keeps a long change still active in the lookback, but not one left unfinished for days', () => {
    expect(
      ids([
        change('migration-6h', 360, {
          service: 'payments-db',
          kind: 'database',
          finishedAt: T - 30 * MINUTE,
        }),
        change('stuck-2d', 48 * 60, { service: 'checkout', phase: 'started', finishedAt: undefined }),
        change('ended-5h-ago', 400, { service: 'checkout', finishedAt: T - 5 * HOUR }),
      ]),
    ).toEqual(['migration-6h']);
  });

  it('keeps the alerting service, its dependencies, a direct caller and broad changes; leaves out the rest', () => {
    expect(
      ids([
        change('self', 10, { service: 'checkout' }),
        change('dep', 10, { service: 'payments-db' }),
        change('caller', 10, { service: 'web' }),
        change('broad', 10, { kind: 'infra' }),
        change('unrelated', 10, { service: 'catalog' }),
        change('staging', 10, { service: 'checkout', environment: 'staging' }),
        change('other-region', 10, { service: 'checkout', region: 'us-east-1' }),
      ]),
    ).toEqual(['self', 'dep', 'caller', 'broad']);
  });
});

describe('candidateQuery', () => {
  it('names the services and time range a read-model query must cover', () => {
    const query = candidateQuery(onCheckout, graph, OPTIONS);
    expect(query.services).toEqual([
      'cart',
      'cart-db',
      'checkout',
      'mobile',
      'payments',
      'payments-db',
      'web',
    ]);
    expect(query.environment).toBe('production');
    expect(query.startedFrom).toBe(T - OPTIONS.maxActiveMs);
    expect(query.activeFrom).toBe(T - OPTIONS.lookbackMs);
    // Rollbacks after the alert are read too: they mark what they revert.
    expect(query.startedTo).toBeGreaterThan(T + OPTIONS.clockSkewMs);
  });
});

describe('incident peers: alerting services the topology does not connect', () => {
  // catalog is neither a dependency nor a caller of checkout; orders shares payments with it.
  const onCatalog = alert('peer', -1, { service: 'catalog', name: 'HighLatencyP99' });
  const catalogDeploy = change('cat', 5, { service: 'catalog' });

  it('makes a change on a service alerting around the alert a candidate, after the change reached it', () => {
    expect(selectCandidates(onCheckout, [catalogDeploy], graph, OPTIONS)).toEqual([]);
    const [candidate] = selectCandidates(onCheckout, [catalogDeploy], graph, OPTIONS, [onCatalog]);
    expect(candidate?.relation).toEqual({
      type: 'incident_peer',
      service: 'catalog',
      alerts: ['HighLatencyP99'],
      alertingCallers: [],
    });
  });

  it('not when the peer was alerting before the change, or outside the window, region or environment', () => {
    const before = alert('early', -8, { service: 'catalog' });
    expect(selectCandidates(onCheckout, [catalogDeploy], graph, OPTIONS, [before])).toEqual([]);
    const outside = [
      alert('old', -15, { service: 'catalog' }),
      alert('late', 5, { service: 'catalog' }),
      alert('elsewhere', -1, { service: 'catalog', region: 'us-east-1' }),
      alert('staging', -1, { service: 'catalog', environment: 'staging' }),
    ];
    const old = change('cat-old', 30, { service: 'catalog' });
    expect(selectCandidates(onCheckout, [catalogDeploy, old], graph, OPTIONS, outside)).toEqual([]);
  });

  it("not when a fresh change the graph connects explains the peer's alert too", () => {
    const onOrders = alert('orders', -1, { service: 'orders' });
    const ordersDeploy = change('ord', 6, { service: 'orders' });
    const paymentsDeploy = change('pay', 8, { service: 'payments' });
    const staleDeploy = change('pay-old', 120, { service: 'payments' });
    const ids = (changes: Parameters<typeof selectCandidates>[1]) =>
      selectCandidates(onCheckout, changes, graph, OPTIONS, [onOrders]).map((c) => c.change.changeId);
    expect(ids([ordersDeploy, paymentsDeploy])).toEqual(['pay']);
    // A change on payments two hours earlier explains nothing that began now: orders' change stays.
    expect(ids([ordersDeploy, staleDeploy]).sort()).toEqual(['ord', 'pay-old']);
  });

  it('makes a change on a silent service a candidate when two of its callers the graph does not connect alert after it', () => {
    // inventory-db has no alert rules; billing and shipping call it, and neither is connected to checkout.
    const edges = [
      ['web', 'checkout'],
      ['checkout', 'payments'],
      ['billing', 'inventory-db'],
      ['shipping', 'inventory-db'],
    ].map(([caller, dependency]) => ({ caller: caller ?? '', dependency: dependency ?? '' }));
    const g = ServiceGraph.fromEdges(edges);
    const dbConfig = change('db', 4, { service: 'inventory-db', kind: 'config' });
    const onBilling = alert('billing', -2, { service: 'billing' });
    const onShipping = alert('shipping', 1, { service: 'shipping' });
    const [candidate] = selectCandidates(onCheckout, [dbConfig], g, OPTIONS, [onBilling, onShipping]);
    expect(candidate?.relation).toEqual({
      type: 'incident_peer',
      service: 'inventory-db',
      alerts: [],
      alertingCallers: ['billing', 'shipping'],
    });
    // One alerting caller is as likely its own trouble: no candidate.
    expect(selectCandidates(onCheckout, [dbConfig], g, OPTIONS, [onBilling])).toEqual([]);
    // Callers alerting before the change reached the region were not broken by it.
    const early = [alert('b', -9, { service: 'billing' }), alert('s', -8, { service: 'shipping' })];
    expect(selectCandidates(onCheckout, [dbConfig], g, OPTIONS, early)).toEqual([]);
  });

  it('reads the changes of the peers too', () => {
    expect(candidateQuery(onCheckout, graph, OPTIONS).services).not.toContain('catalog');
    expect(candidateQuery(onCheckout, graph, OPTIONS, [onCatalog]).services).toContain('catalog');
  });
});

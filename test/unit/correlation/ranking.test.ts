import { DEFAULT_CORRELATION_OPTIONS, selectCandidates } from '../../../src/correlation/domain/candidates';
import type { CorrelationAlert, CorrelationChange } from '../../../src/correlation/domain/inputs';
import {
  corroborate,
  changeKey,
  clusterAlertingAround,
  findReverted,
  firstReach,
  incidentPeers,
  rankAlertSuspects,
  trainingCandidate,
  rankIncidentSuspects,
  resolvedBefore,
} from '../../../src/correlation/domain/ranking';
import { alertCoverage } from '../../../src/correlation/domain/coverage';
import { ServiceGraph } from '../../../src/correlation/domain/topology';
import { factorWeight, MAX_DELAY_OFFSET, PRIOR_WEIGHTS } from '../../../src/correlation/domain/weights';
import { DELAY_CELLS, delayCell, delayProfileFromCells } from '../../../src/correlation/domain/delay-profile';
import { alert, change, MINUTE, shopGraph, T } from './support';

const graph = shopGraph();
const checkoutAlert = alert('checkout-errors', 0, { service: 'checkout', cluster: 'prod-eu-west-1-a' });

/** A migration on payments-db breaks payments, which breaks checkout; meanwhile checkout itself changes. */
function paymentsDbIncident() {
  const changes = [
    change('migration', 8, {
      service: 'payments-db',
      kind: 'database',
      source: 'flyway',
      phase: 'rolled_back',
      finishedAt: T + 12 * MINUTE,
    }),
    change('checkout-config', 25, { service: 'checkout', kind: 'config', source: 'consul' }),
    change('checkout-autoscale', 2, {
      service: 'checkout',
      kind: 'scaling',
      source: 'karpenter',
      actorType: 'automation',
      cluster: 'prod-eu-west-1-a',
    }),
    change('cart-deploy', 180, { service: 'cart' }),
    change('checkout-staging', 5, { service: 'checkout', environment: 'staging' }),
    change('infra-us', 6, { kind: 'infra', region: 'us-east-1' }),
  ];
  const alerts = [
    checkoutAlert,
    alert('db-slow', -3, { service: 'payments-db', name: 'SlowQueries', severity: 'high' }),
    alert('orders-errors', 1, { service: 'orders', severity: 'high' }),
  ];
  return { changes, alerts };
}

describe('rankAlertSuspects', () => {
  it('puts the faulty dependency change first, ahead of the most recent change on the alerting service', () => {
    const { changes, alerts } = paymentsDbIncident();
    const ranking = rankAlertSuspects({ alert: checkoutAlert, changes, graph, alerts });
    // The autoscaler's action completed a minute after the alert started: not raised for having been in
    // progress, it falls behind the configuration change.
    expect(ranking.suspects.map((s) => s.changeId)).toEqual([
      'migration',
      'checkout-config',
      'checkout-autoscale',
      'cart-deploy',
    ]);
    const [first] = ranking.suspects;
    expect(first?.reasons).toEqual([
      'started 8 min before the alert on a dependency 2 hops away (payments-db, via payments)',
      'rolled back 12 min after the alert started',
      'payments-db is alerting too (SlowQueries); 1 other alerting service depends on payments-db (orders)',
      'the strongest of 4 candidate changes',
    ]);
    expect(first?.relation).toMatchObject({ type: 'dependency', service: 'payments-db', hops: 2 });
  });

  it('explains why the others rank lower', () => {
    const { changes, alerts } = paymentsDbIncident();
    const ranking = rankAlertSuspects({ alert: checkoutAlert, changes, graph, alerts });
    const byId = new Map(ranking.suspects.map((s) => [s.changeId, s]));
    expect(byId.get('checkout-autoscale')?.reasons).toContain(
      'an automatic scaling action (more often a reaction to load than a cause)',
    );
    expect(byId.get('checkout-config')?.reasons).toContain(
      "does not explain the incident's alerts on orders and payments-db",
    );
    expect(byId.get('cart-deploy')?.reasons[0]).toBe(
      'started 3 h before the alert on a direct dependency (cart)',
    );
  });

  it('scores are shares: between 0 and 1, decreasing, and summing with "no change" to 1', () => {
    const { changes, alerts } = paymentsDbIncident();
    const ranking = rankAlertSuspects({ alert: checkoutAlert, changes, graph, alerts });
    const scores = ranking.suspects.map((s) => s.score);
    for (const score of scores) expect(score).toBeGreaterThan(0);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(scores.reduce((a, b) => a + b, 0) + ranking.noChangeScore).toBeCloseTo(1);
    expect(scores[0]).toBeGreaterThan(0.5);
  });

  it('does not depend on the order changes and alerts are given in', () => {
    const { changes, alerts } = paymentsDbIncident();
    const forward = rankAlertSuspects({ alert: checkoutAlert, changes, graph, alerts });
    const backward = rankAlertSuspects({
      alert: checkoutAlert,
      changes: [...changes].reverse(),
      graph,
      alerts: [...alerts].reverse(),
    });
    expect(backward.suspects).toEqual(forward.suspects);
  });

  it('without other alerts, suspects a change on the alerting service first, when the timing is alike', () => {
    const { changes } = paymentsDbIncident();
    const alone = changes.map((c) =>
      c.changeId === 'migration'
        ? { ...c, phase: 'succeeded' as const, finishedAt: T - 5 * MINUTE }
        : c.changeId === 'checkout-config'
          ? { ...c, startedAt: T - 10 * MINUTE, finishedAt: T - 9 * MINUTE }
          : c,
    );
    const ranking = rankAlertSuspects({ alert: checkoutAlert, changes: alone, graph });
    expect(ranking.suspects[0]?.changeId).toBe('checkout-config');
  });

  it('prefers a change that reached the scope minutes before the alert to one long past its onset', () => {
    const { changes } = paymentsDbIncident();
    // The config push 25 min before would have shown long before the alert; the migration 8 min before fits.
    const alone = changes.map((c) =>
      c.changeId === 'migration' ? { ...c, phase: 'succeeded' as const, finishedAt: T - 5 * MINUTE } : c,
    );
    const ranking = rankAlertSuspects({ alert: checkoutAlert, changes: alone, graph });
    const order = ranking.suspects.map((s) => s.changeId);
    expect(order[0]).toBe('migration');
    expect(order.indexOf('checkout-config')).toBeGreaterThan(0);
  });

  it('suspects an infrastructure change in the alert cluster when unrelated services there alert too', () => {
    const changes = [
      change('node-pool-upgrade', 9, {
        kind: 'infra',
        source: 'terraform-cloud',
        cluster: 'prod-eu-west-1-a',
      }),
      change('checkout-flag', 12, { service: 'checkout', kind: 'feature_flag', region: undefined }),
    ];
    const alerts = [
      checkoutAlert,
      alert('catalog', 1, { service: 'catalog', cluster: 'prod-eu-west-1-a' }),
      alert('cart-db', 2, { service: 'cart-db', cluster: 'prod-eu-west-1-a' }),
      alert('node', -1, { name: 'KubeNodeNotReady', cluster: 'prod-eu-west-1-a' }),
    ];
    const ranking = rankAlertSuspects({ alert: checkoutAlert, changes, graph, alerts });
    expect(ranking.suspects[0]?.changeId).toBe('node-pool-upgrade');
    expect(ranking.suspects[0]?.reasons).toContain("confined to the alert's cluster (prod-eu-west-1-a)");
  });

  it("counts an alert naming no service in a broad change's scope as the scope itself alerting", () => {
    // The alerts carry no cluster: only the region tells which broad change they could follow.
    const searchAlert = alert('search-latency', 0, { service: 'search', severity: 'warning' });
    const changes = [
      change('lb-change', 10, { kind: 'infra', source: 'terraform-cloud', cluster: 'prod-eu-west-1-k8s' }),
      change('catalog-deploy', 12, { service: 'catalog' }),
    ];
    const withoutRegionAlert = [searchAlert];
    const regionAlert = alert('region-burn', 1, { name: 'RegionErrorBudgetBurn' });
    const before = rankAlertSuspects({ alert: searchAlert, changes, graph, alerts: withoutRegionAlert });
    expect(before.suspects[0]?.changeId).toBe('catalog-deploy');
    const after = rankAlertSuspects({
      alert: searchAlert,
      changes,
      graph,
      alerts: [...withoutRegionAlert, regionAlert],
    });
    expect(after.suspects[0]?.changeId).toBe('lb-change');
    expect(after.suspects[0]?.reasons).toContain(
      'its scope is alerting as a whole since it (RegionErrorBudgetBurn)',
    );
    // A change on one service does not explain the region's own alert.
    const catalog = after.suspects.find((s) => s.changeId === 'catalog-deploy');
    expect(catalog?.reasons.join('; ')).toContain(
      "does not explain the incident's alerts on RegionErrorBudgetBurn",
    );
  });

  it('reads an alert naming no cluster as in the cluster alerting as a whole around it, for a broad change there', () => {
    // A dependency's deploy that explains the services' alerts, against a load-balancer change confined to
    // the one cluster whose own alert burns: the alerts name no cluster, but that cluster is in trouble.
    const searchAlert = alert('search-latency', 0, { service: 'search', severity: 'warning' });
    const changes = [
      change('lb-change', 8, { kind: 'infra', source: 'terraform-cloud', cluster: 'prod-eu-west-1-k8s' }),
      change('catalog-deploy', 3, { service: 'catalog' }),
    ];
    const alerts = [searchAlert, alert('web-latency', 1, { service: 'web', severity: 'warning' })];
    const regionAlert = alert('region-burn', 1, {
      name: 'RegionErrorBudgetBurn',
      cluster: 'prod-eu-west-1-k8s',
    });
    const withoutIt = rankAlertSuspects({ alert: searchAlert, changes, graph, alerts });
    expect(withoutIt.suspects[0]?.changeId).toBe('catalog-deploy');
    const ranking = rankAlertSuspects({
      alert: searchAlert,
      changes,
      graph,
      alerts: [...alerts, regionAlert],
    });
    expect(ranking.suspects[0]?.changeId).toBe('lb-change');
    expect(ranking.suspects[0]?.reasons).toContain(
      'confined to prod-eu-west-1-k8s, which is alerting as a whole around the alert (RegionErrorBudgetBurn)',
    );
    // Two clusters of the region alerting leave the alert's cluster unknown.
    const twoClusters = [
      ...alerts,
      regionAlert,
      { ...regionAlert, key: 'other', cluster: 'prod-eu-west-1-data' },
    ];
    expect(clusterAlertingAround(searchAlert, twoClusters)).toBeUndefined();
    expect(clusterAlertingAround(searchAlert, [regionAlert])).toEqual({
      cluster: 'prod-eu-west-1-k8s',
      alerts: ['RegionErrorBudgetBurn'],
    });
  });

  it('leaves out alerts that resolved before the alert started: a past episode, not its incident', () => {
    // payments' earlier release broke checkout and was rolled back; its alerts resolved; the next release
    // breaks checkout again. The first episode's alerts share checkout's Alertmanager group.
    const alertNow = { ...checkoutAlert, groupKey: 'HighErrorRate/eu-west-1' };
    const changes = [
      change('payments-first', 35, {
        service: 'payments',
        phase: 'rolled_back',
        finishedAt: T - 18 * MINUTE,
      }),
      change('payments-second', 3, { service: 'payments' }),
    ];
    const pastEpisode = (key: string, service: string) =>
      alert(key, -30, {
        service,
        groupKey: alertNow.groupKey,
        status: 'resolved',
        endsAt: T - 12 * MINUTE,
      });
    const alerts = [
      alertNow,
      pastEpisode('payments-before', 'payments'),
      pastEpisode('checkout-before', 'checkout'),
      pastEpisode('web-before', 'web'),
      alert('payments-now', -1, { service: 'payments' }),
    ];
    const ranking = rankAlertSuspects({ alert: alertNow, changes, graph, alerts });
    expect(ranking.suspects.map((s) => s.changeId)).toEqual(['payments-second', 'payments-first']);
    expect(ranking.suspects[0]?.reasons.join('; ')).not.toContain('does not explain');
    expect(resolvedBefore(alerts[1] as CorrelationAlert, alertNow)).toBe(true);
    expect(resolvedBefore(alerts[4] as CorrelationAlert, alertNow)).toBe(false);
  });

  it('prefers the change a rollback reverted', () => {
    const changes = [
      change('deploy-v42', 15, { service: 'checkout', version: { from: 'v41', to: 'v42' } }),
      change('config', 10, { service: 'checkout', kind: 'config' }),
      change('rollback-to-v41', -8, {
        service: 'checkout',
        isRollback: true,
        version: { from: 'v42', to: 'v41' },
      }),
    ];
    const ranking = rankAlertSuspects({ alert: checkoutAlert, changes, graph });
    expect(ranking.suspects[0]?.changeId).toBe('deploy-v42');
    expect(ranking.suspects[0]?.reasons).toContain(
      'reverted by rollback-to-v41 8 min after the alert started',
    );
    // The rollback itself started after the skew allowance: it is no suspect.
    expect(ranking.suspects.map((s) => s.changeId)).not.toContain('rollback-to-v41');
  });

  it('has nothing to suggest when no change qualifies', () => {
    const ranking = rankAlertSuspects({
      alert: checkoutAlert,
      changes: [change('old', 600, { service: 'checkout' })],
      graph,
    });
    expect(ranking.suspects).toEqual([]);
    expect(ranking.noChangeScore).toBe(1);
  });

  it('ranks with learned factor weights when given them, names the version and says so in the reasons', () => {
    const { changes, alerts } = paymentsDbIncident();
    const priors = rankAlertSuspects({ alert: checkoutAlert, changes, graph, alerts });
    expect(priors.weights.version).toBe(0);
    // Topology counting four times over, outcome and corroboration not at all: the dependency's change
    // loses its lead to the changes on the alerting service.
    const weights = { ...PRIOR_WEIGHTS, topology: 4, corroboration: 0, outcome: 0 };
    const learned = rankAlertSuspects({
      alert: checkoutAlert,
      changes,
      graph,
      alerts,
      weights: { version: 3, weights },
    });
    expect(learned.weights).toEqual({ version: 3, weights });
    expect(learned.suspects[0]?.changeId).not.toBe(priors.suspects[0]?.changeId);
    expect(learned.suspects[0]?.reasons).toContain(
      'factors weighted by learned weights version 3: time 1, topology 4, scope 1, kind 1, outcome 0, corroboration 0',
    );
    for (const s of learned.suspects) {
      expect(s.likelihood).toBeCloseTo(
        s.factors.reduce((p, f) => p * f.weight ** factorWeight(weights, f.name), 1),
        12,
      );
    }
    expect(priors.suspects[0]?.reasons.join(' ')).not.toContain('learned weights');
  });

  it('adds the learned timing when the weights carry a delay profile, and records it for training', () => {
    const { changes, alerts } = paymentsDbIncident();
    const priors = rankAlertSuspects({ alert: checkoutAlert, changes, graph, alerts });
    expect(priors.suspects.every((s) => s.factors.every((f) => f.name !== 'timing'))).toBe(true);
    const last = priors.suspects[priors.suspects.length - 1];
    if (last === undefined || priors.suspects.length < 2) throw new Error('expected several suspects');
    // A profile that favours exactly the last suspect's kind and delay, strongly.
    const lastDelay = checkoutAlert.startsAt - last.exposureAt;
    const cells = new Array<number>(DELAY_CELLS).fill(0);
    cells[delayCell(last.change.kind, lastDelay)] = MAX_DELAY_OFFSET;
    const delays = delayProfileFromCells(cells);
    const learned = rankAlertSuspects({
      alert: checkoutAlert,
      changes,
      graph,
      alerts,
      weights: { version: 4, weights: PRIOR_WEIGHTS, delays },
    });
    const favoured = learned.suspects.find((s) => s.changeId === last.changeId);
    const timing = favoured?.factors.find((f) => f.name === 'timing');
    expect(timing?.weight).toBeCloseTo(Math.exp(MAX_DELAY_OFFSET), 12);
    expect(favoured?.likelihood).toBeCloseTo(last.likelihood * Math.exp(MAX_DELAY_OFFSET), 12);
    expect(favoured?.reasons.join(' ')).toContain(
      "reviewers' verdicts here make that timing more telling of a cause",
    );
    expect(favoured?.reasons.join(' ')).toContain('timing learned from the same verdicts');
    expect(favoured?.rank).toBeLessThan(last.rank);
    expect(trainingCandidate(last, checkoutAlert)).toEqual({
      source: last.change.source,
      changeId: last.changeId,
      factors: Object.fromEntries(last.factors.map((f) => [f.name, f.weight])),
      kind: last.change.kind,
      delayMs: lastDelay,
    });
  });
});

describe('corroborate', () => {
  const options = DEFAULT_CORRELATION_OPTIONS;
  const corroborationOf = (
    c: CorrelationChange,
    target: CorrelationAlert,
    alerts: readonly CorrelationAlert[],
  ) => {
    const [candidate] = selectCandidates(target, [c], graph, options);
    if (candidate === undefined) throw new Error(`${c.changeId} is no candidate`);
    const peers = incidentPeers(target, alerts, graph, options);
    return { candidate, corroboration: corroborate(candidate, target, alerts, peers, graph, options) };
  };

  it("counts the incident's alerts after a rollout's first step as explained, not only those after the step nearest the alert", () => {
    // A canary of payments that hurt from its first step: payments alerts 12 min after it, orders and
    // checkout later, checkout just after the next step.
    const canary = change('payments-canary', 30, {
      service: 'payments',
      phase: 'progressed',
      finishedAt: undefined,
      steps: [
        {
          at: T - 30 * MINUTE,
          phase: 'started',
          region: 'eu-west-1',
          rollout: { stage: 'canary', percent: 5 },
        },
        {
          at: T - 6 * MINUTE,
          phase: 'progressed',
          region: 'eu-west-1',
          rollout: { stage: 'canary', percent: 25 },
        },
      ],
    });
    const alerts = [
      checkoutAlert,
      alert('payments-latency', -18, { service: 'payments', name: 'HighLatencyP99' }),
      alert('orders-errors', -9, { service: 'orders' }),
    ];
    const { candidate, corroboration } = corroborationOf(canary, checkoutAlert, alerts);
    expect(candidate.exposure.at).toBe(T - 6 * MINUTE);
    expect(firstReach(candidate, checkoutAlert)).toBe(T - 30 * MINUTE);
    expect(corroboration.unexplainedInIncident).toEqual([]);
    expect(corroboration.onChangedService.map((a) => a.key)).toEqual(['payments-latency']);
  });

  it('still counts alerts that began before the change first reached the region as unexplained', () => {
    const late = change('payments-deploy', 6, { service: 'payments' });
    const alerts = [
      checkoutAlert,
      alert('payments-latency', -18, { service: 'payments', name: 'HighLatencyP99' }),
      alert('orders-errors', -9, { service: 'orders' }),
    ];
    // payments alerting 12 min before it, and orders 3 min before it: neither is its doing.
    expect(corroborationOf(late, checkoutAlert, alerts).corroboration.unexplainedInIncident).toEqual([
      'orders',
      'payments',
    ]);
  });

  it('allows a minute of clock disagreement, not more, between an incident alert and the change', () => {
    const deploy = change('payments-deploy', 6, { service: 'payments' });
    const within = [checkoutAlert, alert('orders-errors', -6.5, { service: 'orders' })];
    expect(corroborationOf(deploy, checkoutAlert, within).corroboration.unexplainedInIncident).toEqual([]);
    const before = [checkoutAlert, alert('orders-errors', -8, { service: 'orders' })];
    expect(corroborationOf(deploy, checkoutAlert, before).corroboration.unexplainedInIncident).toEqual([
      'orders',
    ]);
  });

  it('counts a caller as showing the fault when it alerts or something that calls it does', () => {
    // payments-db's only caller, payments, is quiet, but checkout, which calls payments, alerts.
    const migration = change('migration', 8, { service: 'payments-db', kind: 'database' });
    expect(corroborationOf(migration, checkoutAlert, [checkoutAlert]).corroboration.callers).toEqual({
      alerting: 1,
      silent: 0,
      uncovered: 0,
      total: 1,
    });
    // payments is called by checkout (alerting) and orders (quiet, and nothing alerting calls it).
    const deploy = change('payments-deploy', 8, { service: 'payments' });
    expect(corroborationOf(deploy, checkoutAlert, [checkoutAlert]).corroboration.callers).toEqual({
      alerting: 1,
      silent: 1,
      uncovered: 0,
      total: 2,
    });
    const ordersToo = [checkoutAlert, alert('orders-errors', 1, { service: 'orders' })];
    expect(corroborationOf(deploy, checkoutAlert, ordersToo).corroboration.callers).toEqual({
      alerting: 2,
      silent: 0,
      uncovered: 0,
      total: 2,
    });
  });

  it('does not count a quiet caller without alert coverage as silent', () => {
    // orders calls payments but has no alert rule: its silence says nothing.
    const deploy = change('payments-deploy', 8, { service: 'payments' });
    const [candidate] = selectCandidates(checkoutAlert, [deploy], graph, options);
    if (candidate === undefined) throw new Error('payments-deploy is no candidate');
    const coverage = alertCoverage(['checkout', 'payments'], []);
    const corroboration = corroborate(
      candidate,
      checkoutAlert,
      [checkoutAlert],
      [],
      graph,
      options,
      coverage,
    );
    expect(corroboration.callers).toEqual({ alerting: 1, silent: 0, uncovered: 1, total: 2 });
  });
});

describe('rankAlertSuspects with alert coverage', () => {
  it('ranks a change on a shared dependency higher when its quiet callers cannot alert, and says why', () => {
    const deploy = change('payments-deploy', 8, { service: 'payments' });
    const covered = rankAlertSuspects({ alert: checkoutAlert, changes: [deploy], graph });
    const uncovered = rankAlertSuspects({
      alert: checkoutAlert,
      changes: [deploy],
      graph,
      coverage: alertCoverage(['checkout'], ['payments']),
    });
    expect(uncovered.suspects[0]?.likelihood).toBeGreaterThan(covered.suspects[0]?.likelihood ?? Infinity);
    expect(uncovered.suspects[0]?.reasons.join(' | ')).toContain('1 has no alert coverage');
    expect(covered.suspects[0]?.reasons.join(' | ')).not.toContain('alert coverage');
  });
});

describe('findReverted', () => {
  it('matches a rollback to the change whose previous version it returns to', () => {
    const reverted = findReverted([
      change('v42', 30, { service: 'checkout', version: { from: 'v41', to: 'v42' } }),
      change('v43', 20, { service: 'checkout', version: { from: 'v42', to: 'v43' } }),
      change('back-to-v41', 5, {
        service: 'checkout',
        isRollback: true,
        version: { from: 'v43', to: 'v41' },
      }),
    ]);
    expect(reverted.get(changeKey({ source: 'argo-cd', changeId: 'v42' }))).toEqual({
      changeId: 'back-to-v41',
      at: T - 5 * MINUTE,
    });
    expect(reverted.has(changeKey({ source: 'argo-cd', changeId: 'v43' }))).toBe(false);
  });

  it('without versions, takes the latest earlier change of the same kind on the same service', () => {
    const reverted = findReverted([
      change('deploy-1', 30, { service: 'checkout' }),
      change('config-1', 20, { service: 'checkout', kind: 'config' }),
      change('deploy-2', 10, { service: 'checkout' }),
      change('undo', 5, { service: 'checkout', isRollback: true }),
      change('elsewhere', 8, { service: 'cart' }),
    ]);
    expect([...reverted.keys()]).toEqual([changeKey({ source: 'argo-cd', changeId: 'deploy-2' })]);
  });
});

describe('rankIncidentSuspects', () => {
  it('ranks the change that explains the most alerts first and says how many', () => {
    const { changes, alerts } = paymentsDbIncident();
    const ranking = rankIncidentSuspects({ incident: alerts, changes, graph });
    expect(ranking.suspects[0]?.changeId).toBe('migration');
    expect(ranking.suspects[0]?.reasons).toContain(
      'a suspect for 3 of 3 alerts in the incident (the first suspect for 3)',
    );
    expect(ranking.alertRankings).toHaveLength(3);
    const config = ranking.suspects.find((s) => s.changeId === 'checkout-config');
    expect(config?.alerts.map((a) => a.key)).toEqual(['checkout-errors']);
    expect(config?.score).toBeLessThan(ranking.suspects[0]?.score ?? 0);
  });

  it('weighs critical alerts more than warnings', () => {
    const small = ServiceGraph.fromEdges([{ caller: 'a', dependency: 'b' }]);
    const changes = [change('on-a', 5, { service: 'a' }), change('on-b', 5, { service: 'b' })];
    const critical = alert('a-critical', 0, { service: 'a', severity: 'critical' });
    const warning = alert('b-warning', 0, { service: 'b', severity: 'warning' });
    // Only the warning is on b; the critical alert on a is the one that counts most.
    const ranking = rankIncidentSuspects({
      incident: [critical, warning],
      changes,
      graph: ServiceGraph.fromEdges([]),
    });
    expect(ranking.suspects[0]?.changeId).toBe('on-a');
    // With the dependency known, b's change explains both alerts and wins.
    expect(
      rankIncidentSuspects({ incident: [critical, warning], changes, graph: small }).suspects[0]?.changeId,
    ).toBe('on-b');
  });
});

describe('incident peers in the ranking', () => {
  it('ranks a fresh change on an unconnected service alerting since it above a stale dependency change, and says why', () => {
    const onCheckout = alert('a', 0, { service: 'checkout' });
    const onCatalog = alert('peer', -1, { service: 'catalog', name: 'HighErrorRate' });
    const catalogDeploy = change('cat', 4, { service: 'catalog' });
    const staleDeploy = change('pay', 150, { service: 'payments' });
    const ranking = rankAlertSuspects({
      alert: onCheckout,
      changes: [staleDeploy, catalogDeploy],
      graph: shopGraph(),
      alerts: [onCatalog],
    });
    expect(ranking.suspects.map((s) => s.changeId)).toEqual(['cat', 'pay']);
    const [first] = ranking.suspects;
    expect(first?.factors.find((f) => f.name === 'topology')?.weight).toBe(0.3);
    expect(first?.reasons[0]).toContain(
      'on catalog, which the topology does not connect to the alerting service but which began alerting around it (HighErrorRate)',
    );
    // Without the peer's alert the change is no candidate at all.
    const alone = rankAlertSuspects({
      alert: onCheckout,
      changes: [staleDeploy, catalogDeploy],
      graph: shopGraph(),
    });
    expect(alone.suspects.map((s) => s.changeId)).toEqual(['pay']);
  });

  it('still ranks a fresh change on a dependency above a fresh change on a peer', () => {
    const ranking = rankAlertSuspects({
      alert: alert('a', 0, { service: 'checkout' }),
      changes: [change('cat', 4, { service: 'catalog' }), change('cart', 4, { service: 'cart' })],
      graph: shopGraph(),
      alerts: [alert('peer', -1, { service: 'catalog' })],
    });
    expect(ranking.suspects.map((s) => s.changeId)).toEqual(['cart', 'cat']);
  });
});

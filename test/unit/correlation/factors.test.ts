import type { Relation } from '../../../src/correlation/domain/candidates';
import {
  CLOCK_DISAGREEMENT_MS,
  callerBreadth,
  competitionReason,
  competitionScore,
  corroborationFactor,
  KIND_ONSET_MS,
  kindFactor,
  scalingDirection,
  NO_CORROBORATION,
  outcomeFactor,
  scopeFactor,
  severityFactor,
  timeFactor,
  timeWeight,
  topologyFactor,
} from '../../../src/correlation/domain/factors';
import { alert, change, MINUTE, T } from './support';

const SKEW = 5 * MINUTE;
const onCheckout = alert('a1', 0, { service: 'checkout', cluster: 'prod-eu-west-1-a' });

describe('timeWeight', () => {
  it('is full from 1 to 12 minutes before the alert, for a change that shows at once', () => {
    for (const minutes of [1, 2, 5, 12]) expect(timeWeight(minutes * MINUTE, SKEW)).toBe(1);
    expect(timeWeight(13 * MINUTE, SKEW)).toBeLessThan(1);
  });

  it('is lower within the first minute for a change that takes a while to show: too soon for a symptom', () => {
    const deploy = KIND_ONSET_MS.deploy;
    expect(timeWeight(0, SKEW, deploy)).toBeCloseTo(0.6);
    expect(timeWeight(30_000, SKEW, deploy)).toBeCloseTo(0.8);
  });

  it('is full at once for a change that takes effect at once (a config push, a flag flip)', () => {
    expect(timeWeight(0, SKEW, KIND_ONSET_MS.config)).toBe(1);
    expect(timeWeight(20_000, SKEW, KIND_ONSET_MS.feature_flag)).toBe(1);
  });

  it('does not discount a deploy that reached the scope 1-2 minutes before the alert', () => {
    const deploy = KIND_ONSET_MS.deploy;
    expect(timeWeight(1 * MINUTE, SKEW, deploy)).toBe(1);
    expect(timeWeight(90_000, SKEW, deploy)).toBe(1);
    // ...so an older concurrent release is not preferred merely for being older.
    expect(timeWeight(90_000, SKEW, deploy)).toBeGreaterThanOrEqual(timeWeight(9 * MINUTE, SKEW, deploy));
  });

  it('decays after the plateau, halving 10 minutes later, but never below the slow-burn floor', () => {
    expect(timeWeight(22 * MINUTE, SKEW)).toBeCloseTo(0.1 + 0.9 * 0.5);
    expect(timeWeight(2 * 60 * MINUTE, SKEW)).toBeLessThan(timeWeight(60 * MINUTE, SKEW));
    expect(timeWeight(4 * 60 * MINUTE, SKEW)).toBeGreaterThan(0.1);
    expect(timeWeight(4 * 60 * MINUTE, SKEW)).toBeLessThan(0.12);
  });

  it('shifts by how long the change takes to show: later and wider for a slow one', () => {
    const onset = 8 * MINUTE;
    // Still full for an experiment at 20 min; a flag flip is past its plateau by then.
    expect(timeWeight(20 * MINUTE, SKEW, onset)).toBe(1);
    expect(timeWeight(20 * MINUTE, SKEW)).toBeLessThan(0.8);
    expect(timeWeight(30 * MINUTE, SKEW, onset)).toBeCloseTo(0.1 + 0.9 * 0.5);
  });

  it('takes a change stamped within a minute after the alert as at its start: clocks disagree that much', () => {
    expect(timeWeight(-30_000, SKEW)).toBeCloseTo(0.6);
    expect(timeWeight(-30_000, SKEW, KIND_ONSET_MS.deploy)).toBeCloseTo(
      timeWeight(0, SKEW, KIND_ONSET_MS.deploy),
    );
    expect(timeWeight(-CLOCK_DISAGREEMENT_MS, SKEW)).toBeCloseTo(0.6);
  });

  it('is low for a change stamped longer after the alert, and zero past the clock-skew allowance', () => {
    expect(timeWeight(-2 * MINUTE, SKEW)).toBeLessThan(0.3);
    expect(timeWeight(-2 * MINUTE, SKEW)).toBeGreaterThan(timeWeight(-4 * MINUTE, SKEW));
    expect(timeWeight(-SKEW - 1, SKEW)).toBe(0);
    expect(timeWeight(-SKEW - 1, SKEW, 8 * MINUTE)).toBe(0);
  });
});

describe('KIND_ONSET_MS', () => {
  it('has configuration and flags show at once, deploys later, experiments last', () => {
    expect(KIND_ONSET_MS.config).toBe(0);
    expect(KIND_ONSET_MS.feature_flag).toBe(0);
    expect(KIND_ONSET_MS.deploy).toBeGreaterThan(0);
    expect(KIND_ONSET_MS.scaling).toBeGreaterThan(KIND_ONSET_MS.deploy);
    expect(KIND_ONSET_MS.experiment).toBeGreaterThan(KIND_ONSET_MS.scaling);
  });
});

describe('timeFactor', () => {
  it("judges the time by the change's kind: a config push 14 min before is late, a deploy is not", () => {
    const config = change('cfg', 14, { service: 'checkout', kind: 'config' });
    const deploy = change('dep', 14, { service: 'checkout' });
    const configFactor = timeFactor(onCheckout, config, { at: config.startedAt }, SKEW);
    expect(configFactor.weight).toBeLessThan(1);
    expect(configFactor.reason).toBe('started 14 min before the alert');
    expect(timeFactor(onCheckout, deploy, { at: deploy.startedAt }, SKEW).weight).toBe(1);
  });

  it('says when the change started relative to the alert', () => {
    const c = change('c', 6, { service: 'checkout' });
    const factor = timeFactor(onCheckout, c, { at: c.startedAt }, SKEW);
    expect(factor).toEqual({ name: 'time', weight: 1, reason: 'started 6 min before the alert' });
  });

  it('names the rollout step that reached the alert scope, and the start when it was earlier', () => {
    const c = change('c', 52, { service: 'checkout' });
    const step = {
      at: T - 4 * MINUTE,
      phase: 'progressed' as const,
      region: 'eu-west-1',
      rollout: { stage: 'batch', batch: 3, totalBatches: 4, percent: 75 },
    };
    const factor = timeFactor(onCheckout, c, { at: step.at, step, region: 'eu-west-1' }, SKEW);
    expect(factor.reason).toBe(
      'reached eu-west-1 (batch 3/4, 75%) 4 min before the alert (started 52 min before the alert)',
    );
    expect(factor.weight).toBe(1);
  });

  it('does not say a rollout step at 0% reached anything: no replica runs the new version yet', () => {
    const c = change('c', 2, { service: 'checkout' });
    const step = {
      at: T - 2 * MINUTE,
      phase: 'started' as const,
      cluster: 'default',
      rollout: { stage: 'batch', batch: 1, totalBatches: 3, percent: 0 },
    };
    const factor = timeFactor(onCheckout, c, { at: step.at, step, cluster: 'default' }, SKEW);
    expect(factor.reason).toBe(
      'began rolling out to default (batch 1/3; no replica on the new version yet) 2 min before the alert',
    );
    expect(factor.reason).not.toContain('reached');
  });

  it('flags a change that only fits thanks to the clock-skew allowance', () => {
    const c = change('c', -1, { service: 'checkout' });
    expect(timeFactor(onCheckout, c, { at: c.startedAt }, SKEW).reason).toBe(
      'started 1 min after the alert (within the clock-skew allowance)',
    );
  });
});

describe('topologyFactor', () => {
  const c = change('c', 5);
  const dep = (hops: number, via: string[], alertingVia: string[] = []): Relation => ({
    type: 'dependency',
    service: 'payments-db',
    hops,
    via,
    alertingVia,
  });

  it('weighs the alerting service fully and a direct dependency almost as much', () => {
    expect(topologyFactor({ type: 'same_service', service: 'checkout' }, c)).toEqual({
      name: 'topology',
      weight: 1,
      reason: 'on the alerting service (checkout)',
    });
    expect(topologyFactor(dep(1, []), c)).toEqual({
      name: 'topology',
      weight: 0.75,
      reason: 'on a direct dependency (payments-db)',
    });
  });

  it('loses weight with each further hop, unless the services on the way are alerting', () => {
    const dark = topologyFactor(dep(2, ['payments']), c);
    expect(dark.weight).toBeCloseTo(0.75 * 0.7);
    expect(dark.reason).toBe('on a dependency 2 hops away (payments-db, via payments)');
    expect(topologyFactor(dep(3, ['cart', 'payments']), c).weight).toBeCloseTo(0.75 * 0.7 * 0.7);
    expect(topologyFactor(dep(3, ['cart', 'payments'], ['cart']), c).weight).toBeCloseTo(0.75 * 0.7);
    const lit = topologyFactor(dep(2, ['payments'], ['payments']), c);
    expect(lit.weight).toBeCloseTo(0.75);
    expect(lit.reason).toBe('on a dependency 2 hops away (payments-db, via payments; payments alerting)');
  });

  it('suspects a caller less, and a broad change less still before its scope is considered', () => {
    const caller = topologyFactor({ type: 'caller', service: 'web', hops: 1, via: [] }, c);
    const broad = topologyFactor({ type: 'broad' }, change('infra', 5, { kind: 'infra' }));
    expect(caller.weight).toBeLessThan(0.75);
    expect(caller.reason).toContain('on a direct caller (web)');
    expect(broad.reason).toBe('affecting no single service but all of production/eu-west-1');
  });

  it('suspects an incident peer the graph does not connect as much as a caller, saying what shows it', () => {
    const peer = (alerts: string[], alertingCallers: string[]): Relation => ({
      type: 'incident_peer',
      service: 'catalog',
      alerts,
      alertingCallers,
    });
    const alerting = topologyFactor(peer(['HighErrorRate'], []), c);
    expect(alerting.weight).toBe(0.3);
    expect(alerting.reason).toBe(
      'on catalog, which the topology does not connect to the alerting service but which began alerting around it (HighErrorRate): a call the graph does not know about, or one it does not know yet',
    );
    expect(topologyFactor(peer([], ['billing', 'shipping']), c).reason).toContain(
      'whose callers began alerting around it (billing and shipping)',
    );
  });
});

describe('scopeFactor', () => {
  const same: Relation = { type: 'same_service', service: 'checkout' };
  const broad: Relation = { type: 'broad' };

  it("raises a change on the alert's cluster and lowers one on another cluster", () => {
    expect(scopeFactor(same, { region: 'eu-west-1', cluster: 'prod-eu-west-1-a' }, onCheckout)).toEqual({
      name: 'scope',
      weight: 1.25,
      reason: "on the alert's cluster (prod-eu-west-1-a)",
    });
    const other = scopeFactor(same, { region: 'eu-west-1', cluster: 'prod-eu-west-1-b' }, onCheckout);
    expect(other.weight).toBeLessThan(1);
    expect(other.reason).toBe("on cluster prod-eu-west-1-b, not the alert's (prod-eu-west-1-a)");
    expect(scopeFactor(same, { region: 'eu-west-1' }, onCheckout).weight).toBe(1);
  });

  it('for a broad change, ranks a cluster above a region above the whole environment', () => {
    const inCluster = scopeFactor(broad, { region: 'eu-west-1', cluster: 'prod-eu-west-1-a' }, onCheckout);
    const inRegion = scopeFactor(broad, { region: 'eu-west-1' }, onCheckout);
    const everywhere = scopeFactor(broad, {}, onCheckout);
    expect(inCluster.weight).toBeGreaterThan(inRegion.weight);
    expect(inRegion.weight).toBeGreaterThan(everywhere.weight);
    expect(inCluster.reason).toBe("confined to the alert's cluster (prod-eu-west-1-a)");
  });

  it('for a broad change, takes an alert naming no cluster as in the one cluster alerting as a whole', () => {
    const noCluster = alert('a2', 0, { service: 'search' });
    const alerting = { cluster: 'prod-eu-west-1-k8s', alerts: ['RegionErrorBudgetBurn'] };
    const onK8s = { region: 'eu-west-1', cluster: 'prod-eu-west-1-k8s' };
    const there = scopeFactor(broad, onK8s, noCluster, alerting);
    expect(there.weight).toBe(1.6);
    expect(there.reason).toBe(
      'confined to prod-eu-west-1-k8s, which is alerting as a whole around the alert (RegionErrorBudgetBurn)',
    );
    const elsewhere = { region: 'eu-west-1', cluster: 'prod-eu-west-1-data' };
    expect(scopeFactor(broad, elsewhere, noCluster, alerting).weight).toBe(0.9);
    // An alert that names its cluster is judged by it; a service's change is not judged by the inference.
    expect(scopeFactor(broad, onK8s, onCheckout, alerting).weight).toBeLessThan(1);
    expect(scopeFactor(same, onK8s, noCluster, alerting).weight).toBe(1);
  });

  it("ignores a dependency's cluster: it is another system's", () => {
    const dep: Relation = { type: 'dependency', service: 'payments-db', hops: 1, via: [], alertingVia: [] };
    expect(scopeFactor(dep, { region: 'eu-west-1', cluster: 'payments-pg-eu1' }, onCheckout)).toEqual({
      name: 'scope',
      weight: 1,
      reason: undefined,
    });
  });
});

describe('kindFactor', () => {
  it('suspects deploys and configuration pushes most and autoscaler actions least', () => {
    const deploy = kindFactor({ kind: 'deploy', isRollback: false });
    const config = kindFactor({ kind: 'config', isRollback: false });
    const autoscaler = kindFactor({ kind: 'scaling', isRollback: false, actorType: 'automation' });
    expect(deploy).toEqual({ name: 'kind', weight: 1 });
    // A configuration push is as suspect as a deploy.
    expect(config).toEqual({ name: 'kind', weight: 1 });
    expect(kindFactor({ kind: 'feature_flag', isRollback: false }).weight).toBeLessThan(1);
    expect(autoscaler.weight).toBeLessThan(config.weight);
    expect(autoscaler.reason).toContain('reaction to load');
  });

  it('suspects a person resizing a service more than an autoscaler', () => {
    const manual = kindFactor({ kind: 'scaling', isRollback: false, actorType: 'human' });
    expect(manual.weight).toBeGreaterThan(
      kindFactor({ kind: 'scaling', isRollback: false, actorType: 'automation' }).weight,
    );
    expect(manual.reason).toBe('a manual scaling action');
  });

  it('suspects a scale-down (less capacity) more than a scale-up (usually a reaction), by versions or summary', () => {
    const down = kindFactor({
      kind: 'scaling',
      isRollback: false,
      actorType: 'automation',
      version: { from: '8', to: '6' },
    });
    const up = kindFactor({
      kind: 'scaling',
      isRollback: false,
      actorType: 'automation',
      summary: 'Scale checkout up to 12 replicas',
    });
    const unknown = kindFactor({ kind: 'scaling', isRollback: false, actorType: 'automation' });
    expect(down.weight).toBeGreaterThan(unknown.weight);
    expect(up.weight).toBeLessThan(unknown.weight);
    expect(down.reason).toBe(
      'an automatic scale-down (less capacity: a cause of latency and saturation once traffic rises)',
    );
    expect(up.reason).toBe(
      'an automatic scale-up (more capacity rarely breaks anything: usually a reaction to load)',
    );
    const resize = kindFactor({
      kind: 'scaling',
      isRollback: false,
      actorType: 'human',
      summary: 'Resize users-db down one instance class',
    });
    expect(resize.weight).toBeGreaterThan(kindFactor({ kind: 'scaling', isRollback: false }).weight);
    expect(scalingDirection({ version: { from: '1.2.0', to: '1.3.0' }, summary: 'Scale up and down' })).toBe(
      undefined,
    );
  });

  it('rarely suspects a rollback to an earlier version', () => {
    const rollback = kindFactor({ kind: 'deploy', isRollback: true });
    expect(rollback.weight).toBeLessThan(0.5);
    expect(rollback.reason).toBe('a rollback to an earlier version (rarely the cause)');
  });
});

describe('outcomeFactor', () => {
  const base = { kind: 'deploy' as const, rollout: undefined };

  it('raises a change rolled back after the alert most, and says when', () => {
    const factor = outcomeFactor(
      { ...base, phase: 'rolled_back', finishedAt: T + 12 * MINUTE },
      { startsAt: T },
    );
    expect(factor).toEqual({
      name: 'outcome',
      weight: 2,
      reason: 'rolled back 12 min after the alert started',
    });
    const before = outcomeFactor(
      { ...base, phase: 'rolled_back', finishedAt: T - 3 * MINUTE },
      { startsAt: T },
    );
    expect(before.weight).toBeGreaterThan(1);
    expect(before.weight).toBeLessThan(2);
    expect(before.reason).toBe('rolled back 3 min before the alert');
    // Undone long before the alert's condition began: it was no longer there to cause it.
    const longBefore = outcomeFactor(
      { ...base, phase: 'rolled_back', finishedAt: T - 14 * MINUTE },
      { startsAt: T },
    );
    expect(longBefore.weight).toBeLessThan(1);
    expect(longBefore.reason).toBe(
      "rolled back 14 min before the alert, so its effect was gone before the alert's condition began",
    );
  });

  it('counts a later rollback change on the service as undoing it', () => {
    const factor = outcomeFactor(
      { ...base, phase: 'succeeded', finishedAt: T - 20 * MINUTE },
      { startsAt: T },
      {
        changeId: 'argo-cd:checkout:rollback-7',
        at: T + 15 * MINUTE,
      },
    );
    expect(factor.weight).toBe(2);
    expect(factor.reason).toBe('reverted by argo-cd:checkout:rollback-7 15 min after the alert started');
  });

  it('raises a failed deploy, but not a configuration push that failed to apply', () => {
    const deploy = outcomeFactor({ ...base, phase: 'failed', finishedAt: T - 2 * MINUTE }, { startsAt: T });
    expect(deploy).toEqual({ name: 'outcome', weight: 1.6, reason: 'failed 2 min before the alert' });
    const config = outcomeFactor(
      { ...base, kind: 'config', phase: 'failed', finishedAt: T - 2 * MINUTE },
      { startsAt: T },
    );
    expect(config).toEqual({ name: 'outcome', weight: 1, reason: 'failed to apply 2 min before the alert' });
  });

  it('raises a change in progress when the alert started a little, and says what stage it is at', () => {
    const rolling = outcomeFactor(
      {
        ...base,
        phase: 'progressed',
        finishedAt: undefined,
        rollout: { stage: 'batch', batch: 2, totalBatches: 4 },
      },
      { startsAt: T },
    );
    expect(rolling.weight).toBeGreaterThan(1);
    expect(rolling.reason).toBe('still rolling out (batch 2/4)');
    const canary = outcomeFactor(
      { ...base, phase: 'started', finishedAt: undefined, rollout: { stage: 'canary', percent: 5 } },
      { startsAt: T },
    );
    expect(canary.reason).toBe('still in canary (5%)');
  });

  it('says, but does not raise, a change that was rolling out when the alert started and then completed', () => {
    // It passed its rollout's gates while the symptom was there to see: no more suspect than a finished one.
    const finishedAfter = outcomeFactor(
      { ...base, phase: 'succeeded', finishedAt: T + MINUTE },
      { startsAt: T },
    );
    expect(finishedAfter).toEqual({
      name: 'outcome',
      weight: 1,
      reason: 'was still rolling out when the alert started, and completed',
    });
  });

  it('is neutral for a change that completed before the alert and lowers a cancelled one', () => {
    expect(outcomeFactor({ ...base, phase: 'succeeded', finishedAt: T - MINUTE }, { startsAt: T })).toEqual({
      name: 'outcome',
      weight: 1,
    });
    expect(
      outcomeFactor({ ...base, phase: 'cancelled', finishedAt: T - MINUTE }, { startsAt: T }).weight,
    ).toBeLessThan(1);
  });
});

describe('corroborationFactor', () => {
  it('is neutral with nothing to corroborate', () => {
    expect(corroborationFactor(NO_CORROBORATION, 'payments-db')).toEqual({
      name: 'corroboration',
      weight: 1,
    });
  });

  it('raises a change whose own service alerts too, and one whose other callers alert', () => {
    const own = corroborationFactor(
      {
        ...NO_CORROBORATION,
        onChangedService: [alert('db', -3, { service: 'payments-db', name: 'PostgresHighLatency' })],
      },
      'payments-db',
    );
    // The changed service alerting is worth more than three callers passing the fault on.
    expect(own.weight).toBeCloseTo(1 + 0.6 * 1.6);
    expect(own.reason).toBe('payments-db is alerting too (PostgresHighLatency)');
    const threeCallers = corroborationFactor(
      {
        ...NO_CORROBORATION,
        onDependents: ['orders', 'web', 'mobile'].map((service) => ({ service, hops: 1 })),
      },
      'payments-db',
    );
    expect(own.weight).toBeGreaterThan(threeCallers.weight);
    const callers = corroborationFactor(
      {
        ...NO_CORROBORATION,
        onDependents: [
          { service: 'orders', hops: 1 },
          { service: 'web', hops: 2 },
        ],
      },
      'payments-db',
    );
    expect(callers.weight).toBeCloseTo(1 + 0.6 * (0.5 + 0.3));
    expect(callers.reason).toBe('2 other alerting services depend on payments-db (orders and web)');
  });

  it('saturates: many alerts say little more than a few', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ service: `s${i}`, hops: 1 }));
    expect(corroborationFactor({ ...NO_CORROBORATION, onDependents: many }, 'db').weight).toBeCloseTo(2.8);
  });

  it('weighs unrelated alerts in a broad change scope by how narrow the scope is', () => {
    const inScope = { ...NO_CORROBORATION, unrelatedServicesInScope: ['cart', 'search'] };
    const cluster = corroborationFactor({ ...inScope, scope: 'cluster' }, undefined);
    const region = corroborationFactor({ ...inScope, scope: 'region' }, undefined);
    expect(cluster.weight).toBeGreaterThan(region.weight);
    expect(cluster.reason).toBe(
      'alerts on 2 unrelated services in its scope began after it (cart and search)',
    );
  });

  it('lowers a change that leaves alerts of the incident unexplained', () => {
    const factor = corroborationFactor(
      { ...NO_CORROBORATION, unexplainedInIncident: ['payments-db'] },
      'checkout',
    );
    expect(factor.weight).toBeCloseTo(0.75);
    expect(factor.reason).toBe("does not explain the incident's alerts on payments-db");
  });

  it('lowers a change on a hub most of whose callers are quiet', () => {
    const factor = corroborationFactor(
      { ...NO_CORROBORATION, callers: { alerting: 2, silent: 58, uncovered: 0, total: 60 } },
      'auth',
    );
    expect(factor.weight).toBeLessThan(0.6);
    expect(factor.reason).toBe('only 2 of its 60 callers are alerting or called by an alerting service');
  });

  it('says when no caller shows the fault, or the only one does not', () => {
    const none = corroborationFactor(
      { ...NO_CORROBORATION, callers: { alerting: 0, silent: 3, uncovered: 0, total: 3 } },
      'cart',
    );
    expect(none.weight).toBeCloseTo(0.85 ** 3);
    expect(none.reason).toBe('none of its 3 callers is alerting, nor is anything that calls them');
    const only = corroborationFactor(
      { ...NO_CORROBORATION, callers: { alerting: 0, silent: 1, uncovered: 0, total: 1 } },
      'cart',
    );
    expect(only.reason).toBe('its only caller is not alerting, nor is anything that calls it');
  });
});

describe('corroborationFactor and alert coverage', () => {
  it('counts only covered callers as silent, and says how many have no alert coverage', () => {
    const mixed = corroborationFactor(
      { ...NO_CORROBORATION, callers: { alerting: 0, silent: 2, uncovered: 1, total: 3 } },
      'cart',
    );
    expect(mixed.weight).toBeCloseTo(0.85 ** 2);
    expect(mixed.reason).toBe('2 of 3 callers are covered by alerts and silent; 1 has no alert coverage');
  });

  it('is neutral when the only silent callers cannot alert, and says so', () => {
    const dark = corroborationFactor(
      { ...NO_CORROBORATION, callers: { alerting: 1, silent: 0, uncovered: 2, total: 3 } },
      'cart',
    );
    expect(dark.weight).toBe(1);
    expect(dark.reason).toBe(
      '1 of its 3 callers is alerting or called by an alerting service; 2 have no alert coverage',
    );
    const only = corroborationFactor(
      { ...NO_CORROBORATION, callers: { alerting: 0, silent: 0, uncovered: 1, total: 1 } },
      'cart',
    );
    expect(only).toEqual({
      name: 'corroboration',
      weight: 1,
      reason: 'its only caller has no alert coverage, so its silence says nothing',
    });
  });
});

describe('callerBreadth', () => {
  it('is neutral when no covered caller is silent, or there is nothing to compare', () => {
    expect(callerBreadth(undefined)).toBe(1);
    expect(callerBreadth({ silent: 0 })).toBe(1);
  });

  it('loses 15% for each covered caller that is silent, counting at most five', () => {
    expect(callerBreadth({ silent: 1 })).toBeCloseTo(0.85);
    expect(callerBreadth({ silent: 3 })).toBeCloseTo(0.85 ** 3);
    expect(callerBreadth({ silent: 58 })).toBeCloseTo(0.85 ** 5);
  });
});

describe('severityFactor', () => {
  it('leaves more room for "no change did it" the less severe the alert', () => {
    const levels = (['critical', 'high', 'warning', 'info'] as const).map(severityFactor);
    for (let i = 1; i < levels.length; i += 1) {
      expect(levels[i]?.noChangeLikelihood).toBeGreaterThan(levels[i - 1]?.noChangeLikelihood ?? Infinity);
      expect(levels[i]?.incidentWeight).toBeLessThan(levels[i - 1]?.incidentWeight ?? -Infinity);
    }
  });
});

describe('competition', () => {
  it('turns likelihoods into shares: one strong candidate scores high, two equal ones split', () => {
    expect(competitionScore(2, 2.1, 0.1)).toBeCloseTo(2 / 2.2);
    expect(competitionScore(1, 2, 0.1)).toBeCloseTo(1 / 2.1);
    expect(competitionScore(0, 0, 0)).toBe(0);
  });

  it('says how many candidates compete', () => {
    expect(competitionReason(1, 1)).toBe('the only candidate change');
    expect(competitionReason(1, 7)).toBe('the strongest of 7 candidate changes');
    expect(competitionReason(3, 7)).toBe('ranked 3 of 7 candidate changes');
  });
});

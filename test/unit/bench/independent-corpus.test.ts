import { checkAlertEvent, type AlertEvent } from '../../../src/alerts/domain/alert-event';
import { mapAlertmanagerWebhook } from '../../../src/alerts/domain/alertmanager';
import { createChangeEventValidator } from '../../../src/contracts/change-event-validator';
import { ContractValidator } from '../../../src/contracts/contract-validator';
import {
  generateIndependentDataset,
  independentDatasetForSeed,
  independentWorldOptionsFromEnv,
  type IndependentDataset,
} from '../../../bench/correlation-independent/generator';
import { INDEPENDENT_START } from '../../../bench/correlation-independent/seeds';

const options = (services: number) => ({ services, faults: 15, days: 4, start: INDEPENDENT_START });

describe('independent correlation corpus', () => {
  const datasets = new Map<number, IndependentDataset>();
  const dataset = (seed: number, services: number): IndependentDataset => {
    const key = seed * 1000 + services;
    let d = datasets.get(key);
    if (d === undefined) {
      d = generateIndependentDataset(seed, options(services));
      datasets.set(key, d);
    }
    return d;
  };
  const observable = (d: IndependentDataset) =>
    JSON.stringify({ c: d.changeEvents, n: d.notifications, f: d.faults, x: d.noiseAlerts, w: d.world });

  it('is the same data set for the same seed, and another for another seed', () => {
    const a = observable(generateIndependentDataset(211, options(45)));
    expect(observable(generateIndependentDataset(211, options(45)))).toBe(a);
    expect(observable(generateIndependentDataset(212, options(45)))).not.toBe(a);
  });

  it('publishes only change events and alerts that pass the contracts', () => {
    const d = dataset(205, 60);
    const changes = createChangeEventValidator();
    for (const { event } of d.changeEvents) expect(changes.check(event)).toMatchObject({ ok: true });
    const alerts = new ContractValidator<AlertEvent>('alert-event.v1', (event) => checkAlertEvent(event));
    let mapped = 0;
    for (const { payload } of d.notifications) {
      const result = mapAlertmanagerWebhook(payload);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.rejected).toEqual([]);
      for (const { event } of result.mapped) {
        expect(alerts.check(event)).toMatchObject({ ok: true });
        mapped += 1;
      }
    }
    expect(mapped).toBeGreaterThan(d.faults.length);
  });

  it('has the coverage gaps, callers alerting first, trains, staging, noise and topology changes it describes', () => {
    const all = [dataset(205, 60), dataset(206, 80)];
    for (const d of all) {
      expect(d.faults).toHaveLength(15);
      expect(d.stats.servicesWithoutAlertRules).toBeGreaterThan(0);
      expect(d.stats.servicesErrorsOnly + d.stats.servicesLatencyOnly).toBeGreaterThan(0);
      expect(d.stats.stagingChanges).toBeGreaterThan(0);
      expect(d.stats.noiseAlerts).toBeGreaterThan(0);
      expect(d.stats.topologyEvents).toBeGreaterThan(0);
      // Some edges exist for only part of the window; the last catalogue misses the undeclared ones.
      expect(d.estate.edges.some((e) => Number.isFinite(e.from) || Number.isFinite(e.to))).toBe(true);
      expect(d.stats.catalogueEdges).toBeLessThan(d.stats.realEdges);
      expect(d.topologyVersions.length).toBe(d.stats.topologyEvents + 1);
      const published = d.topologyVersions.filter((v) => v.publishedAt <= d.end);
      expect(d.world.edges).toEqual(published[published.length - 1]?.edges);
      // Release trains: three or more services deploying within ten minutes in production.
      const trainDeploys = d.changeEvents.filter(
        (e) =>
          e.event.phase === 'started' &&
          e.event.environment === 'production' &&
          e.event.attributes?.['release.train'] !== undefined,
      );
      expect(new Set(trainDeploys.map((e) => e.event.service)).size).toBeGreaterThanOrEqual(3);
    }
    const faults = all.flatMap((d) => d.faults);
    const onCaller = faults.filter(
      (f) => f.alerts.reduce((a, b) => (b.trueStart < a.trueStart ? b : a)).hops > 0,
    );
    expect(onCaller.length).toBeGreaterThan(0);
    expect(onCaller.length).toBeLessThan(faults.length);
    expect(new Set(faults.map((f) => f.type)).size).toBeGreaterThanOrEqual(4);
  });

  it('labels each fault with one production change that started before its alerts, fired no earlier than visible', () => {
    const d = dataset(205, 60);
    const byChange = new Map<string, typeof d.changeEvents>();
    for (const e of d.changeEvents)
      byChange.set(e.event.changeId, [...(byChange.get(e.event.changeId) ?? []), e]);
    for (const fault of d.simFaults) {
      const events = byChange.get(fault.cause.id) ?? [];
      expect(events.length).toBeGreaterThan(0);
      expect(events.every((e) => e.event.environment === 'production')).toBe(true);
      expect(fault.cause.role).not.toBe('response');
      for (const alert of fault.alerts) {
        expect(alert.trueStart).toBeGreaterThanOrEqual(fault.onset);
        expect(alert.trueEnd).toBeGreaterThan(alert.trueStart);
      }
      // The origin's own alert, when it has one, fires within 90 s of the symptom showing there.
      for (const alert of fault.alerts.filter((a) => a.hops === 0 && a.service === fault.origin))
        expect(alert.trueStart - fault.onset).toBeLessThanOrEqual(90_000 + 40_000);
    }
    // Reported times carry clock skew: occurredAt is not the true instant for every source.
    const skews = [...new Set(d.changeEvents.map((e) => e.event.source))];
    expect(skews.length).toBeGreaterThan(3);
  });

  describe('tracing and call-edge alerts (optional)', () => {
    // Seed 209: a 12-service estate whose tracing draw has edge rules (error ratio, no latency rule).
    const withEdges = independentDatasetForSeed(209, 15, { edgeAlerts: true });
    const withoutEdges = independentDatasetForSeed(209, 15);
    const edgeAlerts = withEdges.tracing?.edgeAlerts ?? [];
    const isEdge = (a: { fingerprint: string; trueStart: number }) =>
      edgeAlerts.some((e) => e.fingerprint === a.fingerprint && e.trueStart === a.trueStart);
    const isEdgeRule = (name: string | undefined) => name?.startsWith('ServiceGraphEdge') === true;

    it('is off by default: the data set is the one without the option, with the counts it always had', () => {
      const plain = independentDatasetForSeed(201, 40);
      expect(independentDatasetForSeed(201, 40, { edgeAlerts: false })).toEqual(plain);
      expect(independentDatasetForSeed(201, 40, independentWorldOptionsFromEnv({}))).toEqual(plain);
      expect(plain.tracing).toBeUndefined();
      expect(plain.stats.tracing).toBeUndefined();
      expect({
        changeEvents: plain.changeEvents.length,
        faults: plain.faults.length,
        notifications: plain.notifications.length,
        noiseAlerts: plain.noiseAlerts.length,
        faultAlerts: plain.stats.faultAlerts,
      }).toEqual({ changeEvents: 1058, faults: 40, notifications: 202, noiseAlerts: 34, faultAlerts: 95 });
      expect(independentWorldOptionsFromEnv({ EVAL_EDGE_ALERTS: '1' })).toEqual({ edgeAlerts: true });
    });

    it('emits edge alerts with the labels a servicegraph rule yields, which the Alertmanager mapping accepts', () => {
      const edgeNotifications = withEdges.notifications.filter(({ payload }) =>
        isEdgeRule(payload.groupLabels?.['alertname']),
      );
      expect(edgeNotifications.length).toBeGreaterThan(0);
      const alertEvents = new ContractValidator<AlertEvent>('alert-event.v1', (event) =>
        checkAlertEvent(event),
      );
      for (const { payload } of edgeNotifications) {
        const result = mapAlertmanagerWebhook(payload);
        if (!result.ok) throw new Error(JSON.stringify(result.errors));
        expect(result.rejected).toEqual([]);
        for (const { event } of result.mapped) {
          const labels = event.labels ?? {};
          expect(labels['client']).toMatch(/./);
          expect(labels['server']).toMatch(/./);
          expect(labels['job']).toBe('otel-collector');
          expect(labels['instance']).toMatch(/:8889$/);
          expect(labels).not.toHaveProperty('service');
          expect(alertEvents.check(event)).toMatchObject({ ok: true });
          expect(event.environment).toBe(labels['env']);
        }
      }
      expect(withEdges.stats.tracing?.hasEdgeRules).toBe(true);
    });

    it("puts a fault's edge alerts in its alerts, some on edges into the changed service, and the rest in noise", () => {
      const intoOrigin = withEdges.simFaults.filter((fault) =>
        edgeAlerts.some(
          (a) =>
            a.faultId === fault.id &&
            a.service === fault.origin &&
            a.hops === 0 &&
            a.labels?.['server'] !== undefined,
        ),
      );
      expect(intoOrigin.length).toBeGreaterThan(0);
      for (const fault of withEdges.simFaults) {
        const own = edgeAlerts.filter((a) => a.faultId === fault.id);
        expect(withEdges.faults.find((f) => f.id === fault.id)?.alerts.filter(isEdge)).toHaveLength(
          own.length,
        );
        for (const alert of own) {
          expect(alert.trueStart).toBeGreaterThan(fault.onset);
          expect(alert.trueEnd).toBeGreaterThan(alert.trueStart);
        }
      }
      const noise = withEdges.noiseAlerts.filter(isEdge);
      expect(noise.length).toBeGreaterThan(0);
      expect(noise.length).toBe(edgeAlerts.filter((a) => a.faultId === undefined).length);
    });

    it('leaves the base draws alone: the same changes, faults and service alerts', () => {
      expect(withEdges.changeEvents).toEqual(withoutEdges.changeEvents);
      expect(withEdges.world).toEqual(withoutEdges.world);
      expect(JSON.stringify(withEdges.simFaults)).toBe(JSON.stringify(withoutEdges.simFaults));
      // Only an edge alert firing first adds a confounder; everything else of each fault is as it was.
      const baseOf = (f: (typeof withEdges.faults)[number]) => ({
        ...f,
        alerts: f.alerts.filter((a) => !isEdge(a)),
        confounders: f.confounders.filter((c) => c !== 'first-alert-on-edge'),
      });
      expect(withEdges.faults.map(baseOf)).toEqual(withoutEdges.faults);
      expect(withEdges.noiseAlerts.filter((a) => !isEdge(a))).toEqual(withoutEdges.noiseAlerts);
      expect(
        withEdges.notifications.filter(({ payload }) => !isEdgeRule(payload.groupLabels?.['alertname'])),
      ).toEqual(withoutEdges.notifications);
    });
  });
});

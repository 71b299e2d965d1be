import { checkAlertEvent, type AlertEvent } from '../../../src/alerts/domain/alert-event';
import { mapAlertmanagerWebhook } from '../../../src/alerts/domain/alertmanager';
import { createChangeEventValidator } from '../../../src/contracts/change-event-validator';
import { ContractValidator } from '../../../src/contracts/contract-validator';
import {
  generateIndependentDataset,
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
});

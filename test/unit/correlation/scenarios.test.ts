import { checkAlertEvent, type AlertEvent } from '../../../src/alerts/domain/alert-event';
import { checkChangeEvent } from '../../../src/contracts/change-event-validator';
import { ContractValidator } from '../../../src/contracts/contract-validator';
import type { ChangeEventV1 } from '../../../src/contracts/generated/change-event.v1';
import { DEFAULT_CORRELATION_OPTIONS } from '../../../src/correlation/domain/candidates';
import { evaluateDataset } from '../../../bench/correlation/evaluate';
import { DEFAULT_SCENARIO_START, generateDataset } from '../../../bench/correlation/scenarios';
import { InMemoryCorrelationSource } from '../../../bench/correlation/source';

const NOW = Date.parse('2026-11-15T00:00:00Z');
const options = { services: 60, faults: 4, days: 1, start: DEFAULT_SCENARIO_START };

describe('correlation scenarios (bench/correlation)', () => {
  const dataset = generateDataset(11, options);
  const source = new InMemoryCorrelationSource(dataset);

  it('is the same data for the same seed, and other data for another', () => {
    const again = generateDataset(11, options);
    expect(again.changeEvents).toEqual(dataset.changeEvents);
    expect(again.notifications).toEqual(dataset.notifications);
    expect(generateDataset(12, options).changeEvents).not.toEqual(dataset.changeEvents);
  });

  it('produces a layered estate of the requested size', () => {
    expect(dataset.world.services).toHaveLength(60);
    const layers = new Set(dataset.world.services.map((s) => s.layer));
    expect([...layers].sort()).toEqual(['api', 'core', 'data', 'edge']);
  });

  it('produces only messages the published contracts accept', () => {
    const changes = new ContractValidator<ChangeEventV1>('change-event.v1', (e) => checkChangeEvent(e, NOW));
    const alerts = new ContractValidator<AlertEvent>('alert-event.v1', (e) => checkAlertEvent(e, NOW));
    const badChanges = dataset.changeEvents.filter(({ event }) => !changes.check(event).ok);
    const badAlerts = source.alertEvents.filter((event) => !alerts.check(event).ok);
    expect(badChanges).toEqual([]);
    expect(badAlerts).toEqual([]);
    expect(source.rejectedAlertItems).toBe(0);
  });

  it('labels each fault with a change that exists and alerts that follow it', () => {
    expect(dataset.faults).toHaveLength(4);
    for (const fault of dataset.faults) {
      const events = dataset.changeEvents.filter((e) => e.event.changeId === fault.causeChangeId);
      expect(events.length).toBeGreaterThan(0);
      const firstChange = Math.min(...events.map((e) => e.arrivesAt));
      expect(fault.alerts.length).toBeGreaterThan(0);
      for (const alert of fault.alerts) expect(alert.trueStart).toBeGreaterThan(firstChange - 60_000);
    }
  });

  it('evaluates the ranking and the baseline on every fault alert', () => {
    const evaluation = evaluateDataset(dataset, source, DEFAULT_CORRELATION_OPTIONS);
    const alertCount = dataset.faults.reduce((n, f) => n + f.alerts.length, 0);
    expect(evaluation.alertCases).toHaveLength(alertCount);
    expect(evaluation.incidentCases).toHaveLength(dataset.faults.length);
    for (const set of ['alerts', 'firstAlerts', 'incidents'] as const) {
      for (const quality of Object.values(evaluation.quality[set])) {
        expect(quality.hitRateAt1).not.toBeNull();
        expect(quality.hitRateAt1 ?? 0).toBeLessThanOrEqual(quality.hitRateAt3 ?? 0);
      }
    }
  });
});

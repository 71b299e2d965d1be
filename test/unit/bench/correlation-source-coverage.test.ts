import { generateIndependentDataset } from '../../../bench/correlation-independent/generator';
import { INDEPENDENT_START } from '../../../bench/correlation-independent/seeds';
import { InMemoryCorrelationSource } from '../../../bench/correlation/source';

const MINUTE = 60_000;

// The harness must give the ranking the coverage the service would know: the services seen alerting in
// the alert history, not every service of the world.
describe('the correlation harness alert coverage', () => {
  const dataset = generateIndependentDataset(203, {
    services: 30,
    faults: 15,
    days: 4,
    start: INDEPENDENT_START,
  });
  const source = new InMemoryCorrelationSource(dataset);
  const fault = dataset.faults[dataset.faults.length - 1];
  const instance = fault?.alerts[0];
  if (instance === undefined) throw new Error('the data set has no fault alert');
  const at = instance.firstNotifiedAt + MINUTE;
  const alert = source.alert('alertmanager', instance.fingerprint, instance.startsAt, at);
  if (alert === undefined) throw new Error('the fault alert is unknown');

  it('never covers a service that has no alert rules', () => {
    const withoutRules = dataset.estate.services.filter((s) => s.rules.length === 0).map((s) => s.name);
    expect(withoutRules.length).toBeGreaterThan(0);
    const coverage = source.coverageFor(alert, at);
    expect(withoutRules.filter((s) => coverage.covers(s))).toEqual([]);
  });

  it('covers exactly the services seen alerting in the environment, as known at the instant', () => {
    const alerted = (until: number) =>
      new Set(
        source
          .alertsAround(until, 30 * 24 * 60 * MINUTE)
          .filter((a) => a.environment === alert.environment && a.service !== undefined)
          .map((a) => a.service as string),
      );
    const coverage = source.coverageFor(alert, at);
    const services = dataset.estate.services.map((s) => s.name);
    expect(services.filter((s) => coverage.covers(s))).toEqual(services.filter((s) => alerted(at).has(s)));
    // A service whose first alert had not arrived yet was not known to be covered then.
    const early = source.coverageFor(alert, dataset.start);
    expect(services.filter((s) => early.covers(s)).length).toBeLessThan(
      services.filter((s) => coverage.covers(s)).length,
    );
  });
});

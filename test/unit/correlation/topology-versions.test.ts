import {
  chooseTopologyVersion,
  type TopologyVersionEntry,
} from '../../../src/correlation/domain/topology-versions';

const entries: TopologyVersionEntry[] = [
  { version: 1, environment: undefined, effectiveAt: 100 },
  { version: 2, environment: 'prod', effectiveAt: 200 },
  { version: 3, environment: 'prod', effectiveAt: 150 },
  { version: 4, environment: 'staging', effectiveAt: 50 },
  { version: 5, environment: undefined, effectiveAt: 300 },
  { version: 6, environment: undefined, effectiveAt: 300 },
];
const chosen = (at: number, environment: string | undefined, which: 'in-force' | 'first-after') =>
  chooseTopologyVersion(entries, at, environment, which)?.version;

describe('choosing the topology version for an instant and environment', () => {
  it("prefers the environment's own version in force, by effective time, not stream order", () => {
    expect(chosen(175, 'prod', 'in-force')).toBe(3);
    expect(chosen(200, 'prod', 'in-force')).toBe(2);
    expect(chosen(120, 'prod', 'in-force')).toBe(1);
  });

  it('falls back to the global graph, the later in the stream winning a tie', () => {
    expect(chosen(400, 'qa', 'in-force')).toBe(6);
    expect(chosen(400, undefined, 'in-force')).toBe(6);
    expect(chosen(60, undefined, 'in-force')).toBeUndefined();
  });

  it('finds the first version to take effect after an instant when none was in force', () => {
    expect(chosen(10, 'prod', 'first-after')).toBe(3);
    expect(chosen(10, 'qa', 'first-after')).toBe(1);
    expect(chosen(300, 'qa', 'first-after')).toBeUndefined();
  });
});

import { ServiceGraph } from '../../../src/correlation/domain/topology';
import { shopGraph } from './support';

describe('ServiceGraph', () => {
  const graph = shopGraph();

  it('finds dependencies several hops down, with the shortest path to each', () => {
    const deps = graph.dependencies('web', 3);
    expect(deps.get('checkout')).toEqual({ hops: 1, via: [] });
    expect(deps.get('payments')).toEqual({ hops: 2, via: ['checkout'] });
    expect(deps.get('payments-db')).toEqual({ hops: 3, via: ['checkout', 'payments'] });
    expect(deps.has('web')).toBe(false);
  });

  it('stops at maxHops', () => {
    expect(graph.dependencies('web', 2).has('payments-db')).toBe(false);
    expect(graph.dependencies('web', 0).size).toBe(0);
  });

  it('finds callers, i.e. where a fault on a service shows', () => {
    const callers = graph.callers('payments', 2);
    expect(callers.get('checkout')?.hops).toBe(1);
    expect(callers.get('orders')?.hops).toBe(1);
    expect(callers.get('web')).toEqual({ hops: 2, via: ['checkout'] });
    expect(callers.get('mobile')).toEqual({ hops: 2, via: ['checkout'] });
  });

  it('survives cycles and ignores self-edges and repeated edges', () => {
    const cyclic = ServiceGraph.fromEdges([
      { caller: 'a', dependency: 'b' },
      { caller: 'b', dependency: 'c' },
      { caller: 'c', dependency: 'a' },
      { caller: 'a', dependency: 'a' },
      { caller: 'a', dependency: 'b' },
    ]);
    expect([...cyclic.dependencies('a', 10)].map(([s, r]) => [s, r.hops])).toEqual([
      ['b', 1],
      ['c', 2],
    ]);
    expect(cyclic.directDependencies('a')).toEqual(['b']);
  });

  it('knows no neighbours of a service it has never seen', () => {
    expect(graph.has('ledger')).toBe(false);
    expect(graph.dependencies('ledger', 3).size).toBe(0);
    expect(graph.directCallers('ledger')).toEqual([]);
  });

  describe('dependencyPath', () => {
    // Two ways from web down to db: through a (2 hops) or through b and c (3 hops).
    const diamond = ServiceGraph.fromEdges([
      { caller: 'web', dependency: 'a' },
      { caller: 'a', dependency: 'db' },
      { caller: 'web', dependency: 'b' },
      { caller: 'b', dependency: 'c' },
      { caller: 'c', dependency: 'db' },
    ]);

    it('takes the shortest path when nothing on the way is lit', () => {
      expect(diamond.dependencyPath('web', 'db', 3, () => false)).toEqual({ hops: 2, via: ['a'], dark: 1 });
    });

    it('prefers a longer path through lit (alerting) services', () => {
      const lit = new Set(['b', 'c']);
      expect(diamond.dependencyPath('web', 'db', 3, (s) => lit.has(s))).toEqual({
        hops: 3,
        via: ['b', 'c'],
        dark: 0,
      });
    });

    it('respects maxHops and reports no path when out of reach', () => {
      const lit = new Set(['b', 'c']);
      expect(diamond.dependencyPath('web', 'db', 2, (s) => lit.has(s))?.via).toEqual(['a']);
      expect(diamond.dependencyPath('web', 'db', 1, () => true)).toBeUndefined();
      expect(diamond.dependencyPath('db', 'web', 3, () => true)).toBeUndefined();
    });
  });
});

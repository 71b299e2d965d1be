/**
 * The service dependency graph: an edge `caller → dependency` says the caller sends requests to (or reads
 * from) the dependency. Faults travel against the edges: a broken dependency breaks its callers, so the
 * alert fires upstream of the change that caused it.
 */
export interface DependencyEdge {
  readonly caller: string;
  readonly dependency: string;
}

/** A service reached from another by following edges, with the shortest path to it. */
export interface Reach {
  readonly hops: number;
  /** The services strictly between the start and this one, in order (empty for a direct neighbour). */
  readonly via: readonly string[];
}

type Direction = 'dependencies' | 'callers';

export class ServiceGraph {
  private readonly reachCache = new Map<string, ReadonlyMap<string, Reach>>();

  private constructor(
    private readonly dependenciesOf: ReadonlyMap<string, readonly string[]>,
    private readonly callersOf: ReadonlyMap<string, readonly string[]>,
  ) {}

  /** Self-edges and repeated edges are ignored; neighbour lists are sorted so traversal is deterministic. */
  static fromEdges(edges: readonly DependencyEdge[]): ServiceGraph {
    const dependencies = new Map<string, Set<string>>();
    const callers = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, from: string, to: string) => {
      let set = map.get(from);
      if (set === undefined) map.set(from, (set = new Set()));
      set.add(to);
    };
    for (const { caller, dependency } of edges) {
      if (caller === dependency) continue;
      add(dependencies, caller, dependency);
      add(callers, dependency, caller);
    }
    const sorted = (map: Map<string, Set<string>>) =>
      new Map([...map].map(([service, set]) => [service, [...set].sort()] as const));
    return new ServiceGraph(sorted(dependencies), sorted(callers));
  }

  static empty(): ServiceGraph {
    return ServiceGraph.fromEdges([]);
  }

  has(service: string): boolean {
    return this.dependenciesOf.has(service) || this.callersOf.has(service);
  }

  directDependencies(service: string): readonly string[] {
    return this.dependenciesOf.get(service) ?? [];
  }

  directCallers(service: string): readonly string[] {
    return this.callersOf.get(service) ?? [];
  }

  /** What `service` calls, directly or through others, up to `maxHops` edges away. */
  dependencies(service: string, maxHops: number): ReadonlyMap<string, Reach> {
    return this.reach(service, maxHops, 'dependencies');
  }

  /** What calls `service`, directly or through others, up to `maxHops` edges away. */
  callers(service: string, maxHops: number): ReadonlyMap<string, Reach> {
    return this.reach(service, maxHops, 'callers');
  }

  /**
   * The dependency path from `from` to `to` (at most `maxHops` edges) whose intermediate services are
   * most often `lit` (e.g. alerting), then the shortest: the way a fault on `to` most plausibly travelled
   * up to `from`. `dark` counts the intermediates that are not lit. Undefined when `to` is not within reach.
   */
  dependencyPath(
    from: string,
    to: string,
    maxHops: number,
    lit: (service: string) => boolean,
  ): (Reach & { readonly dark: number }) | undefined {
    let best: (Reach & { dark: number }) | undefined;
    const better = (a: Reach & { dark: number }, b: Reach & { dark: number }) =>
      a.dark !== b.dark
        ? a.dark < b.dark
        : a.hops !== b.hops
          ? a.hops < b.hops
          : a.via.join('\u0000') < b.via.join('\u0000');
    const visit = (service: string, via: readonly string[], dark: number) => {
      for (const next of this.dependenciesOf.get(service) ?? []) {
        if (next === to) {
          const found = { hops: via.length + 1, via, dark };
          if (best === undefined || better(found, best)) best = found;
        } else if (next !== from && !via.includes(next) && via.length + 2 <= maxHops) {
          visit(next, [...via, next], dark + (lit(next) ? 0 : 1));
        }
      }
    };
    if (maxHops >= 1 && from !== to) visit(from, [], 0);
    return best;
  }

  /**
   * Breadth-first, so each service is reached by a shortest path; among equally short paths the one
   * through alphabetically first neighbours. Results are cached: the graph never changes after creation.
   */
  private reach(start: string, maxHops: number, direction: Direction): ReadonlyMap<string, Reach> {
    const cacheKey = `${direction}\u0000${maxHops}\u0000${start}`;
    const cached = this.reachCache.get(cacheKey);
    if (cached !== undefined) return cached;
    const next = direction === 'dependencies' ? this.dependenciesOf : this.callersOf;
    const found = new Map<string, Reach>();
    let frontier: { service: string; via: readonly string[] }[] = [{ service: start, via: [] }];
    for (let hops = 1; hops <= maxHops && frontier.length > 0; hops += 1) {
      const following: { service: string; via: readonly string[] }[] = [];
      for (const { service, via } of frontier) {
        for (const neighbour of next.get(service) ?? []) {
          if (neighbour === start || found.has(neighbour)) continue;
          found.set(neighbour, { hops, via });
          following.push({ service: neighbour, via: [...via, neighbour] });
        }
      }
      frontier = following;
    }
    this.reachCache.set(cacheKey, found);
    return found;
  }
}

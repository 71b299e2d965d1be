/** What choosing a topology version needs to know of each: not its graph. */
export interface TopologyVersionEntry {
  /** Its position in the topology stream. */
  readonly version: number;
  /** The environment it describes; undefined for the global graph. */
  readonly environment: string | undefined;
  /** When it takes effect (epoch ms): its effectiveAt, else when it was recorded (topology.v1). */
  readonly effectiveAt: number;
}

/**
 * The version for `environment` (undefined: the global graph only) in force at `at` (the last to take
 * effect at or before it), or the first to take effect after it. The environment's own versions come
 * before the global ones; among equal effective times, the later in the stream wins.
 */
export function chooseTopologyVersion(
  entries: Iterable<TopologyVersionEntry>,
  at: number,
  environment: string | undefined,
  which: 'in-force' | 'first-after',
): TopologyVersionEntry | undefined {
  const rank = (e: TopologyVersionEntry): [number, number, number] => [
    e.environment === undefined ? 1 : 0,
    which === 'in-force' ? -e.effectiveAt : e.effectiveAt,
    -e.version,
  ];
  let best: TopologyVersionEntry | undefined;
  let bestRank: [number, number, number] | undefined;
  for (const entry of entries) {
    if (entry.environment !== undefined && entry.environment !== environment) continue;
    if (which === 'in-force' ? entry.effectiveAt > at : entry.effectiveAt <= at) continue;
    const entryRank = rank(entry);
    if (bestRank === undefined || precedes(entryRank, bestRank)) {
      best = entry;
      bestRank = entryRank;
    }
  }
  return best;
}

function precedes(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y;
  }
  return false;
}

/**
 * The call graph as the OpenTelemetry collector's service-graph connector sees it in traces: one counter
 * series `traces_service_graph_request_total{client="a",server="b"}` per pair of services that talked,
 * read here from the Prometheus text exposition format.
 */
import type { DependencyEdge } from './topology';

export const SERVICE_GRAPH_METRIC = 'traces_service_graph_request_total';

/** `name{labels} value [timestamp]`; the labels part is parsed on its own (values may hold `}`). */
const SAMPLE = /^([A-Za-z_:][A-Za-z0-9_:]*)(\{.*\})?\s+\S+(\s+\S+)?\s*$/;
const LABEL = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)/y;

function unescape(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** The labels of a `{a="1",b="2"}` block; undefined when it is not well formed. */
function parseLabels(block: string): Map<string, string> | undefined {
  const inner = block.slice(1, -1);
  const labels = new Map<string, string>();
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < inner.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(inner);
    if (match === null) return inner.slice(start).trim() === '' ? labels : undefined;
    labels.set(match[1] ?? '', unescape(match[2] ?? ''));
    if (match[3] !== ',') break;
  }
  return labels;
}

/**
 * The edges client → server of every service-graph request series, sorted and without repeats (a pair
 * appears once per other label combination, e.g. per connection type). Other metrics, comments and
 * malformed lines are skipped; so are series without both labels, and a service calling itself.
 */
export function serviceGraphEdges(text: string): DependencyEdge[] {
  const edges = new Map<string, DependencyEdge>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || !line.startsWith(SERVICE_GRAPH_METRIC)) continue;
    const sample = SAMPLE.exec(line);
    if (sample === null || sample[1] !== SERVICE_GRAPH_METRIC || sample[2] === undefined) continue;
    const labels = parseLabels(sample[2]);
    const caller = labels?.get('client');
    const dependency = labels?.get('server');
    if (caller === undefined || dependency === undefined || caller === '' || dependency === '') continue;
    if (caller === dependency) continue;
    edges.set(`${caller}\u0000${dependency}`, { caller, dependency });
  }
  return [...edges.values()].sort((a, b) =>
    a.caller !== b.caller ? (a.caller < b.caller ? -1 : 1) : a.dependency < b.dependency ? -1 : 1,
  );
}

/** Whether two edge lists hold the same set of edges (order and repeats aside). */
export function sameEdges(a: readonly DependencyEdge[], b: readonly DependencyEdge[]): boolean {
  const key = (e: DependencyEdge) => `${e.caller}\u0000${e.dependency}`;
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return left.size === right.size && [...left].every((k) => right.has(k));
}

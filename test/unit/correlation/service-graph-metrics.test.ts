import { sameEdges, serviceGraphEdges } from '../../../src/correlation/domain/service-graph-metrics';

const EXPOSITION = `# HELP traces_service_graph_request_total Total count of requests between two nodes
# TYPE traces_service_graph_request_total counter
traces_service_graph_request_total{client="frontend",connection_type="",server="checkout"} 1042
traces_service_graph_request_total{client="frontend",connection_type="messaging_system",server="checkout"} 7
traces_service_graph_request_total{server="payments",client="checkout"} 311 1733227200000
traces_service_graph_request_failed_total{client="checkout",server="payments"} 3
traces_service_graph_request_server_seconds_bucket{client="frontend",server="cart",le="0.1"} 12
traces_service_graph_request_total{client="checkout",server="checkout"} 4
traces_service_graph_request_total{client="",server="cart"} 4
traces_service_graph_request_total{client="a \\"quoted\\" name",server="cart}"} 1
traces_service_graph_request_total{client="broken} 1
`;

describe('serviceGraphEdges', () => {
  it('reads one edge client → server per pair, from the request counter only, sorted', () => {
    expect(serviceGraphEdges(EXPOSITION)).toEqual([
      { caller: 'a "quoted" name', dependency: 'cart}' },
      { caller: 'checkout', dependency: 'payments' },
      { caller: 'frontend', dependency: 'checkout' },
    ]);
  });

  it('finds nothing in an exposition without service-graph series', () => {
    expect(serviceGraphEdges('# TYPE up gauge\nup{job="otel"} 1\n')).toEqual([]);
    expect(serviceGraphEdges('')).toEqual([]);
  });
});

describe('sameEdges', () => {
  it('compares the sets of edges, whatever their order and repeats', () => {
    const a = { caller: 'a', dependency: 'b' };
    const b = { caller: 'b', dependency: 'c' };
    expect(sameEdges([a, b], [b, a, a])).toBe(true);
    expect(sameEdges([a], [a, b])).toBe(false);
    expect(sameEdges([a], [{ caller: 'b', dependency: 'a' }])).toBe(false);
  });
});

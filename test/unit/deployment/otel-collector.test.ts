// deploy/otel-collector.yaml, the collector config docker-compose.yml mounts: parsed and checked for the
// wiring the collector would refuse, and for the route service → collector → Jaeger.
import { parse } from 'yaml';
import { isRecord, parseCompose } from './support/compose';
import { collectorWiringProblems } from './support/otel-collector';
import { readRepoFile } from './support/sources';

const config: unknown = parse(readRepoFile('deploy/otel-collector.yaml'));
const compose = parseCompose(readRepoFile('docker-compose.yml'));

/** The mapping at a dotted path, or a test failure naming the path. */
function at(pathInConfig: string): Record<string, unknown> {
  let node: unknown = config;
  for (const key of pathInConfig.split('.')) {
    node = isRecord(node) ? node[key] : undefined;
  }
  if (!isRecord(node)) throw new Error(`deploy/otel-collector.yaml has no mapping at ${pathInConfig}`);
  return node;
}

function hostPort(endpoint: unknown): { host: string; port: number } {
  const match = /^(?:[a-z]+:\/\/)?([^:/]+):(\d+)$/.exec(String(endpoint));
  if (match?.[1] === undefined || match[2] === undefined)
    throw new Error(`not host:port: ${String(endpoint)}`);
  return { host: match[1], port: Number(match[2]) };
}

describe('deploy/otel-collector.yaml', () => {
  it('wires every pipeline to defined receivers, processors and exporters', () => {
    expect(collectorWiringProblems(config)).toEqual([]);
    expect(Object.keys(at('service.pipelines'))).toEqual(['traces']);
  });

  it('receives OTLP over gRPC and HTTP on all interfaces, so other containers reach it', () => {
    expect(at('service.pipelines.traces')['receivers']).toEqual(['otlp']);
    const protocols = at('receivers.otlp.protocols');
    expect({
      grpc: hostPort(at('receivers.otlp.protocols.grpc')['endpoint']),
      http: hostPort(at('receivers.otlp.protocols.http')['endpoint']),
    }).toEqual({ grpc: { host: '0.0.0.0', port: 4317 }, http: { host: '0.0.0.0', port: 4318 } });
    expect(Object.keys(protocols).sort()).toEqual(['grpc', 'http']);
  });

  it('limits memory before batching', () => {
    expect(at('service.pipelines.traces')['processors']).toEqual(['memory_limiter', 'batch']);
  });

  it('exports traces to the Jaeger service over OTLP gRPC, in plaintext inside the compose network', () => {
    const exporters = at('service.pipelines.traces')['exporters'];
    expect(exporters).toEqual(['otlp/jaeger']);
    const jaeger = at('exporters.otlp/jaeger');
    expect(hostPort(jaeger['endpoint'])).toEqual({ host: 'jaeger', port: 4317 });
    expect(compose.services[hostPort(jaeger['endpoint']).host]?.image).toMatch(/^jaegertracing\//);
    expect(at('exporters.otlp/jaeger.tls')['insecure']).toBe(true);
  });

  it('reports broken wiring: an undefined exporter, an empty pipeline, an unknown extension', () => {
    const broken = {
      receivers: { otlp: {} },
      exporters: {},
      service: {
        extensions: ['health_check'],
        pipelines: {
          traces: { receivers: ['otlp'], exporters: ['otlp/jaeger'] },
          metrics: { receivers: ['otlp'] },
        },
      },
    };
    expect(collectorWiringProblems(broken)).toEqual([
      'pipeline traces uses exporters.otlp/jaeger, which is not defined',
      'pipeline metrics has no exporters',
      'service uses extensions.health_check, which is not defined',
    ]);
  });
});

// docker-compose.yml, checked without a Docker engine: the file is parsed and held against the code it
// deploys (the configuration it must satisfy, the topics the service uses, the collector config).
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/app-config';
import {
  durationMs,
  imageTag,
  interpolations,
  isRecord,
  parseCompose,
  type ComposeService,
} from './support/compose';
import { configEnvNames, otelSdkEnvNames, processEnvReads, readRepoFile } from './support/sources';

const composeText = readRepoFile('docker-compose.yml');
const compose = parseCompose(composeText);

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

const app = service('change-audit');
const config = loadConfig(app.environment, '/app');

function kafkaConfig(): NonNullable<typeof config.kafka> {
  if (config.kafka === undefined) throw new Error('the service is not in Kafka mode (KAFKA_BROKERS unset)');
  return config.kafka;
}

/** `NAME://host:port,…` → name → {host, port}. */
function listeners(value: string | undefined): Map<string, { host: string; port: number }> {
  const result = new Map<string, { host: string; port: number }>();
  for (const entry of (value ?? '').split(',').filter((e) => e !== '')) {
    const match = /^([A-Z_]+):\/\/([^:]*):(\d+)$/.exec(entry.trim());
    if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) {
      throw new Error(`not a listener: ${entry}`);
    }
    result.set(match[1], { host: match[2], port: Number(match[3]) });
  }
  return result;
}

describe('docker-compose.yml', () => {
  it('runs Kafka, a topic set-up step, PostgreSQL, an OpenTelemetry collector, Jaeger and the service', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'change-audit',
      'jaeger',
      'kafka',
      'kafka-init',
      'otel-collector',
      'postgres',
    ]);
    expect(service('kafka').image).toBe('apache/kafka:3.9.1');
    expect(service('postgres').image).toMatch(/^postgres:17(\.|$)/);
    expect(service('otel-collector').image).toMatch(/^otel\/opentelemetry-collector-contrib:/);
    expect(service('jaeger').image).toMatch(/^jaegertracing\/(jaeger|all-in-one):/);
    expect(app.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
  });

  it('pins every image to a version (no latest, no untagged image)', () => {
    const images = Object.values(compose.services).flatMap((s) => (s.image === undefined ? [] : [s.image]));
    expect(images.length).toBeGreaterThanOrEqual(5);
    const floating = images.filter((image) => {
      const tag = imageTag(image);
      return tag === undefined || tag === 'latest';
    });
    expect(floating).toEqual([]);
  });

  it('holds every value in the file: nothing is interpolated from the shell', () => {
    expect(interpolations(composeText)).toEqual([]);
    expect(app.raw['env_file']).toBeUndefined();
  });

  it('gives Kafka, PostgreSQL and the service health checks, and starts the service after them', () => {
    const unchecked = ['kafka', 'postgres', 'change-audit'].filter(
      (name) => service(name).healthcheck === undefined,
    );
    expect(unchecked).toEqual([]);
    expect(app.dependsOn).toEqual({
      kafka: 'service_healthy',
      'kafka-init': 'service_completed_successfully',
      postgres: 'service_healthy',
      'otel-collector': 'service_started',
    });
  });

  it('waits for health wherever a dependency has a health check, and only on services that exist', () => {
    const problems = Object.values(compose.services).flatMap((s) =>
      Object.entries(s.dependsOn).flatMap(([dependency, condition]) => {
        const target = compose.services[dependency];
        if (target === undefined) return [`${s.name} depends on unknown ${dependency}`];
        if (target.healthcheck !== undefined && condition !== 'service_healthy') {
          return [`${s.name} starts before ${dependency} is healthy (${condition})`];
        }
        if (target.healthcheck === undefined && condition === 'service_healthy') {
          return [`${s.name} waits for health of ${dependency}, which has no health check`];
        }
        return [];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('probes readiness of the service on the route the health controller serves', () => {
    expect(app.healthcheck).toEqual(['CMD', 'node', 'deploy/healthcheck.mjs', '/health/ready']);
    const controller = readRepoFile('src/health/health.controller.ts');
    expect(controller).toMatch(/@Controller\('health'\)/);
    expect(controller).toMatch(/@Get\('ready'\)/);
  });

  it('probes Kafka through the listener the service uses and PostgreSQL as its own user and database', () => {
    const [broker] = kafkaConfig().brokers;
    expect(service('kafka').healthcheck?.join(' ')).toContain(
      `kafka-broker-api-versions.sh --bootstrap-server ${broker ?? '(no broker)'}`,
    );
    const pg = service('postgres').environment;
    expect(service('postgres').healthcheck?.join(' ')).toContain(
      `pg_isready -U ${pg['POSTGRES_USER'] ?? '?'} -d ${pg['POSTGRES_DB'] ?? '?'}`,
    );
  });

  it('sets only variables the configuration reads, plus standard OTEL_* ones the SDK reads', () => {
    const known = new Set([...configEnvNames(), ...processEnvReads('src')]);
    const otel = otelSdkEnvNames();
    // The scan of the SDK found its lookups (both styles: getStringFromEnv and process.env).
    expect(
      ['OTEL_SERVICE_NAME', 'OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT'].filter(
        (n) => !otel.has(n),
      ),
    ).toEqual([]);
    const unknown = Object.keys(app.environment).filter(
      (name) => !known.has(name) && !(name.startsWith('OTEL_') && otel.has(name)),
    );
    expect(unknown).toEqual([]);
  });

  it('is a configuration loadConfig accepts: Kafka mode, external PostgreSQL, example API keys', () => {
    expect(config.database.mode).toBe('external');
    expect(kafkaConfig().consumerEnabled).toBe(true);
    expect(config.apiKeys?.some((k) => k.roles.includes('admin'))).toBe(true);
    // The keys are in a public file: they must say they are examples.
    expect(config.apiKeys?.filter((k) => !k.key.startsWith('change-me-')).map((k) => k.name)).toEqual([]);
    expect(/# EXAMPLE KEYS[^\n]*replace them/.test(composeText)).toBe(true);
  });

  it('reaches PostgreSQL as the postgres service, with its user, password and database', () => {
    if (config.database.mode !== 'external') throw new Error('expected DATABASE_URL');
    const url = new URL(config.database.url);
    const pg = service('postgres').environment;
    expect({
      host: url.hostname,
      port: url.port,
      user: url.username,
      password: url.password,
      database: url.pathname.slice(1),
    }).toEqual({
      host: 'postgres',
      port: '5432',
      user: pg['POSTGRES_USER'],
      password: pg['POSTGRES_PASSWORD'],
      database: pg['POSTGRES_DB'],
    });
  });

  it('runs Kafka in KRaft mode, one node, with consistent listeners', () => {
    const env = service('kafka').environment;
    expect(env['KAFKA_PROCESS_ROLES']?.split(',').sort()).toEqual(['broker', 'controller']);
    const declared = listeners(env['KAFKA_LISTENERS']);
    const advertised = listeners(env['KAFKA_ADVERTISED_LISTENERS']);
    const protocols = new Set(
      (env['KAFKA_LISTENER_SECURITY_PROTOCOL_MAP'] ?? '').split(',').map((p) => p.split(':')[0]),
    );
    const controller = env['KAFKA_CONTROLLER_LISTENER_NAMES'] ?? '';
    expect([...declared.keys()].filter((name) => !protocols.has(name))).toEqual([]);
    expect(declared.has(controller)).toBe(true);
    expect(advertised.has(controller)).toBe(false);
    expect([...advertised.keys()].filter((name) => !declared.has(name))).toEqual([]);
    expect(env['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBe(
      `${env['KAFKA_NODE_ID'] ?? '?'}@kafka:${declared.get(controller)?.port ?? '?'}`,
    );
    expect(declared.has(env['KAFKA_INTER_BROKER_LISTENER_NAME'] ?? '')).toBe(true);
  });

  it('advertises the broker address the service connects to, on a listener inside the network', () => {
    const env = service('kafka').environment;
    const declared = listeners(env['KAFKA_LISTENERS']);
    const advertised = [...listeners(env['KAFKA_ADVERTISED_LISTENERS']).entries()];
    const brokers = kafkaConfig().brokers;
    const entries = brokers.map((broker) => advertised.find(([, a]) => `${a.host}:${a.port}` === broker));
    expect(brokers.filter((_, i) => entries[i] === undefined)).toEqual([]);
    expect(entries.map((entry) => declared.get(entry?.[0] ?? '')?.port)).toEqual(
      brokers.map((broker) => Number(broker.split(':')[1])),
    );
  });

  it('publishes Kafka to the host only on a listener advertised as that host port', () => {
    const kafka = service('kafka');
    const declared = [...listeners(kafka.environment['KAFKA_LISTENERS']).entries()];
    const advertised = listeners(kafka.environment['KAFKA_ADVERTISED_LISTENERS']);
    expect(kafka.ports.length).toBeGreaterThan(0);
    for (const port of kafka.ports) {
      const listener = declared.find(([, l]) => l.port === port.target)?.[0];
      expect({ target: port.target, advertised: advertised.get(listener ?? '') }).toEqual({
        target: port.target,
        advertised: { host: 'localhost', port: port.published },
      });
    }
  });

  it('creates exactly the topics the service uses, with the configured partitions, before it starts', () => {
    // The checkpoint topic is the exception: one partition, so its checkpoints stay in order.
    const init = service('kafka-init');
    expect(init.image).toBe(service('kafka').image);
    expect(init.dependsOn).toEqual({ kafka: 'service_healthy' });
    const script = [...(init.entrypoint ?? []), ...(init.command ?? [])].join('\n');
    const created = script
      .split('\n')
      .filter((line) => line.includes('kafka-topics.sh'))
      .map((line) => ({
        topic: /--topic (\S+)/.exec(line)?.[1],
        partitions: Number(/--partitions (\d+)/.exec(line)?.[1]),
        bootstrap: /--bootstrap-server (\S+)/.exec(line)?.[1],
        idempotent: line.includes('--create') && line.includes('--if-not-exists'),
      }));
    const kafka = kafkaConfig();
    // Every topic name in the Kafka configuration (change events, its DLQ, insights, …).
    const topics = Object.entries(kafka)
      .filter(([key, value]) => key.endsWith('Topic') && typeof value === 'string')
      .map(([, value]) => String(value));
    expect(topics).toEqual(expect.arrayContaining(['change-events.v1', 'change-events.v1.dlq']));
    expect(created.sort((a, b) => String(a.topic).localeCompare(String(b.topic)))).toEqual(
      topics.sort().map((topic) => ({
        topic,
        partitions: topic === kafka.checkpointTopic ? 1 : kafka.topicPartitions,
        bootstrap: kafka.brokers.join(','),
        idempotent: true,
      })),
    );
  });

  it('publishes the port the service listens on, and the Jaeger UI', () => {
    expect(app.ports).toEqual([{ hostIp: undefined, published: config.port, target: config.port }]);
    expect(service('jaeger').ports.map((p) => p.target)).toContain(16686);
  });

  it('sends traces to the collector, on the OTLP receiver the collector listens on and publishes', () => {
    const collector = service('otel-collector');
    const mount = collector.volumes.find((v) => v.startsWith('./deploy/otel-collector.yaml:'));
    expect(mount).toBeDefined();
    const configPath = mount?.split(':')[1];
    expect(collector.command).toContain(`--config=${configPath ?? '?'}`);

    const collectorConfig: unknown = parse(readRepoFile('deploy/otel-collector.yaml'));
    const receiver =
      isRecord(collectorConfig) && isRecord(collectorConfig['receivers'])
        ? collectorConfig['receivers']['otlp']
        : {};
    const protocols = isRecord(receiver) && isRecord(receiver['protocols']) ? receiver['protocols'] : {};
    const portOf = (protocol: string): number => {
      const spec = protocols[protocol];
      return isRecord(spec) ? Number(String(spec['endpoint']).split(':').pop()) : NaN;
    };

    const env = app.environment;
    expect(env['OTEL_TRACES_EXPORTER']).toBe('otlp');
    const endpoint = new URL(env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'missing:');
    const transport = (env['OTEL_EXPORTER_OTLP_PROTOCOL'] ?? 'http/protobuf') === 'grpc' ? 'grpc' : 'http';
    expect(endpoint.hostname).toBe('otel-collector');
    expect(Number(endpoint.port)).toBe(portOf(transport));
    expect(collector.ports.map((p) => p.target).sort()).toEqual([portOf('grpc'), portOf('http')].sort());
  });

  it('gives the service longer to stop than it takes to drain, so Docker never kills a batch in flight', () => {
    const configured = app.raw['stop_grace_period'];
    // Compose's default grace period is 10 s.
    const grace = durationMs(typeof configured === 'string' ? configured : '10s');
    expect(grace).toBeGreaterThan(config.shutdownTimeoutMs);
  });

  it('keeps PostgreSQL and Kafka data in named volumes', () => {
    const kafkaLogDir = service('kafka').environment['KAFKA_LOG_DIRS'];
    const mounted = (s: ComposeService, target: string): string | undefined =>
      s.volumes.find((v) => v.split(':')[1] === target)?.split(':')[0];
    const pgVolume = mounted(service('postgres'), '/var/lib/postgresql/data');
    const kafkaVolume = mounted(service('kafka'), kafkaLogDir ?? '(KAFKA_LOG_DIRS unset)');
    expect(compose.volumes).toEqual(expect.arrayContaining([pgVolume, kafkaVolume]));
  });
});

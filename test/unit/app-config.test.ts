import path from 'node:path';
import { ConfigError, loadConfig, type AppConfig } from '../../src/config/app-config';

const CWD = path.resolve('/srv/change-audit');

/** The ConfigError that loadConfig throws for `env` (fails the test if it throws nothing or something else). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

/** A variable named as a whole word (PORT must not match EMBEDDED_POSTGRES_PORT). */
const names = (variable: string): RegExp => new RegExp(`(^|[^A-Z_])${variable}([^A-Z_]|$)`, 'm');

describe('loadConfig', () => {
  it('defaults to port 3000, embedded PostgreSQL under <cwd>/.data, no Kafka, no API keys', () => {
    expect(loadConfig({}, CWD)).toStrictEqual({
      port: 3000,
      database: { mode: 'embedded', dataDir: path.join(CWD, '.data'), port: 54329 },
      kafka: undefined,
      apiKeys: undefined,
      logLevel: 'info',
      metricsPublic: false,
      healthMaxProjectionLag: 10_000,
      shutdownTimeoutMs: 25_000,
      overrideGrantMaxMinutes: 240,
      readModelCheck: { intervalMs: 600_000, sample: 200 },
      topologyScrape: undefined,
      sessionTtlMinutes: 480,
      sessionCookieSecure: 'auto',
      consoleDir: path.join(CWD, 'dist', 'console'),
      intake: { integrations: [], rejectionRetentionDays: 30 },
      cdeventsSources: [],
      alertLabels: {
        service: ['service', 'job', 'app'],
        environment: ['env', 'environment', 'namespace'],
        region: ['region'],
        edge: { client: 'client', server: 'server' },
        defaultEnvironment: undefined,
      },
      audit: {
        signingKey: undefined,
        generatedKeyFile: path.join(CWD, '.data', 'audit-signing-key.pem'),
        verifyKeys: [],
        checkpointDir: path.join(CWD, '.data', 'audit-checkpoints'),
        maxSealDelaySeconds: 5,
      },
    } satisfies AppConfig);
  });

  it('reads where to scrape the call graph from, how often and for which environment', () => {
    expect(
      loadConfig(
        {
          TOPOLOGY_SCRAPE_URL: 'http://otel-collector:8889/metrics',
          TOPOLOGY_SCRAPE_ENVIRONMENT: 'production',
        },
        CWD,
      ).topologyScrape,
    ).toStrictEqual({
      url: 'http://otel-collector:8889/metrics',
      intervalMs: 60_000,
      environment: 'production',
    });
    expect(() => loadConfig({ TOPOLOGY_SCRAPE_URL: 'otel-collector:8889' }, CWD)).toThrow(
      /TOPOLOGY_SCRAPE_URL/,
    );
    expect(() => loadConfig({ TOPOLOGY_SCRAPE_INTERVAL_MS: '10' }, CWD)).toThrow(
      /TOPOLOGY_SCRAPE_INTERVAL_MS/,
    );
  });

  it('reads the checkpoint settings: keys as PEM or paths, no default directory with DATABASE_URL', () => {
    const pem = '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----';
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://db/x',
        AUDIT_SIGNING_KEY: '/etc/keys/audit.pem',
        AUDIT_VERIFY_KEYS: `${pem}\n${pem}`,
        AUDIT_MAX_SEAL_DELAY_SECONDS: '2',
      },
      CWD,
    );
    expect(config.audit).toMatchObject({
      signingKey: '/etc/keys/audit.pem',
      verifyKeys: [pem, pem],
      checkpointDir: undefined,
      maxSealDelaySeconds: 2,
    });
    expect(
      loadConfig({ AUDIT_VERIFY_KEYS: 'a.pem, b.pem', AUDIT_CHECKPOINT_DIR: 'cps' }, CWD).audit,
    ).toMatchObject({
      verifyKeys: ['a.pem', 'b.pem'],
      checkpointDir: path.join(CWD, 'cps'),
    });
    expect(() => loadConfig({ AUDIT_MAX_SEAL_DELAY_SECONDS: '0' }, CWD)).toThrow(
      /AUDIT_MAX_SEAL_DELAY_SECONDS/,
    );
  });

  it('reads which Alertmanager labels give service, environment and region, and names bad lists', () => {
    const config = loadConfig(
      {
        ALERT_SERVICE_LABELS: 'app_kubernetes_io_name,service',
        ALERT_ENVIRONMENT_LABELS: 'stage',
        ALERT_REGION_LABELS: 'zone,region',
        ALERTMANAGER_DEFAULT_ENVIRONMENT: 'production',
      },
      CWD,
    );
    expect(config.alertLabels).toStrictEqual({
      service: ['app_kubernetes_io_name', 'service'],
      environment: ['stage'],
      region: ['zone', 'region'],
      edge: { client: 'client', server: 'server' },
      defaultEnvironment: 'production',
    });
    expect(
      loadConfig({ ALERT_EDGE_LABELS: 'source_workload,destination_workload' }, CWD).alertLabels.edge,
    ).toEqual({
      client: 'source_workload',
      server: 'destination_workload',
    });
    expect(loadConfig({ ALERT_EDGE_LABELS: 'none' }, CWD).alertLabels.edge).toBeUndefined();
    for (const bad of ['client', 'client,server,peer', 'client,', 'client-name,server', 'peer,peer']) {
      expect(() => loadConfig({ ALERT_EDGE_LABELS: bad }, CWD)).toThrow(
        /ALERT_EDGE_LABELS must be two different label names, client then server/,
      );
    }
    expect(() => loadConfig({ ALERT_SERVICE_LABELS: 'service,,job' }, CWD)).toThrow(
      /ALERT_SERVICE_LABELS must be a comma-separated list of label names/,
    );
    expect(() => loadConfig({ ALERT_REGION_LABELS: 'region-name' }, CWD)).toThrow(/ALERT_REGION_LABELS/);
  });

  it('binds CDEvents source URI prefixes and Kafka topics to sources, naming a bad entry', () => {
    const config = loadConfig(
      {
        CDEVENTS_SOURCES: 'https://ci.example.com/a=b=tekton, /event/source=argo-cd',
        CDEVENTS_KAFKA_TOPICS: 'cdevents.tekton=tekton',
        KAFKA_BROKERS: 'kafka:9092',
      },
      CWD,
    );
    expect(config.cdeventsSources).toStrictEqual([
      { prefix: 'https://ci.example.com/a=b', source: 'tekton' },
      { prefix: '/event/source', source: 'argo-cd' },
    ]);
    expect(config.kafka?.cdeventsTopics).toStrictEqual([{ topic: 'cdevents.tekton', source: 'tekton' }]);
    expect(() => loadConfig({ CDEVENTS_SOURCES: '/ci=Tekton' }, CWD)).toThrow(
      /CDEVENTS_SOURCES entry "\/ci=Tekton"/,
    );
    expect(() => loadConfig({ CDEVENTS_SOURCES: '/ci' }, CWD)).toThrow(/must be <key>=<source>/);
    expect(() => loadConfig({ CDEVENTS_KAFKA_TOPICS: 'a topic=x' }, CWD)).toThrow(
      /CDEVENTS_KAFKA_TOPICS: "a topic" is not a valid topic name/,
    );
  });

  it('serves /metrics without a key only with METRICS_PUBLIC=true', () => {
    expect(loadConfig({ METRICS_PUBLIC: 'true' }, CWD).metricsPublic).toBe(true);
    expect(loadConfig({ METRICS_PUBLIC: 'false' }, CWD).metricsPublic).toBe(false);
    expect(() => loadConfig({ METRICS_PUBLIC: 'yes' }, CWD)).toThrow(/METRICS_PUBLIC must be true or false/);
  });

  it('reads the readiness bound on projection lag and the shutdown deadline', () => {
    expect(loadConfig({ HEALTH_MAX_PROJECTION_LAG: '250' }, CWD).healthMaxProjectionLag).toBe(250);
    expect(loadConfig({ HEALTH_MAX_PROJECTION_LAG: '0' }, CWD).healthMaxProjectionLag).toBe(0);
    expect(loadConfig({ OVERRIDE_GRANT_MAX_MINUTES: '60' }, CWD).overrideGrantMaxMinutes).toBe(60);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '5000' }, CWD).shutdownTimeoutMs).toBe(5_000);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', KAFKA_BROKERS: '', API_KEYS: '' }, CWD)).toStrictEqual(
      loadConfig({}, CWD),
    );
  });

  it('resolves a relative DATA_DIR under cwd and keeps an absolute one', () => {
    expect(loadConfig({ DATA_DIR: 'var/pg' }, CWD).database).toMatchObject({
      mode: 'embedded',
      dataDir: path.join(CWD, 'var/pg'),
    });
    expect(loadConfig({ DATA_DIR: '/var/lib/audit' }, CWD).database).toMatchObject({
      dataDir: '/var/lib/audit',
    });
  });

  it('reads PORT (0 picks a free port) and LOG_LEVEL', () => {
    expect(loadConfig({ PORT: '8080' }, CWD).port).toBe(8080);
    expect(loadConfig({ PORT: '0' }, CWD).port).toBe(0);
    expect(loadConfig({ LOG_LEVEL: 'debug' }, CWD).logLevel).toBe('debug');
  });

  it('uses an external database when DATABASE_URL is set', () => {
    const url = 'postgres://audit:pw@db.internal:5432/audit';
    expect(loadConfig({ DATABASE_URL: url }, CWD).database).toStrictEqual({
      mode: 'external',
      url,
      migrationsUrl: undefined,
    });
    const owner = 'postgres://change_audit_owner:pw@db.internal:5432/audit';
    expect(loadConfig({ DATABASE_URL: url, DATABASE_MIGRATIONS_URL: owner }, CWD).database).toStrictEqual({
      mode: 'external',
      url,
      migrationsUrl: owner,
    });
    expect(() => loadConfig({ DATABASE_MIGRATIONS_URL: owner }, CWD)).toThrow(
      /DATABASE_MIGRATIONS_URL needs DATABASE_URL/,
    );
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/audit' }, CWD).database).toMatchObject({
      mode: 'external',
    });
  });

  it('configures Kafka from KAFKA_BROKERS with the change-events.v1 topic and its DLQ', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9093' }, CWD).kafka).toStrictEqual({
      brokers: ['kafka-1:9092', 'kafka-2:9093'],
      clientId: 'change-audit',
      groupId: 'change-audit',
      changeEventsTopic: 'change-events.v1',
      changeEventsDlqTopic: 'change-events.v1.dlq',
      alertEventsTopic: 'alert-events.v1',
      alertEventsDlqTopic: 'alert-events.v1.dlq',
      topologyTopic: 'topology.v1',
      topologyDlqTopic: 'topology.v1.dlq',
      topicPartitions: 6,
      insightsTopic: 'change-insights.v1',
      checkpointTopic: 'audit-checkpoints.v1',
      insightsRelayIntervalMs: 250,
      consumerEnabled: true,
      publishTimeoutMs: 5_000,
      sessionTimeoutMs: 10_000,
      probeIntervalMs: 2_000,
      cdeventsTopics: [],
    });
  });

  it('takes the insights topic and relay interval from the environment, and names bad values', () => {
    const kafka = loadConfig(
      {
        KAFKA_BROKERS: 'localhost:9092',
        KAFKA_INSIGHTS_TOPIC: 'team.insights',
        INSIGHTS_RELAY_INTERVAL_MS: '1000',
      },
      CWD,
    ).kafka;
    expect(kafka?.insightsTopic).toBe('team.insights');
    const alerts = loadConfig(
      { KAFKA_BROKERS: 'localhost:9092', KAFKA_ALERT_EVENTS_TOPIC: 'team.alerts' },
      CWD,
    ).kafka;
    expect(alerts?.alertEventsTopic).toBe('team.alerts');
    expect(alerts?.alertEventsDlqTopic).toBe('team.alerts.dlq');
    expect(kafka?.insightsRelayIntervalMs).toBe(1000);
    const bounded = loadConfig(
      {
        KAFKA_BROKERS: 'localhost:9092',
        KAFKA_PUBLISH_TIMEOUT_MS: '2000',
        KAFKA_PROBE_INTERVAL_MS: '500',
        KAFKA_SESSION_TIMEOUT_MS: '6000',
      },
      CWD,
    ).kafka;
    expect(bounded).toMatchObject({ publishTimeoutMs: 2000, probeIntervalMs: 500, sessionTimeoutMs: 6000 });
    expect(() =>
      loadConfig({ KAFKA_BROKERS: 'localhost:9092', KAFKA_INSIGHTS_TOPIC: 'bad topic' }, CWD),
    ).toThrow(/KAFKA_INSIGHTS_TOPIC must be a valid topic name/);
    expect(() => loadConfig({ INSIGHTS_RELAY_INTERVAL_MS: '5' }, CWD)).toThrow(/INSIGHTS_RELAY_INTERVAL_MS/);
  });

  it('takes the checkpoint topic from AUDIT_CHECKPOINT_TOPIC and names a bad one', () => {
    const kafka = loadConfig(
      { KAFKA_BROKERS: 'localhost:9092', AUDIT_CHECKPOINT_TOPIC: 'team.ckpt.v1' },
      CWD,
    ).kafka;
    expect(kafka?.checkpointTopic).toBe('team.ckpt.v1');
    expect(() =>
      loadConfig({ KAFKA_BROKERS: 'localhost:9092', AUDIT_CHECKPOINT_TOPIC: 'no/slashes' }, CWD),
    ).toThrow(/AUDIT_CHECKPOINT_TOPIC must be a valid topic name/);
  });

  it('disables the consumer with KAFKA_CONSUMER=false and derives the DLQ from a custom topic', () => {
    const kafka = loadConfig(
      { KAFKA_BROKERS: 'localhost:9092', KAFKA_CONSUMER: 'false', KAFKA_CHANGE_EVENTS_TOPIC: 'team.changes' },
      CWD,
    ).kafka;
    expect(kafka?.consumerEnabled).toBe(false);
    expect(kafka?.changeEventsTopic).toBe('team.changes');
    expect(kafka?.changeEventsDlqTopic).toBe('team.changes.dlq');
  });

  it('parses API_KEYS', () => {
    const apiKeys = JSON.stringify([
      { key: 'publisher-key-1', roles: ['publisher'], sources: ['argo-cd'], name: 'argo' },
      { key: 'reviewer-key-1', roles: ['reviewer'], name: 'oncall', breakGlassRoles: ['sre-oncall'] },
    ]);
    expect(loadConfig({ API_KEYS: apiKeys }, CWD).apiKeys).toStrictEqual([
      { name: 'argo', key: 'publisher-key-1', roles: ['publisher'], sources: ['argo-cd'] },
      { name: 'oncall', key: 'reviewer-key-1', roles: ['reviewer'], breakGlassRoles: ['sre-oncall'] },
    ]);
  });

  it('refuses API_KEYS whose keys have no name, so records never name a key by its position', () => {
    const error = configError({ API_KEYS: JSON.stringify([{ key: 'reviewer-key-1', roles: ['reviewer'] }]) });
    expect(error.message).toContain('API_KEYS [0].name is required');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://x'],
    ['KAFKA_BROKERS', 'localhost'],
    ['KAFKA_BROKERS', 'a:9092,,b:9092'],
    ['KAFKA_CONSUMER', 'no'],
    ['LOG_LEVEL', 'verbose'],
    ['EMBEDDED_POSTGRES_PORT', '0'],
    ['METRICS_PUBLIC', '1'],
    ['HEALTH_MAX_PROJECTION_LAG', '-1'],
    ['HEALTH_MAX_PROJECTION_LAG', 'lots'],
    ['OVERRIDE_GRANT_MAX_MINUTES', '0'],
    ['OVERRIDE_GRANT_MAX_MINUTES', '10081'],
    ['OVERRIDE_GRANT_MAX_MINUTES', 'an hour'],
    ['SHUTDOWN_TIMEOUT_MS', '999'],
    ['SHUTDOWN_TIMEOUT_MS', '600001'],
    ['KAFKA_PUBLISH_TIMEOUT_MS', '499'],
    ['KAFKA_PUBLISH_TIMEOUT_MS', '2 s'],
    ['KAFKA_PROBE_INTERVAL_MS', '99'],
    ['KAFKA_SESSION_TIMEOUT_MS', '5999'],
    ['KAFKA_SESSION_TIMEOUT_MS', '300001'],
  ])('rejects %s=%j with a ConfigError naming the variable', (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(names(variable));
  });

  const SECRET = 'hunter2-very-secret-key';
  it.each([
    ['not JSON', `${SECRET} is my key`],
    ['an empty array', '[]'],
    ['an object, not an array', JSON.stringify({ name: 'k', key: SECRET, roles: ['admin'] })],
    ['an unknown role', JSON.stringify([{ name: 'k', key: SECRET, roles: ['superuser'] }])],
    ['no roles', JSON.stringify([{ name: 'k', key: SECRET, roles: [] }])],
    ['a publisher without sources', JSON.stringify([{ name: 'k', key: SECRET, roles: ['publisher'] }])],
    [
      'sources that are not strings',
      JSON.stringify([{ name: 'k', key: SECRET, roles: ['publisher'], sources: [1] }]),
    ],
    ['a key shorter than 8 characters', JSON.stringify([{ name: 'k', key: 'hunt3r!', roles: ['admin'] }])],
    [
      'duplicate keys',
      JSON.stringify([
        { name: 'a', key: SECRET, roles: ['admin'] },
        { name: 'b', key: SECRET, roles: ['reviewer'] },
      ]),
    ],
  ])('rejects API_KEYS with %s, naming API_KEYS but never the key', (_what, value) => {
    const error = configError({ API_KEYS: value });
    expect(error.message).toMatch(names('API_KEYS'));
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain('hunt3r!');
  });

  it('names every bad variable in one error', () => {
    const error = configError({
      PORT: 'abc',
      DATABASE_URL: 'mysql://x',
      KAFKA_BROKERS: 'localhost',
      LOG_LEVEL: 'loud',
      API_KEYS: JSON.stringify([{ key: SECRET, roles: ['root'] }]),
      DATA_DIR: 'fine',
    });
    for (const variable of ['PORT', 'DATABASE_URL', 'KAFKA_BROKERS', 'LOG_LEVEL', 'API_KEYS']) {
      expect(error.message).toMatch(names(variable));
    }
    expect(error.message).not.toMatch(names('DATA_DIR'));
    expect(error.message).not.toContain(SECRET);
  });
});

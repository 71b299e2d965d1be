import path from 'node:path';
import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  getMetadataStorage,
  validateSync,
} from 'class-validator';
import { parseApiKeys, type ApiKeyEntry } from '../auth/api-keys';
import { parseIntegrations, type Integration } from '../intake/integrations';
import { parseSourceBindings, type SourceBinding } from '../cdevents/domain/source-bindings';
import { DEFAULT_CALL_EDGE_LABELS, type CallEdgeLabels } from '../alerts/domain/alertmanager';

/** Raised at start-up; the message names the variable so an operator can fix it without reading code. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;

/** Prometheus label names, comma-separated. */
const LABEL_LIST = /^[A-Za-z_][A-Za-z0-9_]*(,[A-Za-z_][A-Za-z0-9_]*)*$/;
/** Two different label names (a client and a server), or none. */
const LABEL_PAIR = /^(?!([A-Za-z_][A-Za-z0-9_]*),\1$)([A-Za-z_][A-Za-z0-9_]*,[A-Za-z_][A-Za-z0-9_]*|none)$/;

/** The environment variables the service reads; each is documented in docs/configuration.md. */
class EnvironmentVariables {
  // 0 picks any free port (tests, benchmarks).
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_MIGRATIONS_URL must be a postgres:// URL' })
  DATABASE_MIGRATIONS_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'READ_MODEL_CHECK_INTERVAL_MS must be an integer' })
  @Min(0)
  @Max(86_400_000)
  READ_MODEL_CHECK_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'READ_MODEL_CHECK_SAMPLE must be an integer' })
  @Min(1)
  @Max(100_000)
  READ_MODEL_CHECK_SAMPLE?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  DATA_DIR?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'EMBEDDED_POSTGRES_PORT must be an integer' })
  @Min(1)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9.\-_]+:\d+(,[A-Za-z0-9.\-_]+:\d+)*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'KAFKA_CLIENT_ID must be [A-Za-z0-9._-]+' })
  KAFKA_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'KAFKA_GROUP_ID must be [A-Za-z0-9._-]+' })
  KAFKA_GROUP_ID?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'KAFKA_CHANGE_EVENTS_TOPIC must be a valid topic name' })
  KAFKA_CHANGE_EVENTS_TOPIC?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'KAFKA_ALERT_EVENTS_TOPIC must be a valid topic name' })
  KAFKA_ALERT_EVENTS_TOPIC?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'KAFKA_TOPOLOGY_TOPIC must be a valid topic name' })
  KAFKA_TOPOLOGY_TOPIC?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'KAFKA_INSIGHTS_TOPIC must be a valid topic name' })
  KAFKA_INSIGHTS_TOPIC?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'INSIGHTS_RELAY_INTERVAL_MS must be an integer' })
  @Min(10)
  @Max(60_000)
  INSIGHTS_RELAY_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'KAFKA_TOPIC_PARTITIONS must be an integer' })
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'KAFKA_CONSUMER must be true or false' })
  KAFKA_CONSUMER?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'KAFKA_PUBLISH_TIMEOUT_MS must be an integer' })
  @Min(500)
  @Max(60_000)
  KAFKA_PUBLISH_TIMEOUT_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'KAFKA_PROBE_INTERVAL_MS must be an integer' })
  @Min(100)
  @Max(60_000)
  KAFKA_PROBE_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'KAFKA_SESSION_TIMEOUT_MS must be an integer' })
  @Min(6_000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  API_KEYS?: string;

  @IsOptional()
  @IsString()
  INTAKE_INTEGRATIONS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'INTAKE_REJECTION_RETENTION_DAYS must be an integer' })
  @Min(1)
  @Max(3650)
  INTAKE_REJECTION_RETENTION_DAYS?: number;

  @IsOptional()
  @Matches(LABEL_LIST, { message: 'ALERT_SERVICE_LABELS must be a comma-separated list of label names' })
  ALERT_SERVICE_LABELS?: string;

  @IsOptional()
  @Matches(LABEL_LIST, { message: 'ALERT_ENVIRONMENT_LABELS must be a comma-separated list of label names' })
  ALERT_ENVIRONMENT_LABELS?: string;

  @IsOptional()
  @Matches(LABEL_LIST, { message: 'ALERT_REGION_LABELS must be a comma-separated list of label names' })
  ALERT_REGION_LABELS?: string;

  @IsOptional()
  @Matches(LABEL_PAIR, {
    message:
      'ALERT_EDGE_LABELS must be two different label names, client then server (e.g. client,server), or none',
  })
  ALERT_EDGE_LABELS?: string;

  @IsOptional()
  @IsString()
  @MaxLength(64, { message: 'ALERTMANAGER_DEFAULT_ENVIRONMENT must be at most 64 characters' })
  ALERTMANAGER_DEFAULT_ENVIRONMENT?: string;

  @IsOptional()
  @IsString()
  CDEVENTS_SOURCES?: string;

  @IsOptional()
  @IsString()
  CDEVENTS_KAFKA_TOPICS?: string;

  @IsOptional()
  @IsIn(['debug', 'info', 'warn', 'error'], { message: 'LOG_LEVEL must be debug, info, warn or error' })
  LOG_LEVEL?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'METRICS_PUBLIC must be true or false' })
  METRICS_PUBLIC?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'HEALTH_MAX_PROJECTION_LAG must be an integer' })
  @Min(0)
  HEALTH_MAX_PROJECTION_LAG?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'OVERRIDE_GRANT_MAX_MINUTES must be an integer' })
  @Min(1)
  @Max(10_080)
  OVERRIDE_GRANT_MAX_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SHUTDOWN_TIMEOUT_MS must be an integer' })
  @Min(1_000)
  @Max(600_000)
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/\S+$/, { message: 'TOPOLOGY_SCRAPE_URL must be an http:// or https:// URL' })
  TOPOLOGY_SCRAPE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'TOPOLOGY_SCRAPE_INTERVAL_MS must be an integer' })
  @Min(1_000)
  @Max(86_400_000)
  TOPOLOGY_SCRAPE_INTERVAL_MS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SESSION_TTL_MINUTES must be an integer' })
  @Min(1)
  @Max(43_200)
  SESSION_TTL_MINUTES?: number;

  @IsOptional()
  @IsIn(['auto', 'always', 'never'], { message: 'SESSION_COOKIE_SECURE must be auto, always or never' })
  SESSION_COOKIE_SECURE?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  TOPOLOGY_SCRAPE_ENVIRONMENT?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  CONSOLE_DIR?: string;
  // A PEM private key, or the path of a file holding one.
  @IsOptional()
  @IsString()
  @MinLength(1)
  AUDIT_SIGNING_KEY?: string;

  // PEM public keys (inline, concatenated) or paths of files holding them, comma-separated.
  @IsOptional()
  @IsString()
  @MinLength(1)
  AUDIT_VERIFY_KEYS?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  AUDIT_CHECKPOINT_DIR?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'AUDIT_CHECKPOINT_TOPIC must be a valid topic name' })
  AUDIT_CHECKPOINT_TOPIC?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'AUDIT_MAX_SEAL_DELAY_SECONDS must be an integer' })
  @Min(1)
  @Max(3_600)
  AUDIT_MAX_SEAL_DELAY_SECONDS?: number;
}

/**
 * The name of every environment variable the configuration reads, in declaration order: the properties
 * of EnvironmentVariables, taken from their validation decorators (every property has at least one), so
 * a variable added there is listed without anyone updating a list. The docs test holds
 * docs/configuration.md to it.
 */
export const CONFIG_VARIABLES: readonly string[] = [
  ...new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
      .map((metadata) => metadata.propertyName),
  ),
];

/** Which Alertmanager labels give an alert's service, environment and region (first present wins). */
export interface AlertLabelsConfig {
  readonly service: readonly string[];
  readonly environment: readonly string[];
  readonly region: readonly string[];
  /** The client and server labels of a call-edge alert (whose service is the server); undefined: none. */
  readonly edge: CallEdgeLabels | undefined;
  /** Environment of an alert that carries none of the environment labels; unset: such alerts are refused. */
  readonly defaultEnvironment: string | undefined;
}

export interface KafkaConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly groupId: string;
  readonly changeEventsTopic: string;
  readonly changeEventsDlqTopic: string;
  readonly topicPartitions: number;
  readonly alertEventsTopic: string;
  readonly alertEventsDlqTopic: string;
  /** Service dependency graphs from a service catalogue (optional; PUT /v1/topology is the other way). */
  readonly topologyTopic: string;
  readonly topologyDlqTopic: string;
  /** Where freeze violations and suspect rankings are published (the outbox relay). */
  readonly insightsTopic: string;
  /** Where signed checkpoints are published (one partition, never compacted). */
  readonly checkpointTopic: string;
  /** How often the outbox relay looks for new insights in the store. */
  readonly insightsRelayIntervalMs: number;
  /** false: this instance only serves HTTP and publishes; other instances consume. */
  readonly consumerEnabled: boolean;
  /** POST /v1/change-events answers 503 when Kafka has not acknowledged within this time. */
  readonly publishTimeoutMs: number;
  /** How often the broker is probed (readiness, fail-fast publishing) and consumer lag is measured. */
  readonly probeIntervalMs: number;
  /**
   * How long the group coordinator waits for a silent consumer before handing its partitions on. It also
   * bounds recovery: a consumer that rejoins as a new member (after a crash, a SIGKILL or being fenced
   * during an outage) waits for its old member's session to expire.
   */
  readonly sessionTimeoutMs: number;
  /** Topics of CDEvents (CloudEvents Kafka binding) consumed, each bound to a source; DLQ: name + `.dlq`. */
  readonly cdeventsTopics: readonly { readonly topic: string; readonly source: string }[];
}

export type DatabaseConfig =
  | {
      readonly mode: 'external';
      readonly url: string;
      /** The owner role's URL, for migrations only; absent: migrations run on `url`, as the service. */
      readonly migrationsUrl: string | undefined;
    }
  | { readonly mode: 'embedded'; readonly dataDir: string; readonly port: number };

/** Signed checkpoints (see docs/security.md, "Signed checkpoints"). */
export interface AuditConfig {
  /** A PEM private key or a file path; absent: the key in `generatedKeyFile`, made on first start. */
  readonly signingKey: string | undefined;
  readonly generatedKeyFile: string;
  /** Extra public keys (PEM or file paths) that verify checkpoints signed before a rotation. */
  readonly verifyKeys: readonly string[];
  /** The append-only directory checkpoints are published to; absent: that target is off. */
  readonly checkpointDir: string | undefined;
  /** The longest a committed event waits to be sealed into a signed checkpoint. */
  readonly maxSealDelaySeconds: number;
}

export interface AppConfig {
  readonly port: number;
  readonly database: DatabaseConfig;
  /** Absent: the in-process transport (embedded mode). */
  readonly kafka: KafkaConfig | undefined;
  /** Absent: no API_KEYS given; the service generates one admin key at start-up. */
  readonly apiKeys: readonly ApiKeyEntry[] | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly alertLabels: AlertLabelsConfig;
  /** true: GET /metrics needs no API key (e.g. a scraper on a private network); false: any key's role. */
  readonly metricsPublic: boolean;
  /** GET /health/ready fails when a checkpointed projection is more events than this behind the store. */
  readonly healthMaxProjectionLag: number;
  /** The sampled check that read models equal a fold of their streams; intervalMs 0: on demand only. */
  readonly readModelCheck: { readonly intervalMs: number; readonly sample: number };
  /** After SIGTERM, the process exits 1 if draining (HTTP, the batch in flight, connections) takes longer. */
  readonly shutdownTimeoutMs: number;
  /** The longest a break-glass override grant may be issued for (expiresInMinutes). */
  readonly overrideGrantMaxMinutes: number;
  /** CDEvents' context.source URI prefixes and the sources they are bound to (CDEVENTS_SOURCES). */
  readonly cdeventsSources: readonly SourceBinding[];
  readonly intake: IntakeConfig;
  readonly audit: AuditConfig;
  /** Absent: the service scrapes no call graph. */
  readonly topologyScrape: TopologyScrapeConfig | undefined;
  /** Console sign-in: how long a session lasts from sign-in (it is not extended by use). */
  readonly sessionTtlMinutes: number;
  /**
   * The session cookie's Secure attribute: `auto` sets it when the request came over TLS (directly, or
   * `X-Forwarded-Proto: https` from a proxy); `always` and `never` override.
   */
  readonly sessionCookieSecure: 'auto' | 'always' | 'never';
  /** Where the console's build is (index.html and assets/), served at /console/. */
  readonly consoleDir: string;
}

/** Where the OpenTelemetry collector's service-graph metrics are read from, how often, for which scope. */
export interface TopologyScrapeConfig {
  /** A Prometheus text-format endpoint exposing traces_service_graph_request_total{client,server}. */
  readonly url: string;
  readonly intervalMs: number;
  /** The environment the scraped graph describes; undefined: the global graph. */
  readonly environment: string | undefined;
}

/** The tools that send changes in their own formats (src/intake/), and how long refused payloads are kept. */
export interface IntakeConfig {
  readonly integrations: readonly Integration[];
  readonly rejectionRetentionDays: number;
}

/** Inline PEM blocks stay whole; anything else is a comma-separated list of paths. */
function splitKeyList(value: string | undefined): readonly string[] {
  if (value === undefined) return [];
  const pems = value.match(/-----BEGIN [^-]+-----[\s\S]+?-----END [^-]+-----/g);
  if (pems !== null) return pems;
  return value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function labelList(value: string | undefined, defaults: readonly string[]): readonly string[] {
  return value === undefined ? defaults : value.split(',');
}

function callEdgeLabels(value: string | undefined): CallEdgeLabels | undefined {
  if (value === undefined) return DEFAULT_CALL_EDGE_LABELS;
  const [client, server] = value.split(',');
  return value === 'none' || client === undefined || server === undefined ? undefined : { client, server };
}

/** Reads and validates configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): AppConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, present);
  const problems = validateSync(vars, { whitelist: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) =>
      message.startsWith(error.property) ? message : `${error.property}: ${message}`,
    ),
  );
  let apiKeys: readonly ApiKeyEntry[] | undefined;
  if (vars.API_KEYS !== undefined) {
    try {
      apiKeys = parseApiKeys(vars.API_KEYS);
    } catch (error) {
      problems.push(`API_KEYS ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (vars.DATABASE_MIGRATIONS_URL !== undefined && vars.DATABASE_URL === undefined) {
    problems.push('DATABASE_MIGRATIONS_URL needs DATABASE_URL (embedded mode sets up both roles itself)');
  }
  let integrations: readonly Integration[] = [];
  if (vars.INTAKE_INTEGRATIONS !== undefined) {
    try {
      integrations = parseIntegrations(vars.INTAKE_INTEGRATIONS);
    } catch (error) {
      problems.push(`INTAKE_INTEGRATIONS ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const bindings = (variable: 'CDEVENTS_SOURCES' | 'CDEVENTS_KAFKA_TOPICS'): SourceBinding[] => {
    try {
      return parseSourceBindings(vars[variable] ?? '', variable);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
      return [];
    }
  };
  const cdeventsSources = bindings('CDEVENTS_SOURCES');
  const cdeventsTopics = bindings('CDEVENTS_KAFKA_TOPICS').map(({ prefix, source }) => ({
    topic: prefix,
    source,
  }));
  for (const { topic } of cdeventsTopics) {
    if (!/^[A-Za-z0-9._-]+$/.test(topic))
      problems.push(`CDEVENTS_KAFKA_TOPICS: "${topic}" is not a valid topic name`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  const brokers = vars.KAFKA_BROKERS?.split(',');
  const topic = vars.KAFKA_CHANGE_EVENTS_TOPIC ?? 'change-events.v1';
  const alertTopic = vars.KAFKA_ALERT_EVENTS_TOPIC ?? 'alert-events.v1';
  const topologyTopic = vars.KAFKA_TOPOLOGY_TOPIC ?? 'topology.v1';
  const dataDir = path.resolve(cwd, vars.DATA_DIR ?? '.data');
  const embedded = vars.DATABASE_URL === undefined;
  return {
    port: vars.PORT ?? 3000,
    database:
      vars.DATABASE_URL !== undefined
        ? { mode: 'external', url: vars.DATABASE_URL, migrationsUrl: vars.DATABASE_MIGRATIONS_URL }
        : {
            mode: 'embedded',
            dataDir,
            port: vars.EMBEDDED_POSTGRES_PORT ?? 54329,
          },
    kafka:
      brokers === undefined
        ? undefined
        : {
            brokers,
            clientId: vars.KAFKA_CLIENT_ID ?? 'change-audit',
            groupId: vars.KAFKA_GROUP_ID ?? 'change-audit',
            changeEventsTopic: topic,
            changeEventsDlqTopic: `${topic}.dlq`,
            alertEventsTopic: alertTopic,
            alertEventsDlqTopic: `${alertTopic}.dlq`,
            topologyTopic,
            topologyDlqTopic: `${topologyTopic}.dlq`,
            topicPartitions: vars.KAFKA_TOPIC_PARTITIONS ?? 6,
            insightsTopic: vars.KAFKA_INSIGHTS_TOPIC ?? 'change-insights.v1',
            checkpointTopic: vars.AUDIT_CHECKPOINT_TOPIC ?? 'audit-checkpoints.v1',
            insightsRelayIntervalMs: vars.INSIGHTS_RELAY_INTERVAL_MS ?? 250,
            consumerEnabled: vars.KAFKA_CONSUMER !== 'false',
            publishTimeoutMs: vars.KAFKA_PUBLISH_TIMEOUT_MS ?? 5_000,
            probeIntervalMs: vars.KAFKA_PROBE_INTERVAL_MS ?? 2_000,
            sessionTimeoutMs: vars.KAFKA_SESSION_TIMEOUT_MS ?? 10_000,
            cdeventsTopics,
          },
    apiKeys,
    logLevel: (vars.LOG_LEVEL ?? 'info') as AppConfig['logLevel'],
    alertLabels: {
      service: labelList(vars.ALERT_SERVICE_LABELS, ['service', 'job', 'app']),
      environment: labelList(vars.ALERT_ENVIRONMENT_LABELS, ['env', 'environment', 'namespace']),
      region: labelList(vars.ALERT_REGION_LABELS, ['region']),
      edge: callEdgeLabels(vars.ALERT_EDGE_LABELS),
      defaultEnvironment: vars.ALERTMANAGER_DEFAULT_ENVIRONMENT,
    },
    metricsPublic: vars.METRICS_PUBLIC === 'true',
    healthMaxProjectionLag: vars.HEALTH_MAX_PROJECTION_LAG ?? 10_000,
    readModelCheck: {
      intervalMs: vars.READ_MODEL_CHECK_INTERVAL_MS ?? 600_000,
      sample: vars.READ_MODEL_CHECK_SAMPLE ?? 200,
    },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS ?? 25_000,
    overrideGrantMaxMinutes: vars.OVERRIDE_GRANT_MAX_MINUTES ?? 240,
    topologyScrape:
      vars.TOPOLOGY_SCRAPE_URL === undefined
        ? undefined
        : {
            url: vars.TOPOLOGY_SCRAPE_URL,
            intervalMs: vars.TOPOLOGY_SCRAPE_INTERVAL_MS ?? 60_000,
            environment: vars.TOPOLOGY_SCRAPE_ENVIRONMENT,
          },
    sessionTtlMinutes: vars.SESSION_TTL_MINUTES ?? 480,
    sessionCookieSecure: (vars.SESSION_COOKIE_SECURE ?? 'auto') as AppConfig['sessionCookieSecure'],
    consoleDir: path.resolve(cwd, vars.CONSOLE_DIR ?? path.join('dist', 'console')),
    intake: { integrations, rejectionRetentionDays: vars.INTAKE_REJECTION_RETENTION_DAYS ?? 30 },
    cdeventsSources,
    audit: {
      signingKey: vars.AUDIT_SIGNING_KEY,
      generatedKeyFile: path.join(dataDir, 'audit-signing-key.pem'),
      verifyKeys: splitKeyList(vars.AUDIT_VERIFY_KEYS),
      // Embedded mode keeps them beside its database by default; with DATABASE_URL, where the data
      // directory is no place for evidence, the operator names one (an object-locked mount).
      checkpointDir:
        vars.AUDIT_CHECKPOINT_DIR !== undefined
          ? path.resolve(cwd, vars.AUDIT_CHECKPOINT_DIR)
          : embedded
            ? path.join(dataDir, 'audit-checkpoints')
            : undefined,
      maxSealDelaySeconds: vars.AUDIT_MAX_SEAL_DELAY_SECONDS ?? 5,
    },
  };
}

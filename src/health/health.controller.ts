import { Controller, Get, Headers, Inject, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { API_KEY_RING, bearerKey } from '../auth/api-key.guard';
import type { ApiKeyRing } from '../auth/api-keys';
import { Public } from '../auth/auth.decorators';
import { ForeignErrorShape } from '../common/http/foreign-error-shape';
import { DescribeResponse } from '../common/http/request-contract';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { CheckpointSealer } from '../event-store/checkpoints/checkpoint-sealer';
import { readStoreProgress } from '../event-store/store-progress';
import { CheckReadModelsHandler } from '../read-models/commands/check-read-models/check-read-models.handler';
import { KAFKA_CONSUMER_CHECK, KAFKA_PRODUCER_CHECK, KafkaClientStatus } from './kafka-client-status';

export interface ReadinessReport {
  status: 'ok' | 'unavailable';
  /**
   * Each check: 'ok', or what is wrong (to a caller with an API key; 'down' to anyone else). A check
   * that reads `degraded: …` is reported but does not make the instance unready.
   */
  checks: Record<string, string>;
  /** The names of the checks that are not 'ok' (absent when ready). */
  failing?: string[];
  /**
   * What does not decide readiness but an operator should see: `read-models`, the last read-model check
   * (a mismatch is the shared data's problem, not this instance's: it leaves the instance ready).
   */
  details?: Record<string, string>;
}

const READINESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { enum: ['ok', 'unavailable'] },
    checks: { type: 'object', additionalProperties: { type: 'string' } },
    failing: { type: 'array', items: { type: 'string' } },
    details: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaClientStatus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(API_KEY_RING) private readonly keys: ApiKeyRing,
    private readonly readModels: CheckReadModelsHandler,
    private readonly sealer: CheckpointSealer,
  ) {}

  /** The process is up. */
  @Get('live')
  @Public()
  @DescribeResponse({
    status: 200,
    description: 'The process is up.',
    schema: { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } },
  })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Ready to take traffic: PostgreSQL answers, every migration has run, projections that follow the
   * store are within HEALTH_MAX_PROJECTION_LAG events of its head, and in Kafka mode the broker answers
   * the probe (kafka-producer) and the consumer is in its group and fetching (kafka-consumer). 503 names
   * the failing checks, in the same report shape as 200 (not problem details: probes and dashboards read one
   * shape, and its `status` is a word). What is wrong (error text from the database or broker) is told only to a caller
   * with an API key of any role; a probe without one sees each check's name and 'ok' or 'down'.
   */
  @Get('ready')
  @Public()
  @ForeignErrorShape()
  @DescribeResponse({ status: 200, description: 'Ready: every check is ok.', schema: READINESS_SCHEMA })
  @DescribeResponse({
    status: 503,
    description: 'Not ready: `failing` names the checks.',
    schema: READINESS_SCHEMA,
  })
  async ready(@Headers('authorization') authorization?: string): Promise<ReadinessReport> {
    const checks: Record<string, string> = {};
    checks['postgres'] = await check(async () => {
      await this.dataSource.query('SELECT 1');
      return 'ok';
    }, 'down');
    if (checks['postgres'] === 'ok') {
      checks['migrations'] = await check(() => this.migrations(), 'unknown');
      checks['projections'] = await check(() => this.projections(), 'unknown');
      checks['audit-checkpoints'] = await check(() => this.auditCheckpoints(), 'unknown');
    }
    const kafka = this.config.kafka;
    if (kafka !== undefined) {
      const expected = [KAFKA_PRODUCER_CHECK, ...(kafka.consumerEnabled ? [KAFKA_CONSUMER_CHECK] : [])];
      Object.assign(checks, this.kafka.checks(expected));
    }
    const failing = Object.keys(checks).filter(
      (name) => checks[name] !== 'ok' && checks[name]?.startsWith(DEGRADED) !== true,
    );
    const key = bearerKey(authorization);
    const authenticated = key !== undefined && this.keys.authenticate(key) !== undefined;
    const shown = authenticated ? checks : upOrDown(checks);
    const details = { 'read-models': this.readModelDetail(authenticated) };
    if (failing.length > 0) {
      throw new ServiceUnavailableException({
        status: 'unavailable',
        checks: shown,
        failing,
        details,
      } satisfies ReadinessReport);
    }
    return { status: 'ok', checks: shown, details };
  }

  /** The last read-model check: its mismatches' streams to a caller with a key, 'mismatch' to others. */
  private readModelDetail(authenticated: boolean): string {
    const report = this.readModels.last;
    if (report === undefined) return 'not checked yet';
    if (report.ok) return `ok (checked ${report.checkedAt})`;
    if (!authenticated) return 'mismatch';
    const streams = report.mismatches.map((m) => `${m.model} ${m.stream}: ${m.problem}`);
    return `mismatch (checked ${report.checkedAt}): ${streams.join('; ')}`;
  }

  /**
   * Sealing and publishing checkpoints: a target that is down, or sealing that is behind, is a data
   * problem every instance shares, not a reason to take this one out of service: degraded, not unready.
   */
  private async auditCheckpoints(): Promise<string> {
    const status = this.sealer.status();
    const unsealedSeconds = await this.sealer.unsealedSeconds();
    const bound = this.config.audit.maxSealDelaySeconds;
    const problems = [
      ...(unsealedSeconds > 2 * bound
        ? [`events wait ${Math.round(unsealedSeconds)} s to be sealed (max ${bound} s)`]
        : []),
      ...status.targets
        .filter((t) => t.error !== undefined || t.lagSeconds > 2 * bound)
        .map(
          (t) =>
            `${t.name} is ${Math.round(t.lagSeconds)} s behind${t.error === undefined ? '' : `: ${t.error}`}`,
        ),
    ];
    return problems.length === 0 ? 'ok' : `${DEGRADED}${problems.join('; ')}`;
  }

  /** Reads schema_migrations (no DDL, unlike TypeORM's showMigrations, which creates the table). */
  private async migrations(): Promise<string> {
    const wanted = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name);
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT name FROM ${this.dataSource.options.migrationsTableName ?? 'migrations'}`,
    );
    const applied = new Set(rows.map((r) => r.name));
    const pending = wanted.filter((name) => !applied.has(name));
    return pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
  }

  private async projections(): Promise<string> {
    const bound = this.config.healthMaxProjectionLag;
    const behind = (await readStoreProgress(this.dataSource)).projections.filter((p) => p.lag > bound);
    if (behind.length === 0) return 'ok';
    return behind.map((p) => `${p.projection} is ${p.lag} events behind the store (max ${bound})`).join('; ');
  }
}

const DEGRADED = 'degraded: ';

function upOrDown(checks: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(checks).map(([name, value]) => [
      name,
      value === 'ok' ? 'ok' : value.startsWith(DEGRADED) ? 'degraded' : 'down',
    ]),
  );
}

async function check(run: () => Promise<string>, failure: string): Promise<string> {
  try {
    return await run();
  } catch (error) {
    return `${failure}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

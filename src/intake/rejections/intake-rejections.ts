import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PollingLoop } from '../../common/polling-loop';
import type { FieldProblem } from '../../common/domain-error';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/app-config';

/** Most of a refused payload kept (bytes of UTF-8): enough to see what was sent, bounded per row. */
export const MAX_KEPT_PAYLOAD_BYTES = 64 * 1024;
/** How often rejections past their retention are deleted. */
const PRUNE_INTERVAL_MS = 60 * 60_000;

export interface IntakeRejection {
  /** The integration's name as configured (the URL's last segment), or what identifies the caller. */
  readonly integration: string;
  /** The intake: github, argocd, pagerduty, launchdarkly, generic (others may add theirs, e.g. cdevents). */
  readonly kind: string;
  /** Why it could not be taken, in a sentence. */
  readonly reason: string;
  readonly errors: readonly FieldProblem[];
  /** The payload as received. */
  readonly payload: string;
}

export interface StoredIntakeRejection extends Omit<IntakeRejection, 'payload'> {
  readonly id: string;
  readonly payload: string;
  readonly payloadBytes: number;
  /** The payload was longer than MAX_KEPT_PAYLOAD_BYTES: only its beginning is kept. */
  readonly truncated: boolean;
  readonly receivedAt: string;
}

interface RejectionRow {
  id: string;
  integration: string;
  kind: string;
  reason: string;
  errors: FieldProblem[];
  payload: string;
  payload_bytes: number;
  truncated: boolean;
  received_at: Date;
}

/** The first `max` bytes of `text` as UTF-8, never splitting a character. */
export function truncateUtf8(text: string, max: number): { text: string; bytes: number; truncated: boolean } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= max) return { text, bytes, truncated: false };
  // A cut inside a multi-byte character decodes to U+FFFD at the end: drop that partial character.
  const cut = Buffer.from(text, 'utf8')
    .subarray(0, max)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  return { text: cut, bytes, truncated: true };
}

/**
 * Payloads the intakes refused, kept for operators (admins only) for INTAKE_REJECTION_RETENTION_DAYS:
 * they may hold what the tool sent in full, so they are bounded in size and time. Any intake records
 * its refusals here.
 */
@Injectable()
export class IntakeRejections implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IntakeRejections.name);
  private readonly retentionDays: number;
  private readonly loop: PollingLoop;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.retentionDays = config.intake.rejectionRetentionDays;
    this.loop = new PollingLoop(
      PRUNE_INTERVAL_MS,
      () => this.prune(),
      this.logger,
      'pruning intake rejections',
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.prune();
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  async record(rejection: IntakeRejection): Promise<void> {
    const kept = truncateUtf8(rejection.payload, MAX_KEPT_PAYLOAD_BYTES);
    // PostgreSQL text cannot hold NUL; the payload is evidence, so it is kept with NULs made visible.
    const payload = kept.text.replaceAll('\u0000', '\\u0000');
    await this.dataSource.query(
      `INSERT INTO intake_rejections (integration, kind, reason, errors, payload, payload_bytes, truncated)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        rejection.integration,
        rejection.kind,
        rejection.reason,
        JSON.stringify(rejection.errors),
        payload,
        kept.bytes,
        kept.truncated,
      ],
    );
  }

  /** Newest first; `before` (an id) pages back. */
  async list(
    filter: { integration?: string; kind?: string; before?: string; from?: Date; to?: Date },
    limit: number,
  ): Promise<StoredIntakeRejection[]> {
    const rows = await this.dataSource.query<RejectionRow[]>(
      `SELECT id, integration, kind, reason, errors, payload, payload_bytes, truncated, received_at
         FROM intake_rejections
        WHERE ($1::text IS NULL OR integration = $1)
          AND ($2::text IS NULL OR kind = $2)
          AND ($3::bigint IS NULL OR id < $3)
          AND ($4::timestamptz IS NULL OR received_at >= $4)
          AND ($5::timestamptz IS NULL OR received_at < $5)
        ORDER BY id DESC
        LIMIT $6`,
      [
        filter.integration ?? null,
        filter.kind ?? null,
        filter.before ?? null,
        filter.from ?? null,
        filter.to ?? null,
        limit,
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      integration: row.integration,
      kind: row.kind,
      reason: row.reason,
      errors: row.errors,
      payload: row.payload,
      payloadBytes: row.payload_bytes,
      truncated: row.truncated,
      receivedAt: row.received_at.toISOString(),
    }));
  }

  /** Deletes rejections older than the retention; resolves with how many. */
  async prune(now: Date = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.retentionDays * 86_400_000);
    const result = await this.dataSource.query<[unknown[], number]>(
      `DELETE FROM intake_rejections WHERE received_at < $1`,
      [cutoff],
    );
    return result[1];
  }
}

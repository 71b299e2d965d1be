import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { errorMessage } from '../../common/error-message';
import { PollingLoop } from '../../common/polling-loop';
import { withTimeout } from '../../common/retry';
import type { AppConfig } from '../../config/app-config';
import { createKafka } from '../../messaging/kafka/kafka-client';
import { APP_CONFIG } from '../../config/config.module';
import { Metrics } from '../../telemetry/metrics/metrics';
import { CHECKPOINT_ORIGIN, signCheckpoint, type Checkpoint } from '../domain/checkpoint';
import { MerkleFrontier, type NewNode } from '../domain/merkle-tree';
import { PostgresEventStore } from '../postgres-event-store';
import { CheckpointRepository, type SealedLeaf } from './checkpoint-repository';
import { DirectoryTarget, type CheckpointTarget } from './checkpoint-targets';
import { KafkaCheckpointTarget } from './kafka-checkpoint-target';
import type { AuditKeys } from './signing-key';

export const AUDIT_KEYS = Symbol('AUDIT_KEYS');

/** Events per sealing transaction: a round seals everything committed, in slices of this many. */
const SEAL_SLICE = 20_000;
/**
 * Rounds per AUDIT_MAX_SEAL_DELAY_SECONDS: an event waits up to one interval plus the round that seals it,
 * and a round of a full ingest's interval takes a good part of a second on a busy machine.
 */
const ROUNDS_PER_MAX_DELAY = 5;
/**
 * A round of the loop seals only once the oldest unsealed event has waited this share of
 * AUDIT_MAX_SEAL_DELAY_SECONDS (or a full slice is waiting): steady traffic then makes a checkpoint every
 * few seconds rather than every second, and an event still waits at most that share plus an interval and
 * the round that seals it.
 */
const DUE_SHARE = 0.2;
/** Any constant both instances agree on: one sealer at a time, the others skip the round. */
const SEALER_LOCK = 7_326_130_917;
/** Likewise for publishing: two instances publishing at once would put a checkpoint on a topic twice. */
const PUBLISHER_LOCK = 7_326_130_918;

/** A publish target's progress, for the metric and readiness. */
interface TargetState {
  readonly target: CheckpointTarget;
  publishedUpTo: number | undefined;
  /** When the oldest checkpoint not yet published there was sealed (undefined: caught up). */
  behindSince: number | undefined;
  lastError: string | undefined;
}

export interface SealingStatus {
  readonly targets: readonly { name: string; lagSeconds: number; error?: string }[];
}

/**
 * Seals the store into signed checkpoints: reads committed events in position order (the same gap-safe
 * reader the projections follow), appends each event's hash to the Merkle tree, stores the leaves and
 * completed nodes with a checkpoint signed by the service's key, all in one transaction, then publishes
 * the checkpoints outside PostgreSQL. A round starts every fifth of AUDIT_MAX_SEAL_DELAY_SECONDS (at least
 * every 250 ms) and seals once due (DUE_SHARE), so an event waits that share, an interval and one round;
 * publishing runs as often, on a loop of its own. A target
 * that is down does not hold sealing back; it catches up later, and its lag shows.
 */
@Injectable()
export class CheckpointSealer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CheckpointSealer.name);
  private readonly sealing: PollingLoop;
  private readonly publishing: PollingLoop;
  private readonly targets: TargetState[];
  /** How long a round waits for the appenders in flight when it starts (see readLeafHashes' `fresh`). */
  private readonly readableWaitMs: number;
  /** How long the oldest unsealed event waits before a round of the loop seals (see DUE_SHARE). */
  private readonly dueSeconds: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
    private readonly checkpoints: CheckpointRepository,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    @Inject(APP_CONFIG) config: AppConfig,
    metrics: Metrics,
  ) {
    const dir = config.audit.checkpointDir;
    if (dir === undefined) {
      this.logger.warn(
        'AUDIT_CHECKPOINT_DIR is not set: checkpoints are not published to a directory. Verifiers then ' +
          'depend on GET /v1/audit/checkpoints (docs/operations.md, "Signed checkpoints").',
      );
    }
    const targets: CheckpointTarget[] = dir === undefined ? [] : [new DirectoryTarget(dir)];
    // In Kafka mode checkpoints also go to a topic, read by verifiers that never see the directory.
    if (config.kafka !== undefined) {
      targets.push(
        new KafkaCheckpointTarget(
          createKafka(config.kafka, { retries: 2 }),
          config.kafka.checkpointTopic,
          config.kafka.publishTimeoutMs,
        ),
      );
    }
    this.targets = targets.map((target) => ({
      target,
      publishedUpTo: undefined,
      behindSince: undefined,
      lastError: undefined,
    }));
    const intervalMs = Math.max(250, (config.audit.maxSealDelaySeconds * 1000) / ROUNDS_PER_MAX_DELAY);
    // Two loops: a slow publish target (a broker's acks, a remote directory) must not stretch sealing's.
    this.readableWaitMs = intervalMs;
    this.dueSeconds = config.audit.maxSealDelaySeconds * DUE_SHARE;
    // Paced from the round's start: under full ingest a round takes a good part of the interval, and an
    // event waits for the interval plus the round that seals it, not plus the one before as well.
    this.sealing = new PollingLoop(
      intervalMs,
      () => this.sealIfDue(),
      this.logger,
      'checkpoint sealing',
      true,
    );
    this.publishing = new PollingLoop(
      intervalMs,
      () => this.publishPending(),
      this.logger,
      'checkpoint publishing',
    );
    const status = (): SealingStatus => this.status();
    const unsealedSeconds = (): Promise<number> => this.unsealedSeconds();
    new Gauge({
      name: 'change_audit_checkpoint_publish_lag_seconds',
      help: 'Seconds since the oldest checkpoint not yet published to a target was sealed (0: caught up)',
      labelNames: ['target'] as const,
      registers: [metrics.registry],
      collect() {
        for (const t of status().targets) this.set({ target: t.name }, t.lagSeconds);
      },
    });
    new Gauge({
      name: 'change_audit_unsealed_seconds',
      help: 'Seconds the oldest committed event not yet in a signed checkpoint has waited (0: all sealed)',
      registers: [metrics.registry],
      async collect() {
        // A scrape must still answer with everything else when the database does not: the gauge keeps
        // its last value, and readiness names the database.
        const seconds = await unsealedSeconds().catch(() => undefined);
        if (seconds !== undefined) this.set(seconds);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.sealing.start();
    this.publishing.start();
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.sealing.stop(), this.publishing.stop()]);
    for (const { target } of this.targets) {
      const closing = target.close?.();
      if (closing === undefined) continue;
      // A broker that is away must not hold the shutdown.
      await withTimeout(closing, 3_000, `closing the ${target.name} checkpoint target`).catch(
        (error: unknown) => {
          this.logger.warn(`closing the ${target.name} checkpoint target: ${errorMessage(error)}`);
        },
      );
    }
  }

  status(): SealingStatus {
    const now = Date.now();
    const since = (at: number | undefined): number => (at === undefined ? 0 : (now - at) / 1000);
    return {
      targets: this.targets.map((t) => ({
        name: t.target.name,
        lagSeconds: since(t.behindSince),
        ...(t.lastError === undefined ? {} : { error: t.lastError }),
      })),
    };
  }

  /** Seconds the oldest committed event not yet in a signed checkpoint has waited (0: all sealed). */
  async unsealedSeconds(): Promise<number> {
    const oldest = await this.checkpoints.oldestUnsealedRecordedAt();
    return oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest.getTime()) / 1000);
  }

  /** Seals everything committed, then publishes what the targets lack (what the two loops do, in turn). */
  async round(): Promise<void> {
    await this.sealPending();
    await this.publishPending();
  }

  /** The loop's round: seals when the oldest unsealed event is due or a full slice is waiting. */
  async sealIfDue(): Promise<void> {
    if ((await this.unsealedSeconds()) < this.dueSeconds) {
      const latest = await this.checkpoints.latest();
      // Positions, not events: an overestimate (a rolled-back append leaves a gap), which only seals sooner.
      const waiting = (await this.store.readablePosition(undefined, 0)) - BigInt(latest?.lastPosition ?? '0');
      if (waiting < BigInt(SEAL_SLICE)) return;
    }
    await this.sealPending();
  }

  /** Seals everything committed, a slice per transaction. */
  private async sealPending(): Promise<void> {
    for (;;) {
      const sealed = await this.sealSlice();
      if (sealed < SEAL_SLICE) break;
    }
  }

  /** One transaction: up to SEAL_SLICE events into the tree and one checkpoint. Returns how many. */
  async sealSlice(): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const locked = await tx.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        SEALER_LOCK,
      ]);
      if (locked[0]?.locked !== true) return 0;
      const latest = await this.checkpoints.latest(tx);
      const size = latest?.treeSize ?? 0;
      const events = await this.store.readLeafHashes(BigInt(latest?.lastPosition ?? '0'), SEAL_SLICE, {
        waitMs: this.readableWaitMs,
      });
      const first = events[0];
      if (first === undefined) return 0;
      const edge = await this.checkpoints.nodeHashes(MerkleFrontier.edgeNodes(size), tx);
      const frontier = MerkleFrontier.of(size, edge);
      const leaves: SealedLeaf[] = [];
      const nodes: NewNode[] = [];
      // The leaves are the hashes the appenders computed from the content as it arrived. A row edited
      // since (before or after sealing) no longer matches its sealed leaf, and every verification says so.
      for (const event of events) {
        const leafHash = Buffer.from(event.hash, 'hex');
        leaves.push({ index: frontier.size, position: event.position, hash: leafHash });
        nodes.push(...frontier.append(leafHash));
      }
      const last = events[events.length - 1] ?? first;
      const checkpoint = signCheckpoint(
        {
          origin: CHECKPOINT_ORIGIN,
          treeSize: frontier.size,
          rootHash: frontier.root().toString('hex'),
          lastPosition: last.position.toString(),
          timestamp: new Date().toISOString(),
        },
        this.keys.signing,
      );
      await this.checkpoints.saveSeal(tx, leaves, nodes, checkpoint);
      return events.length;
    });
  }

  /** One instance at a time publishes (the others skip the round); each target from where it is now. */
  private async publishPending(): Promise<void> {
    if (this.targets.length === 0) return;
    await this.dataSource.transaction(async (tx) => {
      const locked = await tx.query<{ locked: boolean }[]>(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
        PUBLISHER_LOCK,
      ]);
      if (locked[0]?.locked !== true) return;
      for (const state of this.targets) await this.publishTo(state);
    });
  }

  private async publishTo(state: TargetState): Promise<void> {
    try {
      state.publishedUpTo = await state.target.publishedUpTo();
      for (;;) {
        const pending: Checkpoint[] = await this.checkpoints.after(state.publishedUpTo, 100);
        const next = pending[0];
        if (next === undefined) break;
        state.behindSince ??= Date.parse(next.timestamp);
        for (const checkpoint of pending) {
          await state.target.publish(checkpoint);
          state.publishedUpTo = checkpoint.treeSize;
        }
      }
      state.behindSince = undefined;
      state.lastError = undefined;
    } catch (error) {
      const message = errorMessage(error);
      if (state.lastError !== message) {
        this.logger.error(`publishing checkpoints to ${state.target.name} failed: ${message}`);
      }
      state.lastError = message;
      // Unknown progress (the target could not even be read): behind since the oldest it may lack.
      const oldest = (await this.checkpoints.after(state.publishedUpTo ?? 0, 1).catch(() => []))[0];
      if (oldest !== undefined) state.behindSince ??= Date.parse(oldest.timestamp);
    }
  }
}

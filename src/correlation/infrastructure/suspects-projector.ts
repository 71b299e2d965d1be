import { createHash } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { drainPages, PollingLoop } from '../../common/polling-loop';
import { InstanceLease } from '../../database/instance-lease';
import { ALERT_EVENT_RECORDED, ALERT_STREAM, alertEventOf } from '../../alerts/domain/alert-stream';
import { AlertsReadModel } from '../../alerts/infrastructure/alerts.read-model';
import { CHANGE_EVENT_RECORDED, changeEventOf } from '../../changes/domain/change-stream';
import type { SuspectsV1 } from '../../contracts/generated/suspects.v1';
import { SUSPECTS_RANKED } from '../../contracts/insight-events';
import {
  serviceEventId,
  type JsonObject,
  type NewEvent,
  type EventPayload,
} from '../../event-store/domain/stored-event';
import { EventStore } from '../../event-store/event-store';
import { registerProjection } from '../../event-store/store-progress';
import { alertInstanceKey } from '../../alerts/domain/alert-event';
import type { AlertRanking } from '../domain/ranking';
import { CorrelationReader } from './correlation.reader';
import { SuspectRanking } from './suspect-ranking';

export const SUSPECTS_CHECKPOINT = 'suspects';
const PAGE = 5_000;
/** Alerts re-ranked per page at most: a burst of changes must not turn into thousands of rankings. */
const MAX_ALERTS_PER_PAGE = 200;
const TOP = 10;
const INTERVAL_MS = 500;
/** The advisory lock key of the projector's lease (any constant all instances agree on). */
const SUSPECTS_LEASE_KEY = 7_326_130_919;

/** The ranking as published: the top suspects with their reasons. */
export function suspectsPayload(ranking: AlertRanking, rankedAt: Date): SuspectsV1 {
  const round = (x: number): number => Math.round(x * 10_000) / 10_000;
  return {
    alertKey: ranking.alert.key,
    fingerprint: ranking.alert.fingerprint,
    source: ranking.alert.source,
    service: ranking.alert.service ?? null,
    environment: ranking.alert.environment,
    alertStartsAt: new Date(ranking.alert.startsAt).toISOString(),
    rankedAt: rankedAt.toISOString(),
    candidates: ranking.suspects.length,
    noChangeScore: round(ranking.noChangeScore),
    suspects: ranking.suspects.slice(0, TOP).map((s) => ({
      changeId: s.changeId,
      rank: s.rank,
      score: round(s.score),
      reasons: [...s.reasons],
      service: s.change.service ?? null,
      kind: s.change.kind,
    })),
  };
}

/**
 * Same top suspects in the same order → same event id, so an unchanged ranking appends nothing (the
 * store's idempotent append) and a changed one appends exactly once, however often it is recomputed.
 */
export function suspectsEventId(payload: SuspectsV1): string {
  const signature = payload.suspects.map((s) => `${s.rank}:${s.changeId}`).join('|');
  const digest = createHash('sha256').update(signature).digest('hex').slice(0, 24);
  return `suspects:${payload.alertKey}:${digest}`;
}

/** The SuspectsRanked event of a ranking (same top suspects → same id: appending it again is a no-op). */
function rankingEvent(ranking: AlertRanking, now: Date, metadata: JsonObject): NewEvent {
  const payload = suspectsPayload(ranking, now);
  return {
    namespace: ranking.alert.source,
    eventId: serviceEventId(suspectsEventId(payload)),
    streamType: ALERT_STREAM,
    streamId: ranking.alert.key,
    type: SUSPECTS_RANKED,
    data: payload as unknown as JsonObject,
    // suspects.v1 has no room for it: which weights produced the ranking goes with the event's metadata.
    metadata: { ...metadata, weightsVersion: ranking.weights.version },
    occurredAt: now,
  };
}

/** POST /v1/correlation/re-rank ranks at most this many alerts per call. */
export const MAX_RE_RANKED_ALERTS = 1_000;

/**
 * Keeps suspect rankings current as an async projection of the store: it follows the store by position
 * (gap-safe, up to the head) from its checkpoint, works out which firing alerts the new changes or alerts
 * affect, re-ranks them, and appends a SuspectsRanked event to an alert's stream when its top suspects
 * changed — which the outbox relay then publishes to change-insights.v1. The ranking is done outside any
 * transaction; the append and the checkpoint commit together, and only if no other instance moved the
 * checkpoint meanwhile.
 *
 * A new topology or coverage version re-ranks nothing already recorded: a ranking uses the graph in
 * force at its alert's start, so only a backdated version could change it, and that is re-ranked only
 * when asked (reRank).
 */
@Injectable()
export class SuspectsProjector implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SuspectsProjector.name);
  private readonly types = [CHANGE_EVENT_RECORDED, ALERT_EVENT_RECORDED];
  /**
   * One instance projects, the others skip their rounds: each would otherwise read and rank every page and
   * lose the claim at the end. The claim still decides; the lease only saves the losers' work.
   */
  private readonly lease: InstanceLease;
  private readonly loop = new PollingLoop(
    INTERVAL_MS,
    async () => ((await this.lease.held()) ? this.catchUp() : 0),
    this.logger,
    'suspect rankings',
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
    private readonly alerts: AlertsReadModel,
    private readonly reader: CorrelationReader,
    private readonly ranking: SuspectRanking,
  ) {
    this.lease = new InstanceLease(dataSource, SUSPECTS_LEASE_KEY, SUSPECTS_CHECKPOINT);
  }

  async onApplicationBootstrap(): Promise<void> {
    await registerProjection(this.dataSource, SUSPECTS_CHECKPOINT);
    this.loop.start();
  }

  /** Before the database pool closes: finish the page in flight, then stop. */
  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
    await this.lease.release();
  }

  /** Projects everything up to the head; resolves with the number of rankings appended. */
  catchUp(): Promise<number> {
    return drainPages(() => this.projectPage());
  }

  private async checkpoint(): Promise<bigint> {
    // Again each round (cheap): an operator who deletes the row has the rankings projected from the start.
    await registerProjection(this.dataSource, SUSPECTS_CHECKPOINT);
    const rows = await this.dataSource.query<{ position: string }[]>(
      `SELECT position FROM projection_checkpoints WHERE name = $1`,
      [SUSPECTS_CHECKPOINT],
    );
    return BigInt(rows[0]?.position ?? '0');
  }

  /** undefined when there was nothing new (or another instance got there first). */
  private async projectPage(): Promise<number | undefined> {
    const after = await this.checkpoint();
    const { events, readUpTo } = await this.store.readPayloadsOfTypes(after, this.types, PAGE);
    if (readUpTo <= after) return undefined;
    const now = new Date();
    const rankings: NewEvent[] = [];
    for (const key of await this.affectedAlerts(events)) {
      const ranking = await this.ranking.forAlert(key);
      if (ranking === undefined) continue;
      rankings.push(
        rankingEvent(ranking, now, { rankedBy: 'suspects-projector', throughPosition: readUpTo.toString() }),
      );
    }
    return this.store.transaction(async (tx) => {
      const claimed = await tx.query<{ position: string }[]>(
        `SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
        [SUSPECTS_CHECKPOINT],
      );
      if (BigInt(claimed[0]?.position ?? '-1') !== after) return undefined;
      const { appended } = await this.store.append(tx, rankings);
      await tx.query(`UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1`, [
        SUSPECTS_CHECKPOINT,
        readUpTo.toString(),
      ]);
      return appended.length;
    });
  }

  /**
   * Ranks again every alert (firing or resolved) that started in [from, to), at most
   * MAX_RE_RANKED_ALERTS, and records the rankings whose top suspects changed.
   */
  async reRank(
    from: number,
    to: number,
    metadata: JsonObject,
  ): Promise<{ readonly ranked: number; readonly recorded: number; readonly truncated: boolean }> {
    const alerts = await this.alerts.startedBetween(from, to, {}, MAX_RE_RANKED_ALERTS + 1);
    const inRange = alerts.filter((a) => a.startsAt < to).slice(0, MAX_RE_RANKED_ALERTS);
    const now = new Date();
    const rankings: NewEvent[] = [];
    for (const state of inRange) {
      const ranking = await this.ranking.forAlert(state.key);
      if (ranking !== undefined)
        rankings.push(rankingEvent(ranking, now, { rankedBy: 're-rank', ...metadata }));
    }
    const recorded = await this.store.transaction(
      async (tx) => (await this.store.append(tx, rankings)).appended.length,
    );
    return { ranked: rankings.length, recorded, truncated: alerts.length > MAX_RE_RANKED_ALERTS };
  }

  /** The firing alerts whose ranking these events may change. */
  private async affectedAlerts(events: readonly EventPayload[]): Promise<string[]> {
    const keys = new Set<string>();
    const { lookbackMs, clockSkewMs } = this.reader.options;
    const changeWindows = new Map<string, { from: number; to: number }>();
    for (const event of events) {
      if (event.type === ALERT_EVENT_RECORDED) {
        const alert = alertEventOf(event);
        if (alert.status === 'firing') keys.add(alertInstanceKey(alert));
      } else if (event.type === CHANGE_EVENT_RECORDED) {
        const change = changeEventOf(event);
        const at = Date.parse(change.occurredAt);
        const window = changeWindows.get(change.environment);
        changeWindows.set(change.environment, {
          from: Math.min(window?.from ?? at, at),
          to: Math.max(window?.to ?? at, at),
        });
      }
    }
    // A change can concern alerts that start from a little before it (clock skew) to a lookback after.
    for (const [environment, { from, to }] of changeWindows) {
      const firing = await this.alerts.startedBetween(
        from - clockSkewMs,
        to + lookbackMs,
        { environment, status: 'firing' },
        MAX_ALERTS_PER_PAGE,
      );
      for (const state of firing) keys.add(state.key);
    }
    return [...keys].slice(0, MAX_ALERTS_PER_PAGE);
  }
}

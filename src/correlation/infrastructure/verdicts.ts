import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ALERT_STREAM, alertStreamNamespace } from '../../alerts/domain/alert-stream';
import { serviceEventId } from '../../event-store/domain/stored-event';
import { EventStore } from '../../event-store/event-store';
import { qualityFromRanks, type RankingQuality } from '../domain/quality';
import type { TrainingCandidate, TrainingVerdict } from '../domain/weights';

export const SUSPECT_VERDICT_RECORDED = 'SuspectVerdictRecorded';

export interface RecordedVerdict {
  readonly alertKey: string;
  /** The change's source ('' when the verdict named a change that was no suspect, without its source). */
  readonly source: string;
  readonly changeId: string;
  readonly verdict: 'cause' | 'not_cause';
  /** The change's rank in the ranking the reviewer saw (null: it was not a suspect). */
  readonly rank: number | null;
  readonly note: string | null;
  readonly by: string;
  readonly recordedAt: string;
  /** The factor weights version that produced the ranking the reviewer saw (0: the priors). */
  readonly weightsVersion: number;
}

/** What the verdict event also records for training: the ranking's candidates with their factor values. */
export interface VerdictTrainingData {
  readonly weightsVersion: number;
  readonly candidates: readonly TrainingCandidate[];
}

/** At most this many candidates (the best ranked) are recorded with a verdict. */
export const MAX_RECORDED_CANDIDATES = 50;

/**
 * Reviewers' verdicts: an event in the alert's stream (the audit) and a row per (alert, change) in
 * suspect_verdicts, where a later verdict on the same change replaces the earlier one.
 */
@Injectable()
export class Verdicts {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: EventStore<EntityManager>,
  ) {}

  async record(
    verdict: Omit<RecordedVerdict, 'recordedAt' | 'weightsVersion'>,
    training: VerdictTrainingData,
  ): Promise<RecordedVerdict> {
    const recorded: RecordedVerdict = {
      ...verdict,
      recordedAt: new Date().toISOString(),
      weightsVersion: training.weightsVersion,
    };
    await this.store.transaction(async (tx) => {
      await this.store.append(tx, [
        {
          namespace: alertStreamNamespace(verdict.alertKey),
          eventId: serviceEventId(`verdict:${randomUUID()}`),
          streamType: ALERT_STREAM,
          streamId: verdict.alertKey,
          type: SUSPECT_VERDICT_RECORDED,
          data: {
            ...recorded,
            candidates: training.candidates.slice(0, MAX_RECORDED_CANDIDATES).map((c) => ({
              source: c.source,
              changeId: c.changeId,
              factors: { ...c.factors },
              ...(c.kind === undefined ? {} : { kind: c.kind }),
              ...(c.delayMs === undefined ? {} : { delayMs: c.delayMs }),
            })),
          },
          metadata: { by: verdict.by, receivedVia: 'http' },
          occurredAt: new Date(recorded.recordedAt),
        },
      ]);
      await tx.query(
        `INSERT INTO suspect_verdicts (alert_key, change_id, verdict, rank, note, by, recorded_at, change_source)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (alert_key, change_source, change_id) DO UPDATE SET verdict = EXCLUDED.verdict, rank = EXCLUDED.rank,
           note = EXCLUDED.note, by = EXCLUDED.by, recorded_at = EXCLUDED.recorded_at`,
        [
          verdict.alertKey,
          verdict.changeId,
          verdict.verdict,
          verdict.rank,
          verdict.note,
          verdict.by,
          recorded.recordedAt,
          verdict.source,
        ],
      );
    });
    return recorded;
  }

  /**
   * HR@1, HR@3 and MRR over every alert with at least one change judged its cause: the best rank among
   * its causes, as ranked when the verdict was given.
   */
  async quality(): Promise<RankingQuality> {
    const rows = await this.dataSource.query<{ best: number | null }[]>(
      `SELECT min(rank) AS best FROM suspect_verdicts WHERE verdict = 'cause' GROUP BY alert_key`,
    );
    return qualityFromRanks(rows.map((r) => r.best ?? undefined));
  }

  /** Changes whenever a verdict is recorded (a new row, or a later verdict replacing one). */
  async verdictsVersion(): Promise<string> {
    const rows = await this.dataSource.query<{ version: string }[]>(
      `SELECT count(*) || ':' || coalesce(max(recorded_at)::text, '') AS version FROM suspect_verdicts`,
    );
    return rows[0]?.version ?? '';
  }

  /**
   * Every verdict as recorded, oldest first, with the candidates of the ranking it was given on
   * (verdicts recorded before candidates were kept have none: training skips them).
   */
  async trainingVerdicts(): Promise<TrainingVerdict[]> {
    // The alerts with verdicts, then their streams' verdict events (by the stream index).
    const keys = (
      await this.dataSource.query<{ alert_key: string }[]>(`SELECT DISTINCT alert_key FROM suspect_verdicts`)
    ).map((r) => r.alert_key);
    const events = await this.store.readStreams(
      ALERT_STREAM,
      keys.map((key) => ({ namespace: alertStreamNamespace(key), streamId: key })),
      [SUSPECT_VERDICT_RECORDED],
    );
    events.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
    return events.flatMap((event) => {
      const data: Partial<RecordedVerdict & VerdictTrainingData> = event.data;
      return data.alertKey === undefined || data.changeId === undefined || data.verdict === undefined
        ? []
        : [
            {
              alertKey: data.alertKey,
              source: data.source ?? '',
              changeId: data.changeId,
              verdict: data.verdict,
              at: Date.parse(data.recordedAt ?? ''),
              candidates: Array.isArray(data.candidates) ? data.candidates : undefined,
            },
          ];
    });
  }
}

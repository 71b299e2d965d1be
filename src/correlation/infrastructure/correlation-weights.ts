import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/domain-error';
import { SERVICE_NAMESPACE, type JsonObject } from '../../event-store/domain/stored-event';
import { EventStore } from '../../event-store/event-store';
import {
  fitRankingModel,
  MIN_TRAINING_CAUSES,
  MIN_TRAINING_VERDICTS,
  missingForTraining,
  timeSplitEvaluation,
  trainingCases,
  type TimeSplitEvaluation,
  type TrainingCounts,
  type WeightsInUse,
} from '../domain/weights';
import {
  foldWeights,
  NO_WEIGHTS,
  toNewWeightsEvent,
  WEIGHTS_APPLIED,
  WEIGHTS_RESET,
  WEIGHTS_STREAM,
  WEIGHTS_STREAM_ID,
  WEIGHTS_TRAINED,
  weightsInUse,
  type TrainedWeights,
  type WeightsState,
} from '../domain/weights-stream';
import { Verdicts } from './verdicts';

const WEIGHTS = {
  streamType: WEIGHTS_STREAM,
  namespace: SERVICE_NAMESPACE,
  streamId: WEIGHTS_STREAM_ID,
} as const;

/**
 * The factor weights: trained from the verdicts, applied and reset by admins, each an event in the
 * service's own stream. The state is folded from that stream and cached by its version.
 */
@Injectable()
export class CorrelationWeights {
  private cached: { streamVersion: number; state: WeightsState } = { streamVersion: 0, state: NO_WEIGHTS };
  /** The time-split evaluation is a fit: computed again only when a verdict was added. */
  private evaluated:
    { verdictsVersion: string; counts: TrainingCounts; evaluation: TimeSplitEvaluation | null } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly verdicts: Verdicts,
  ) {}

  async state(): Promise<WeightsState> {
    const streamVersion = await this.store.streamVersion(WEIGHTS);
    if (streamVersion !== this.cached.streamVersion) {
      const events = await this.store.readStream(WEIGHTS_STREAM, SERVICE_NAMESPACE, WEIGHTS_STREAM_ID);
      this.cached = {
        streamVersion: events[events.length - 1]?.streamVersion ?? 0,
        state: foldWeights(events.map((e) => ({ type: e.type, data: e.data }))),
      };
    }
    return this.cached.state;
  }

  /** The weights rankings use now. */
  async inUse(): Promise<WeightsInUse> {
    return weightsInUse(await this.state());
  }

  /** What the verdicts so far amount to for training, and the time-split evaluation over them. */
  async evaluation(): Promise<{ counts: TrainingCounts; evaluation: TimeSplitEvaluation | null }> {
    const verdictsVersion = await this.verdicts.verdictsVersion();
    if (this.evaluated?.verdictsVersion !== verdictsVersion) {
      const { cases, counts } = trainingCases(await this.verdicts.trainingVerdicts());
      this.evaluated = { verdictsVersion, counts, evaluation: timeSplitEvaluation(cases) ?? null };
    }
    return { counts: this.evaluated.counts, evaluation: this.evaluated.evaluation };
  }

  /** Fits a new version from every verdict so far (not applied yet); refused while too few. */
  async train(by: string): Promise<TrainedWeights> {
    const { cases, counts } = trainingCases(await this.verdicts.trainingVerdicts());
    const missing = missingForTraining(counts);
    if (missing !== undefined)
      throw new DomainError('conflict', missing, {
        extensions: {
          missingVerdicts: Math.max(0, MIN_TRAINING_VERDICTS - counts.verdicts),
          missingCauses: Math.max(0, MIN_TRAINING_CAUSES - counts.causes),
        },
      });
    const state = await this.state();
    const trained: TrainedWeights = {
      version: state.versions.length + 1,
      ...fitRankingModel(cases),
      trainedOn: counts,
      trainedAt: new Date().toISOString(),
      trainedBy: by,
      evaluation: timeSplitEvaluation(cases) ?? null,
    };
    await this.append(WEIGHTS_TRAINED, `trained:${trained.version}`, trained as unknown as JsonObject, by);
    return trained;
  }

  /** Rankings from now on use this version (0: the priors). */
  async apply(version: number, by: string): Promise<WeightsInUse> {
    const state = await this.state();
    if (version !== 0 && !state.versions.some((v) => v.version === version)) {
      throw new DomainError('not_found', `no trained weights version ${version}`);
    }
    await this.append(WEIGHTS_APPLIED, `applied:${randomUUID()}`, { version }, by);
    return weightsInUse({ ...state, applied: version });
  }

  /** Back to the priors. */
  async reset(by: string): Promise<WeightsInUse> {
    await this.append(WEIGHTS_RESET, `reset:${randomUUID()}`, {}, by);
    return weightsInUse(NO_WEIGHTS);
  }

  private async append(
    type: typeof WEIGHTS_TRAINED | typeof WEIGHTS_APPLIED | typeof WEIGHTS_RESET,
    id: string,
    data: JsonObject,
    by: string,
  ): Promise<void> {
    await this.store.transaction(async (tx) => {
      await this.store.append(tx, [
        toNewWeightsEvent(type, id, data, { by, receivedVia: 'http' }, new Date()),
      ]);
    });
  }
}

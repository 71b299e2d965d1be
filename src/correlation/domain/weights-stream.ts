import {
  SERVICE_NAMESPACE,
  serviceEventId,
  type JsonObject,
  type NewEvent,
} from '../../event-store/domain/stored-event';
import {
  PRIOR_WEIGHTS_IN_USE,
  type FactorWeights,
  type TimeSplitEvaluation,
  type TrainingCounts,
  type WeightsInUse,
} from './weights';
import { usableDelayProfile, type DelayProfile } from './delay-profile';

/** The learned factor weights are one stream of the service's own: trained versions and which is applied. */
export const WEIGHTS_STREAM = 'correlation-weights';
export const WEIGHTS_STREAM_ID = 'factors';
export const WEIGHTS_TRAINED = 'CorrelationWeightsTrained';
export const WEIGHTS_APPLIED = 'CorrelationWeightsApplied';
export const WEIGHTS_RESET = 'CorrelationWeightsReset';
export const WEIGHTS_EVENT_TYPES = [WEIGHTS_TRAINED, WEIGHTS_APPLIED, WEIGHTS_RESET] as const;

export interface TrainedWeights {
  readonly version: number;
  readonly weights: FactorWeights;
  /**
   * The delay profile trained with them: absent on versions trained before it was learned, from too few
   * timed verdicts, or stored in a form this version cannot read (usableDelayProfile).
   */
  readonly delays?: DelayProfile | undefined;
  /** What trained them. */
  readonly trainedOn: TrainingCounts;
  readonly trainedAt: string;
  readonly trainedBy: string;
  /** The time-split evaluation over the same verdicts, when there were enough for both halves. */
  readonly evaluation: TimeSplitEvaluation | null;
}

export interface WeightsState {
  readonly versions: readonly TrainedWeights[];
  /** The version rankings use (0: the priors). */
  readonly applied: number;
}

export const NO_WEIGHTS: WeightsState = { versions: [], applied: 0 };

export function foldWeights(events: readonly { type: string; data: JsonObject }[]): WeightsState {
  const versions: TrainedWeights[] = [];
  let applied = 0;
  for (const { type, data } of events) {
    if (type === WEIGHTS_TRAINED) {
      // A profile this version cannot read (other bins, malformed) is left out: the weights still apply.
      const { delays, ...trained } = data as unknown as TrainedWeights;
      const usable = usableDelayProfile(delays);
      versions.push(usable === undefined ? trained : { ...trained, delays: usable });
    } else if (type === WEIGHTS_APPLIED) applied = Number(data['version']);
    else if (type === WEIGHTS_RESET) applied = 0;
  }
  return { versions, applied };
}

export function weightsInUse(state: WeightsState): WeightsInUse {
  const version = state.versions.find((v) => v.version === state.applied);
  return version === undefined
    ? PRIOR_WEIGHTS_IN_USE
    : {
        version: version.version,
        weights: version.weights,
        ...(version.delays === undefined ? {} : { delays: version.delays }),
      };
}

export function toNewWeightsEvent(
  type: (typeof WEIGHTS_EVENT_TYPES)[number],
  idSuffix: string,
  data: JsonObject,
  metadata: JsonObject,
  occurredAt: Date,
): NewEvent {
  return {
    namespace: SERVICE_NAMESPACE,
    eventId: serviceEventId(`correlation-weights:${idSuffix}`),
    streamType: WEIGHTS_STREAM,
    streamId: WEIGHTS_STREAM_ID,
    type,
    data,
    metadata,
    occurredAt,
  };
}

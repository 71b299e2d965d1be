/**
 * Learning from verdicts on a corpus whose true fault mix differs from the priors: most faults come from
 * configuration changes on shared dependencies (datastores and core services), where the priors expect
 * deploys on the alerting service. A reviewer records a verdict for each alert in time order (the cause,
 * with the candidates as the priors ranked them); the weights are trained on the first half and the
 * second half is scored with the learned weights and with the priors.
 */
import type { CorrelationOptions } from '../../src/correlation/domain/candidates';
import type { DelayProfile } from '../../src/correlation/domain/delay-profile';
import { qualityFromRanks, type RankingQuality } from '../../src/correlation/domain/quality';
import {
  causeRankUnder,
  fitRankingModel,
  PRIOR_MODEL,
  splitInTime,
  timeSplitEvaluation,
  type FactorWeights,
  type TrainingCase,
  trainingCases,
  type TimeSplitEvaluation,
  type TrainingVerdict,
} from '../../src/correlation/domain/weights';
import { trainingCandidate } from '../../src/correlation/domain/ranking';
import { evaluateDataset } from './evaluate';
import type { CorrelationDataset, FaultMix } from './scenarios';
import { InMemoryCorrelationSource } from './source';

export const VERDICT_FAULT_MIX: FaultMix = {
  types: [
    ['bad-dependency', 70],
    ['bad-config', 10],
    ['bad-deploy', 10],
    ['bad-migration', 5],
    ['bad-infra', 5],
  ],
  dependencyConfigShare: 0.85,
};

export interface VerdictLearningRun {
  /** Alerts given a verdict, and those whose cause was among the candidates (the cases). */
  readonly verdicts: number;
  readonly cases: number;
  readonly evaluation: TimeSplitEvaluation | undefined;
}

/**
 * A verdict for every alert case of the data set, in time order, as a reviewer who knows the cause would
 * give it: the cause, with the candidates and their factor values as the ranking (at the priors) showed
 * them.
 */
export function causeVerdicts(dataset: CorrelationDataset, options: CorrelationOptions): TrainingVerdict[] {
  const source = new InMemoryCorrelationSource(dataset, options);
  const verdicts: TrainingVerdict[] = [];
  evaluateDataset(dataset, source, options, (fault, ranking, at) => {
    verdicts.push({
      alertKey: ranking.alert.key,
      source: '',
      changeId: fault.causeChangeId,
      verdict: 'cause',
      at,
      candidates: ranking.suspects.map((s) => trainingCandidate(s, ranking.alert)),
    });
  });
  return verdicts;
}

export function verdictLearningRun(
  dataset: CorrelationDataset,
  options: CorrelationOptions,
): VerdictLearningRun {
  const verdicts = causeVerdicts(dataset, options);
  const { cases } = trainingCases(verdicts);
  return { verdicts: verdicts.length, cases: cases.length, evaluation: timeSplitEvaluation(cases) };
}

/** A case whose candidates say nothing of their kind and delay, so a fit weighs the factors only. */
export const factorsOnly = (c: TrainingCase): TrainingCase => ({
  ...c,
  candidates: c.candidates.map(({ source, changeId, factors }) => ({ source, changeId, factors })),
});

/** One training set scored on another three ways: the priors, learned weights alone, weights and timing. */
export interface LearningComparison {
  readonly trainedOn: number;
  readonly scoredOn: number;
  readonly priors: RankingQuality;
  readonly weightsOnly: RankingQuality;
  readonly weightsAndTiming: RankingQuality;
  readonly weights: FactorWeights;
  readonly delays: DelayProfile | null;
}

export function compareLearning(
  train: readonly TrainingCase[],
  score: readonly TrainingCase[],
): LearningComparison {
  const weightsOnly = fitRankingModel(train.map(factorsOnly));
  const learned = fitRankingModel(train);
  const quality = (rank: (c: TrainingCase) => number) => qualityFromRanks(score.map(rank));
  return {
    trainedOn: train.length,
    scoredOn: score.length,
    priors: quality((c) => causeRankUnder(c, PRIOR_MODEL)),
    weightsOnly: quality((c) => causeRankUnder(c, weightsOnly)),
    weightsAndTiming: quality((c) => causeRankUnder(c, learned)),
    weights: learned.weights,
    delays: learned.delays ?? null,
  };
}

/** The earlier half of one installation's cases (by verdict time) trains, the later half is scored. */
export function compareOnLaterHalf(cases: readonly TrainingCase[]): LearningComparison | undefined {
  const halves = splitInTime(cases);
  return halves === undefined ? undefined : compareLearning(halves.earlier, halves.later);
}

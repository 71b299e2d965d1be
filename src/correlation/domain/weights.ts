/**
 * Factor weights learned from reviewers' verdicts. A candidate's likelihood is the product of its
 * factors' values, each raised to the factor's weight: weight 1 for every factor is today's priors
 * (version 0), a weight above 1 makes the factor count more, below 1 less, 0 not at all.
 *
 * The fit is a pairwise logistic model: for each alert with a change judged its cause, the cause should
 * outscore each other candidate of the same alert, P(cause ≻ other) = σ(Σ w·(log f_cause − log f_other)).
 * It starts from the priors and is regularised towards them, every alert counts the same however many
 * candidates it had, and Newton's method runs a fixed number of steps: the same verdicts give the same
 * weights, on any machine.
 */
import type { ChangeKind } from '../../changes/domain/change-event';
import {
  DELAY_CELLS,
  delayCell,
  isChangeKind,
  delayOffset,
  delayProfileFromCells,
  type DelayProfile,
} from './delay-profile';
import type { Factor, FactorName } from './factors';
import { qualityFromRanks, type RankingQuality } from './quality';

/** The factors the fit weighs; `timing` is learned whole (its values, per delay), not weighed. */
export type WeightedFactorName = Exclude<FactorName, 'timing'>;

export const FACTOR_NAMES: readonly WeightedFactorName[] = [
  'time',
  'topology',
  'scope',
  'kind',
  'outcome',
  'corroboration',
];

export type FactorWeights = { readonly [K in WeightedFactorName]: number };

export const PRIOR_WEIGHTS: FactorWeights = {
  time: 1,
  topology: 1,
  scope: 1,
  kind: 1,
  outcome: 1,
  corroboration: 1,
};

/**
 * What a fit learns: the factors' weights and, when the verdicts carry each candidate's kind and delay,
 * the installation's delay profile (delay-profile.ts).
 */
export interface RankingModel {
  readonly weights: FactorWeights;
  readonly delays?: DelayProfile | undefined;
}

export const PRIOR_MODEL: RankingModel = { weights: PRIOR_WEIGHTS };

/** The weights a ranking used: version 0 is the priors. */
export interface WeightsInUse extends RankingModel {
  readonly version: number;
}

export const PRIOR_WEIGHTS_IN_USE: WeightsInUse = { version: 0, weights: PRIOR_WEIGHTS };

/** Training needs at least this many verdicts recorded with their ranking's candidates... */
export const MIN_TRAINING_VERDICTS = 30;
/** ...of which at least this many name a cause that was among the candidates. */
export const MIN_TRAINING_CAUSES = 10;

/** How strongly the fit is pulled back to the priors (per unit of squared distance, per alert). */
export const REGULARISATION = 0.05;
const NEWTON_STEPS = 25;
/** Weights stay in [0, MAX_WEIGHT]: a factor never turns into evidence for the opposite of what it says. */
export const MAX_WEIGHT = 4;
/** Learned delay offsets stay within ±this (a factor between about 1/20 and 20). */
export const MAX_DELAY_OFFSET = 3;
/**
 * How strongly the delay offsets are pulled back to 0, in alerts' worth of evidence: a fixed amount, not
 * one that grows with the verdicts as the weights' does. The weights start from priors worth keeping; the
 * offsets start from "no preference", so with a few dozen verdicts they move little, and with a long
 * history the history decides. (Development seeds: with about 84 verdicts per installation, 5, 10 and 20
 * rank within 0.003 HR@1 of each other and of the priors; trained on about 1,300, all three gain 0.019
 * on the independent corpus, and on the original corpus 10 gains the most, 0.009 against 0.003 for 5.)
 */
export const DELAY_PRIOR_ALERTS = 10;
/** A factor value of 0 (a change after the clock-skew allowance) is treated as this small. */
const MIN_FACTOR_VALUE = 1e-6;

/** A candidate as it was ranked when a verdict was given: its factors' values by name. */
export interface TrainingCandidate {
  readonly source: string;
  readonly changeId: string;
  readonly factors: Partial<Record<FactorName, number>>;
  /** Its kind, and the alert's start minus when it reached the scope (absent on older verdicts). */
  readonly kind?: ChangeKind | undefined;
  readonly delayMs?: number | undefined;
}

/** One alert's verdicts, reduced to what the fit needs. */
export interface TrainingCase {
  readonly alertKey: string;
  /** When its (latest) cause verdict was given, epoch ms: the time-split evaluation splits on it. */
  readonly at: number;
  /** The candidates in the order they were ranked then. */
  readonly candidates: readonly TrainingCandidate[];
  /** Indices into candidates of the changes judged the cause. */
  readonly causes: readonly number[];
}

/** A verdict as recorded, with the candidates of the ranking it was given on (absent on old verdicts). */
export interface TrainingVerdict {
  readonly alertKey: string;
  readonly source: string;
  readonly changeId: string;
  readonly verdict: 'cause' | 'not_cause';
  readonly at: number;
  readonly candidates?: readonly TrainingCandidate[] | undefined;
}

export interface TrainingCounts {
  /** Verdicts that carry their ranking's candidates (older ones do not and are skipped). */
  readonly verdicts: number;
  /** Alerts with a cause among their candidates: the cases the fit learns from. */
  readonly causes: number;
}

const keyOf = (source: string, changeId: string): string => `${source}\u0000${changeId}`;

/**
 * One case per alert with a change currently judged its cause among the recorded candidates; a later
 * verdict on the same change replaces an earlier one, and the latest recorded candidates are used.
 */
export function trainingCases(verdicts: readonly TrainingVerdict[]): {
  readonly cases: TrainingCase[];
  readonly counts: TrainingCounts;
} {
  const usable = verdicts.filter((v) => v.candidates !== undefined && v.candidates.length > 0);
  const byAlert = new Map<string, TrainingVerdict[]>();
  for (const v of [...usable].sort((a, b) => a.at - b.at)) {
    const list = byAlert.get(v.alertKey);
    if (list === undefined) byAlert.set(v.alertKey, [v]);
    else list.push(v);
  }
  const cases: TrainingCase[] = [];
  for (const [alertKey, list] of byAlert) {
    const latest = new Map<string, TrainingVerdict>();
    for (const v of list) latest.set(keyOf(v.source, v.changeId), v);
    const candidates = list[list.length - 1]?.candidates ?? [];
    const causeVerdicts = [...latest.values()].filter((v) => v.verdict === 'cause');
    const causes = candidates
      .map((c, i) => ({ c, i }))
      .filter(({ c }) =>
        causeVerdicts.some((v) => v.changeId === c.changeId && (v.source === '' || v.source === c.source)),
      )
      .map(({ i }) => i);
    if (causes.length === 0) continue;
    cases.push({ alertKey, at: Math.max(...causeVerdicts.map((v) => v.at)), candidates, causes });
  }
  cases.sort((a, b) => a.at - b.at || (a.alertKey < b.alertKey ? -1 : 1));
  return { cases, counts: { verdicts: usable.length, causes: cases.length } };
}

/** What training still lacks, or undefined when there is enough. */
export function missingForTraining(counts: TrainingCounts): string | undefined {
  const verdicts = Math.max(0, MIN_TRAINING_VERDICTS - counts.verdicts);
  const causes = Math.max(0, MIN_TRAINING_CAUSES - counts.causes);
  if (verdicts === 0 && causes === 0) return undefined;
  return (
    `training needs at least ${MIN_TRAINING_VERDICTS} verdicts recorded with their candidates, ` +
    `${MIN_TRAINING_CAUSES} of them naming a cause among the candidates; there are ${counts.verdicts} ` +
    `and ${counts.causes}: ${verdicts} more verdicts and ${causes} more causes are missing`
  );
}

const logValue = (candidate: TrainingCandidate, name: WeightedFactorName): number =>
  Math.log(Math.max(candidate.factors[name] ?? 1, MIN_FACTOR_VALUE));

/** A recorded candidate's kind and delay, when it has both and this version knows the kind. */
function timingOf(candidate: TrainingCandidate): { kind: ChangeKind; delayMs: number } | undefined {
  const { kind, delayMs } = candidate;
  return isChangeKind(kind) && typeof delayMs === 'number' && Number.isFinite(delayMs)
    ? { kind, delayMs }
    : undefined;
}

/**
 * A candidate's score under the model: Σ w·log f, plus its delay's learned offset (the log of the
 * weighted likelihood).
 */
export function weightedLogLikelihood(candidate: TrainingCandidate, model: RankingModel): number {
  const weighed = FACTOR_NAMES.reduce(
    (sum, name) => sum + model.weights[name] * logValue(candidate, name),
    0,
  );
  const timing = timingOf(candidate);
  if (model.delays === undefined || timing === undefined) return weighed;
  return weighed + delayOffset(model.delays, timing.kind, timing.delayMs);
}

/**
 * The likelihood of a ranked candidate under the weights (the plain product under the priors). The
 * timing factor is learned whole, so it counts as it is.
 */
export function weightedLikelihood(factors: readonly Factor[], weights: FactorWeights): number {
  return factors.reduce((product, f) => product * f.weight ** factorWeight(weights, f.name), 1);
}

/** The power a factor's value is raised to: its weight, or 1 for the timing, which is learned whole. */
export function factorWeight(weights: FactorWeights, name: FactorName): number {
  return name === 'timing' ? 1 : weights[name];
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i] ?? 0]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1)
      if (Math.abs(m[r]?.[col] ?? 0) > Math.abs(m[pivot]?.[col] ?? 0)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] ?? [], m[col] ?? []];
    const top = m[col] ?? [];
    const p = top[col] ?? 0;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = col + 1; r < n; r += 1) {
      const row = m[r] ?? [];
      const f = (row[col] ?? 0) / p;
      for (let c = col; c <= n; c += 1) row[c] = (row[c] ?? 0) - f * (top[c] ?? 0);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r -= 1) {
    const row = m[r] ?? [];
    let s = row[n] ?? 0;
    for (let c = r + 1; c < n; c += 1) s -= (row[c] ?? 0) * (x[c] ?? 0);
    const p = row[r] ?? 0;
    x[r] = Math.abs(p) < 1e-12 ? 0 : s / p;
  }
  return x;
}

/** One pair's features, sparse: (index, value) for the non-zero ones. */
type Features = readonly (readonly [number, number])[];

/**
 * Fits the model to the cases (see the module comment): the factors' weights, starting from the priors,
 * and, when enough cases carry their candidates' kinds and delays, the delay profile, starting from 0.
 * With no case, or with causes no different from the other candidates, the model stays at the priors.
 */
export function fitRankingModel(
  cases: readonly TrainingCase[],
  priors: FactorWeights = PRIOR_WEIGHTS,
  regularisation = REGULARISATION,
): RankingModel {
  const weighed = FACTOR_NAMES.length;
  const timed = cases.filter((c) =>
    c.causes.some((i) => timingOf(c.candidates[i] ?? NO_CANDIDATE) !== undefined),
  );
  const learnDelays = timed.length >= MIN_TRAINING_CAUSES;
  const n = weighed + (learnDelays ? DELAY_CELLS : 0);
  const prior = [...FACTOR_NAMES.map((name) => priors[name]), ...new Array<number>(n - weighed).fill(0)];
  const cellOf = (c: TrainingCandidate): number | undefined => {
    const timing = learnDelays ? timingOf(c) : undefined;
    return timing === undefined ? undefined : weighed + delayCell(timing.kind, timing.delayMs);
  };
  // Each pair: the cause's features minus the other's, weighted so every alert counts the same.
  const pairs: { x: Features; weight: number }[] = [];
  for (const c of cases) {
    const causes = new Set(c.causes);
    const others = c.candidates.filter((_, i) => !causes.has(i));
    if (others.length === 0) continue;
    const weight = 1 / (others.length * causes.size);
    for (const i of causes) {
      const cause = c.candidates[i];
      if (cause === undefined) continue;
      for (const other of others) {
        const x: [number, number][] = FACTOR_NAMES.map((f, k) => [
          k,
          logValue(cause, f) - logValue(other, f),
        ]);
        // Each side's offset counts on its own, as scoring adds it (a side without timing adds none);
        // both in the same cell cancel out.
        const [causeCell, otherCell] = [cellOf(cause), cellOf(other)];
        if (causeCell !== otherCell) {
          if (causeCell !== undefined) x.push([causeCell, 1]);
          if (otherCell !== undefined) x.push([otherCell, -1]);
        }
        pairs.push({ x: x.filter(([, v]) => v !== 0), weight });
      }
    }
  }
  const lambdas = prior.map((_, i) =>
    i < weighed ? regularisation * Math.max(cases.length, 1) : DELAY_PRIOR_ALERTS,
  );
  let w = [...prior];
  for (let step = 0; step < NEWTON_STEPS; step += 1) {
    const gradient = w.map((wi, i) => (lambdas[i] ?? 0) * (wi - (prior[i] ?? 0)));
    const hessian = Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => (i === j ? (lambdas[i] ?? 0) : 0)),
    );
    for (const { x, weight } of pairs) {
      const z = x.reduce((s, [i, v]) => s + v * (w[i] ?? 0), 0);
      const p = sigmoid(z);
      for (const [i, vi] of x) {
        gradient[i] = (gradient[i] ?? 0) - weight * (1 - p) * vi;
        const row = hessian[i] ?? [];
        for (const [j, vj] of x) row[j] = (row[j] ?? 0) + weight * p * (1 - p) * vi * vj;
      }
    }
    const delta = solve(hessian, gradient);
    w = w.map((wi, i) =>
      i < weighed
        ? Math.min(MAX_WEIGHT, Math.max(0, wi - (delta[i] ?? 0)))
        : Math.min(MAX_DELAY_OFFSET, Math.max(-MAX_DELAY_OFFSET, wi - (delta[i] ?? 0))),
    );
  }
  const round = (x: number): number => Math.round(x * 10_000) / 10_000;
  const weights = Object.fromEntries(
    FACTOR_NAMES.map((name, i) => [name, round(w[i] ?? 1)]),
  ) as FactorWeights;
  return learnDelays ? { weights, delays: delayProfileFromCells(w.slice(weighed).map(round)) } : { weights };
}

const NO_CANDIDATE: TrainingCandidate = { source: '', changeId: '', factors: {} };

/**
 * The rank (1-based) of the case's best-ranked cause when its candidates are scored with the model. Ties
 * are broken as the ranking breaks them (`as-ranked`): the change that reached the scope last first, then
 * by changeId; among candidates recorded without their delay, in the recorded order. `against` counts
 * every tie against the cause instead (a bound on what weights alone can do).
 */
export function causeRankUnder(
  c: TrainingCase,
  model: RankingModel,
  ties: 'as-ranked' | 'against' = 'as-ranked',
): number {
  const scores = c.candidates.map((candidate) => weightedLogLikelihood(candidate, model));
  const ahead = (other: number, cause: number): boolean => {
    const [so, sc] = [scores[other] ?? -Infinity, scores[cause] ?? -Infinity];
    if (so !== sc || ties === 'against') return so >= sc;
    const [o, k] = [c.candidates[other], c.candidates[cause]];
    const [od, kd] = [o?.delayMs, k?.delayMs];
    if (typeof od !== 'number' || typeof kd !== 'number') return other < cause;
    if (od !== kd) return od < kd;
    return (o?.changeId ?? '') < (k?.changeId ?? '');
  };
  const others = c.candidates.map((_, i) => i).filter((i) => !c.causes.includes(i));
  return Math.min(...c.causes.map((cause) => others.filter((o) => ahead(o, cause)).length + 1));
}

export interface TimeSplitEvaluation {
  /** Trained on the cases before this instant, scored on those from it on. */
  readonly splitAt: string;
  readonly trainedOn: number;
  readonly scoredOn: number;
  readonly weights: FactorWeights;
  /** The delay profile learned with them, when the verdicts carried what it needs. */
  readonly delays?: DelayProfile | undefined;
  readonly priors: RankingQuality;
  readonly learned: RankingQuality;
}

/**
 * The cases (sorted by verdict time) before the middle one's time and from it on; undefined when either
 * half would be empty.
 */
export function splitInTime(
  cases: readonly TrainingCase[],
): { splitAt: number; earlier: TrainingCase[]; later: TrainingCase[] } | undefined {
  const split = cases[Math.floor(cases.length / 2)];
  if (split === undefined) return undefined;
  const earlier = cases.filter((c) => c.at < split.at);
  if (earlier.length === 0) return undefined;
  return { splitAt: split.at, earlier, later: cases.filter((c) => c.at >= split.at) };
}

/**
 * Trains on the earlier half of the cases (by verdict time) and scores the later half with the learned
 * weights and with the priors. Undefined when either half would be empty.
 */
export function timeSplitEvaluation(
  cases: readonly TrainingCase[],
  priors: FactorWeights = PRIOR_WEIGHTS,
): TimeSplitEvaluation | undefined {
  const halves = splitInTime(cases);
  if (halves === undefined) return undefined;
  const { splitAt, earlier, later } = halves;
  const learned = fitRankingModel(earlier, priors);
  return {
    splitAt: new Date(splitAt).toISOString(),
    trainedOn: earlier.length,
    scoredOn: later.length,
    weights: learned.weights,
    ...(learned.delays === undefined ? {} : { delays: learned.delays }),
    priors: qualityFromRanks(later.map((c) => causeRankUnder(c, { weights: priors }))),
    learned: qualityFromRanks(later.map((c) => causeRankUnder(c, learned))),
  };
}

/** "weighted (version 2): time 1.2, topology 0.8, …": how a ranking's factors were weighed. */
export function weightsReason(used: WeightsInUse): string {
  const list = FACTOR_NAMES.map((name) => `${name} ${used.weights[name]}`).join(', ');
  const delays = used.delays === undefined ? '' : '; timing learned from the same verdicts';
  return `factors weighted by learned weights version ${used.version}: ${list}${delays}`;
}

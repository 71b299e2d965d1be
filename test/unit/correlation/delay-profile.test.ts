import {
  DELAY_BINS,
  delayBin,
  delayFactor,
  delayOffset,
  delayProfileFromCells,
  describeDelayBin,
  isChangeKind,
  onsetGroup,
  type DelayProfile,
} from '../../../src/correlation/domain/delay-profile';
import {
  causeRankUnder,
  fitRankingModel,
  MIN_TRAINING_CAUSES,
  PRIOR_MODEL,
  timeSplitEvaluation,
  weightedLikelihood,
  PRIOR_WEIGHTS,
  type TrainingCase,
} from '../../../src/correlation/domain/weights';
import {
  foldWeights,
  WEIGHTS_APPLIED,
  WEIGHTS_TRAINED,
  weightsInUse,
} from '../../../src/correlation/domain/weights-stream';
import type { JsonObject } from '../../../src/event-store/domain/stored-event';

const MINUTE = 60_000;

/**
 * Alerts with two deploys the priors' factors cannot tell apart (same values): the cause always reached
 * the scope 10 min before the alert, the other 2 min before. The ranking breaks the tie for the fresher
 * one, so only a learned delay finds the cause.
 */
function delaySeparates(n: number, timed = true): TrainingCase[] {
  return Array.from({ length: n }, (_, i) => ({
    alertKey: `alert:${String(i).padStart(3, '0')}`,
    at: 1_000 * i,
    candidates: [
      {
        source: 'ci',
        changeId: `fresh-${i}`,
        factors: { time: 1, topology: 0.75 },
        ...(timed ? { kind: 'deploy' as const, delayMs: 2 * MINUTE } : {}),
      },
      {
        source: 'ci',
        changeId: `early-${i}`,
        factors: { time: 1, topology: 0.75 },
        ...(timed ? { kind: 'deploy' as const, delayMs: 10 * MINUTE } : {}),
      },
    ],
    causes: [1],
  }));
}

describe('the delay profile', () => {
  it('bins delays from the alert starting first to an hour and more', () => {
    expect(delayBin(-30_000)).toBe(0);
    expect(delayBin(0)).toBe(1);
    expect(delayBin(59_999)).toBe(1);
    expect(delayBin(2 * MINUTE)).toBe(3);
    expect(delayBin(90 * MINUTE)).toBe(DELAY_BINS - 1);
    expect(describeDelayBin(3)).toBe('2-3 min');
    expect(describeDelayBin(DELAY_BINS - 1)).toBe('60 min or more');
    expect(describeDelayBin(0)).toBe('the alert started first (within the clock-skew allowance)');
  });

  it('groups kinds by how soon they show: at once, as they roll out, as traffic shifts', () => {
    expect([onsetGroup('config'), onsetGroup('feature_flag')]).toEqual(['immediate', 'immediate']);
    expect([onsetGroup('deploy'), onsetGroup('database'), onsetGroup('infra')]).toEqual([
      'rolling',
      'rolling',
      'rolling',
    ]);
    expect([onsetGroup('scaling'), onsetGroup('experiment')]).toEqual(['gradual', 'gradual']);
  });

  it('says nothing when neutral, and says why it counts when it does', () => {
    const neutral = delayProfileFromCells([]);
    expect(delayFactor(neutral, 'deploy', 2 * MINUTE)).toEqual({ name: 'timing', weight: 1 });
    const cells = new Array<number>(3 * DELAY_BINS).fill(0);
    cells[DELAY_BINS + delayBin(2 * MINUTE)] = Math.log(3);
    const profile = delayProfileFromCells(cells);
    expect(delayOffset(profile, 'deploy', 2.5 * MINUTE)).toBeCloseTo(Math.log(3), 12);
    expect(delayOffset(profile, 'config', 2.5 * MINUTE)).toBe(0);
    const factor = delayFactor(profile, 'deploy', 2.9 * MINUTE);
    expect(factor.weight).toBeCloseTo(3, 12);
    expect(factor.reason).toBe(
      'the alert started 2-3 min after it: for changes that roll out (deploys, migrations, infrastructure, ' +
        "others), reviewers' verdicts here make that timing more telling of a cause than the other factors say (×3.00)",
    );
    cells[2 * DELAY_BINS] = -1;
    expect(delayFactor(delayProfileFromCells(cells), 'scaling', -20_000).reason).toBe(
      'the alert started first (within the clock-skew allowance): for changes that act as traffic shifts ' +
        "(scaling, experiments), reviewers' verdicts here make that timing less telling of a cause than the other factors say (×0.37)",
    );
    // Learned whole: its value counts as it is, whatever the weights.
    expect(weightedLikelihood([factor], { ...PRIOR_WEIGHTS, time: 2 })).toBeCloseTo(3, 12);
  });
});

describe('learning the delay profile from verdicts', () => {
  it('learns that causes reached the scope longer before their alerts than the others here, and ranks by it', () => {
    const cases = delaySeparates(40);
    const model = fitRankingModel(cases);
    const delays = model.delays as DelayProfile;
    expect(delays).toBeDefined();
    expect(delayOffset(delays, 'deploy', 10 * MINUTE)).toBeGreaterThan(0);
    expect(delayOffset(delays, 'deploy', 2 * MINUTE)).toBeLessThan(0);
    // Nothing was seen of other groups, nor of other delays: they stay neutral.
    expect(delayOffset(delays, 'config', 2 * MINUTE)).toBe(0);
    expect(delayOffset(delays, 'deploy', 40 * MINUTE)).toBe(0);
    // The priors tie the two and the ranking puts the fresher first; the learned model finds the cause.
    expect(cases.every((c) => causeRankUnder(c, PRIOR_MODEL) === 2)).toBe(true);
    expect(cases.every((c) => causeRankUnder(c, model) === 1)).toBe(true);
    expect(fitRankingModel(cases)).toEqual(model);
    const evaluation = timeSplitEvaluation(cases);
    expect(evaluation?.delays).toEqual(fitRankingModel(cases.slice(0, 20)).delays);
    expect([evaluation?.priors.hitRateAt1, evaluation?.learned.hitRateAt1]).toEqual([0, 1]);
  });

  it('learns no profile from verdicts that do not carry kinds and delays, or from too few causes', () => {
    expect(fitRankingModel(delaySeparates(40, false)).delays).toBeUndefined();
    expect(fitRankingModel(delaySeparates(MIN_TRAINING_CAUSES - 1)).delays).toBeUndefined();
    expect(fitRankingModel(delaySeparates(MIN_TRAINING_CAUSES)).delays).toBeDefined();
  });

  it('learns from a long history more than from a short one: the pull to 0 does not grow with the verdicts', () => {
    const short = fitRankingModel(delaySeparates(20)).delays as DelayProfile;
    const long = fitRankingModel(delaySeparates(400)).delays as DelayProfile;
    expect(delayOffset(long, 'deploy', 10 * MINUTE)).toBeGreaterThan(
      delayOffset(short, 'deploy', 10 * MINUTE),
    );
    // Old verdicts without timing do not water the profile down.
    const mixed = [
      ...delaySeparates(300, false),
      ...delaySeparates(20).map((c) => ({ ...c, at: c.at + 1e6 })),
    ];
    expect(delayOffset(fitRankingModel(mixed).delays as DelayProfile, 'deploy', 10 * MINUTE)).toBeCloseTo(
      delayOffset(short, 'deploy', 10 * MINUTE),
      1,
    );
  });

  it('counts each side of a pair on its own: a candidate without timing against one with it', () => {
    // The cause carries no timing; the other, always at 2 min, never is the cause: 2 min learns to count against.
    const cases = delaySeparates(40).map((c) => ({
      ...c,
      candidates: c.candidates.map((k, i) =>
        i === 1 ? { source: k.source, changeId: k.changeId, factors: k.factors } : k,
      ),
    }));
    const withCauses = [...cases, ...delaySeparates(10)];
    const delays = fitRankingModel(withCauses).delays as DelayProfile;
    expect(delayOffset(delays, 'deploy', 2 * MINUTE)).toBeLessThan(
      delayOffset(fitRankingModel(delaySeparates(10)).delays as DelayProfile, 'deploy', 2 * MINUTE),
    );
    // Two candidates in the same cell say nothing about it.
    const sameCell = delaySeparates(40).map((c) => ({
      ...c,
      candidates: c.candidates.map((k) => ({ ...k, delayMs: 10 * MINUTE })),
    }));
    expect(fitRankingModel(sameCell).delays).toEqual(delayProfileFromCells([]));
  });

  it('ignores kinds it does not know and delays that are not numbers', () => {
    const odd = delaySeparates(40).map((c) => ({
      ...c,
      candidates: c.candidates.map((k, i) =>
        i === 1 ? { ...k, kind: '__proto__' as never } : { ...k, delayMs: Number.NaN },
      ),
    }));
    expect(fitRankingModel(odd).delays).toBeUndefined();
    expect(isChangeKind('deploy')).toBe(true);
    expect([isChangeKind('toString'), isChangeKind(null), isChangeKind('bogus')]).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('ties, as the ranking breaks them', () => {
  const tied = (delays: [number | undefined, number | undefined], ids = ['a', 'b']): TrainingCase => ({
    alertKey: 'alert:t',
    at: 0,
    candidates: delays.map((delayMs, i) => ({
      source: 'ci',
      changeId: ids[i] ?? '',
      factors: { time: 1 },
      ...(delayMs === undefined ? {} : { kind: 'deploy' as const, delayMs }),
    })),
    causes: [1],
  });

  it('puts the change that reached the scope last first, then by changeId, else keeps the recorded order', () => {
    expect(causeRankUnder(tied([5 * MINUTE, 2 * MINUTE]), PRIOR_MODEL)).toBe(1);
    expect(causeRankUnder(tied([2 * MINUTE, 5 * MINUTE]), PRIOR_MODEL)).toBe(2);
    expect(causeRankUnder(tied([2 * MINUTE, 2 * MINUTE], ['b', 'a']), PRIOR_MODEL)).toBe(1);
    expect(causeRankUnder(tied([undefined, undefined]), PRIOR_MODEL)).toBe(2);
    expect(causeRankUnder(tied([5 * MINUTE, 2 * MINUTE]), PRIOR_MODEL, 'against')).toBe(2);
  });
});

describe('stored delay profiles', () => {
  const trained = (delays: unknown) => ({
    type: WEIGHTS_TRAINED,
    data: { version: 1, weights: { ...PRIOR_WEIGHTS }, delays } as unknown as JsonObject,
  });
  const applied = { type: WEIGHTS_APPLIED, data: { version: 1 } };

  it('applies a profile learned on these bins, and leaves out one it cannot read, keeping the weights', () => {
    const good = delayProfileFromCells([0.5]);
    expect(weightsInUse(foldWeights([trained(good), applied])).delays).toEqual(good);
    for (const bad of [
      undefined,
      null,
      {},
      { ...good, binEdgesMin: [0, 1, 2] },
      { ...good, rolling: [1, 2] },
      { ...good, immediate: good.immediate.map(() => 'x') },
    ]) {
      const inUse = weightsInUse(foldWeights([trained(bad), applied]));
      expect(inUse).toEqual({ version: 1, weights: PRIOR_WEIGHTS });
    }
  });
});

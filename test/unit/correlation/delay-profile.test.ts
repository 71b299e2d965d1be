import {
  DELAY_BINS,
  delayBin,
  delayFactor,
  delayOffset,
  delayProfileFromCells,
  describeDelayBin,
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

const MINUTE = 60_000;

/**
 * Alerts with two deploys the priors cannot tell apart (same factor values): the cause always reached
 * the scope 2 min before the alert, the other 10 min before. Only the delay separates them.
 */
function delaySeparates(n: number, timed = true): TrainingCase[] {
  return Array.from({ length: n }, (_, i) => ({
    alertKey: `alert:${String(i).padStart(3, '0')}`,
    at: 1_000 * i,
    candidates: [
      {
        source: 'ci',
        changeId: `early-${i}`,
        factors: { time: 1, topology: 0.75 },
        ...(timed ? { kind: 'deploy' as const, delayMs: 10 * MINUTE } : {}),
      },
      {
        source: 'ci',
        changeId: `fresh-${i}`,
        factors: { time: 1, topology: 0.75 },
        ...(timed ? { kind: 'deploy' as const, delayMs: 2 * MINUTE } : {}),
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
    expect(describeDelayBin(3)).toBe('2-3 min after it');
    expect(describeDelayBin(DELAY_BINS - 1)).toBe('60 min or more after it');
    expect(describeDelayBin(0)).toMatch(/alert starting first/);
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
    const factor = delayFactor(profile, 'deploy', 2.5 * MINUTE);
    expect(factor.weight).toBeCloseTo(3, 12);
    expect(factor.reason).toBe(
      'the alert started 3 min after it: among changes that roll out (deploys, migrations, infrastructure), ' +
        'the causes reviewers confirmed here alerted 2-3 min after it more often than other candidates did (×3.00)',
    );
    // Learned whole: its value counts as it is, whatever the weights.
    expect(weightedLikelihood([factor], { ...PRIOR_WEIGHTS, time: 2 })).toBeCloseTo(3, 12);
  });
});

describe('learning the delay profile from verdicts', () => {
  it('learns that causes alert sooner than the others, and ranks by it', () => {
    const cases = delaySeparates(40);
    const model = fitRankingModel(cases);
    const delays = model.delays as DelayProfile;
    expect(delays).toBeDefined();
    expect(delayOffset(delays, 'deploy', 2 * MINUTE)).toBeGreaterThan(0);
    expect(delayOffset(delays, 'deploy', 10 * MINUTE)).toBeLessThan(0);
    // Nothing was seen of other groups, nor of other delays: they stay neutral.
    expect(delayOffset(delays, 'config', 2 * MINUTE)).toBe(0);
    expect(delayOffset(delays, 'deploy', 40 * MINUTE)).toBe(0);
    // The priors tie the two (a tie is no hit); the learned model finds the cause.
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
});

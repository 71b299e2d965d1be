import {
  causeRankUnder,
  fitRankingModel,
  PRIOR_MODEL,
  missingForTraining,
  PRIOR_WEIGHTS,
  timeSplitEvaluation,
  trainingCases,
  weightedLikelihood,
  type TrainingCandidate,
  type TrainingCase,
  type TrainingVerdict,
} from '../../../src/correlation/domain/weights';

const candidate = (changeId: string, factors: TrainingCandidate['factors']): TrainingCandidate => ({
  source: 'ci',
  changeId,
  factors,
});

/**
 * Alerts where the cause is the candidate with the weaker topology but the stronger kind: under the
 * priors (topology 1 vs 0.5, kind 0.5 vs 1.5) they tie or the other wins; only weighting kind up finds it.
 */
function kindSeparates(n: number): TrainingCase[] {
  return Array.from({ length: n }, (_, i) => ({
    alertKey: `alert:${String(i).padStart(3, '0')}`,
    at: 1_000 * i,
    candidates: [
      candidate(`leaf-${i}`, { time: 1, topology: 1, kind: 0.5 }),
      candidate(`shared-${i}`, { time: 1, topology: 0.3, kind: 1.5 }),
    ],
    causes: [1],
  }));
}

describe('fitting factor weights to verdicts', () => {
  it('is deterministic: the same cases give the same weights', () => {
    expect(fitRankingModel(kindSeparates(20))).toEqual(fitRankingModel(kindSeparates(20)));
  });

  it('moves the weights towards a factor that separates the causes, and the ranking with them', () => {
    const cases = kindSeparates(20);
    const fitted = fitRankingModel(cases);
    expect(fitted.weights.kind).toBeGreaterThan(PRIOR_WEIGHTS.kind);
    expect(fitted.weights.topology).toBeLessThan(PRIOR_WEIGHTS.topology);
    expect(cases.every((c) => causeRankUnder(c, PRIOR_MODEL) === 2)).toBe(true);
    expect(cases.every((c) => causeRankUnder(c, fitted) === 1)).toBe(true);
  });

  it('stays at the priors when causes and the other candidates do not differ', () => {
    const cases: TrainingCase[] = kindSeparates(20).map((c) => ({
      ...c,
      candidates: [candidate('a', { time: 0.8, kind: 0.9 }), candidate('b', { time: 0.8, kind: 0.9 })],
    }));
    expect(fitRankingModel(cases)).toEqual(PRIOR_MODEL);
    expect(fitRankingModel([])).toEqual(PRIOR_MODEL);
  });

  it('is regularised towards the priors: a stronger pull keeps the weights closer', () => {
    const cases = kindSeparates(20);
    const loose = fitRankingModel(cases, PRIOR_WEIGHTS, 0.01).weights;
    const tight = fitRankingModel(cases, PRIOR_WEIGHTS, 5).weights;
    expect(Math.abs(tight.kind - 1)).toBeLessThan(Math.abs(loose.kind - 1));
    expect(tight.kind).toBeGreaterThan(1);
    expect(Math.abs(tight.kind - 1)).toBeLessThan(0.2);
  });

  it('weights a likelihood by raising each factor to its weight (the plain product under the priors)', () => {
    const factors = [
      { name: 'time' as const, weight: 0.5 },
      { name: 'kind' as const, weight: 0.9 },
    ];
    expect(weightedLikelihood(factors, PRIOR_WEIGHTS)).toBe(0.5 * 0.9);
    expect(weightedLikelihood(factors, { ...PRIOR_WEIGHTS, time: 2, kind: 0 })).toBeCloseTo(0.25, 10);
  });
});

describe('training cases from verdicts', () => {
  const verdict = (over: Partial<TrainingVerdict>): TrainingVerdict => ({
    alertKey: 'alert:a',
    source: 'ci',
    changeId: 'c1',
    verdict: 'cause',
    at: 1,
    candidates: [candidate('c1', { time: 1 }), candidate('c2', { time: 0.5 })],
    ...over,
  });

  it('skips verdicts recorded without candidates, and lets a later verdict replace an earlier one', () => {
    const { cases, counts } = trainingCases([
      verdict({}),
      verdict({ alertKey: 'alert:old', candidates: undefined }),
      verdict({ alertKey: 'alert:b', changeId: 'c2', at: 2 }),
      verdict({ alertKey: 'alert:b', changeId: 'c2', verdict: 'not_cause', at: 3 }),
    ]);
    expect(counts).toEqual({ verdicts: 3, causes: 1 });
    expect(cases).toEqual([expect.objectContaining({ alertKey: 'alert:a', causes: [0] })]);
  });

  it('says how many verdicts and causes are missing, and nothing once there are enough', () => {
    expect(missingForTraining({ verdicts: 12, causes: 4 })).toMatch(/18 more verdicts and 6 more causes/);
    expect(missingForTraining({ verdicts: 30, causes: 10 })).toBeUndefined();
  });
});

describe('the time-split evaluation', () => {
  it('trains on the earlier half and scores the later half against the priors', () => {
    const evaluation = timeSplitEvaluation(kindSeparates(20));
    expect(evaluation).toMatchObject({
      trainedOn: 10,
      scoredOn: 10,
      splitAt: new Date(10_000).toISOString(),
    });
    expect(evaluation?.priors.hitRateAt1).toBe(0);
    expect(evaluation?.learned.hitRateAt1).toBe(1);
    expect(timeSplitEvaluation(kindSeparates(1))).toBeUndefined();
  });
});

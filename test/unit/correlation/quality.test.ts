import {
  casesFromVerdicts,
  causeRank,
  qualityFromRanks,
  rankingQuality,
  type Verdict,
} from '../../../src/correlation/domain/quality';

describe('rankingQuality', () => {
  it('computes HR@1, HR@3 and MRR', () => {
    const quality = rankingQuality([
      { ranking: ['a', 'b', 'c'], causes: ['a'] }, // rank 1
      { ranking: ['a', 'b', 'c'], causes: ['c'] }, // rank 3
      { ranking: ['a', 'b', 'c', 'd'], causes: ['d'] }, // rank 4
      { ranking: ['a'], causes: ['z'] }, // not ranked
    ]);
    expect(quality).toEqual({
      cases: 4,
      hitsAt1: 1,
      hitsAt3: 2,
      hitRateAt1: 0.25,
      hitRateAt3: 0.5,
      meanReciprocalRank: (1 + 1 / 3 + 1 / 4 + 0) / 4,
    });
  });

  it('counts the best-ranked of several causes', () => {
    expect(causeRank({ ranking: ['a', 'b', 'c'], causes: ['c', 'b'] })).toBe(2);
  });

  it('has no rates without cases', () => {
    expect(qualityFromRanks([])).toEqual({
      cases: 0,
      hitsAt1: 0,
      hitsAt3: 0,
      hitRateAt1: null,
      hitRateAt3: null,
      meanReciprocalRank: null,
    });
  });
});

describe('casesFromVerdicts', () => {
  const rankings: Record<string, string[]> = { 'alert-1': ['c1', 'c2', 'c3'], 'alert-2': ['c4', 'c5'] };
  const rankingOf = (id: string) => rankings[id];
  const verdict = (subjectId: string, changeId: string, v: Verdict['verdict'], at: number): Verdict => ({
    subjectId,
    changeId,
    verdict: v,
    at,
  });

  it('makes one case per alert with a change judged the cause', () => {
    const cases = casesFromVerdicts(
      [
        verdict('alert-1', 'c2', 'cause', 1),
        verdict('alert-1', 'c1', 'not_cause', 2),
        verdict('alert-2', 'c5', 'not_cause', 3),
      ],
      rankingOf,
    );
    expect(cases).toEqual([{ ranking: ['c1', 'c2', 'c3'], causes: ['c2'] }]);
    expect(rankingQuality(cases).meanReciprocalRank).toBe(0.5);
  });

  it("takes a reviewer's latest verdict on a change, whatever order they arrive in", () => {
    const changedMind = [verdict('alert-1', 'c1', 'not_cause', 20), verdict('alert-1', 'c1', 'cause', 10)];
    expect(casesFromVerdicts(changedMind, rankingOf)).toEqual([]);
    expect(casesFromVerdicts([...changedMind].reverse(), rankingOf)).toEqual([]);
    const confirmed = [verdict('alert-1', 'c1', 'not_cause', 10), verdict('alert-1', 'c1', 'cause', 20)];
    expect(casesFromVerdicts(confirmed, rankingOf)).toEqual([
      { ranking: ['c1', 'c2', 'c3'], causes: ['c1'] },
    ]);
  });

  it('leaves out alerts that were never ranked, and counts a cause missing from the ranking as a miss', () => {
    const cases = casesFromVerdicts(
      [verdict('unknown-alert', 'c1', 'cause', 1), verdict('alert-2', 'c9', 'cause', 1)],
      rankingOf,
    );
    expect(cases).toEqual([{ ranking: ['c4', 'c5'], causes: ['c9'] }]);
    expect(rankingQuality(cases)).toMatchObject({ cases: 1, hitsAt3: 0, meanReciprocalRank: 0 });
  });
});

/**
 * How good the rankings are, from reviewers' verdicts or labelled scenarios: hit rate at 1 and 3 (the
 * cause is the first suspect / among the first three) and mean reciprocal rank (1/rank of the cause, 0
 * when it was not ranked at all).
 */

export interface RankedCase {
  /** Suspect change ids, most likely first. */
  readonly ranking: readonly string[];
  /** The changes known to have caused it (usually one). */
  readonly causes: readonly string[];
}

export interface RankingQuality {
  readonly cases: number;
  readonly hitsAt1: number;
  readonly hitsAt3: number;
  /** null when there is no case. */
  readonly hitRateAt1: number | null;
  readonly hitRateAt3: number | null;
  readonly meanReciprocalRank: number | null;
}

/** Rank (1-based) of the best-ranked cause, or undefined when no cause was ranked. */
export function causeRank(rankedCase: RankedCase): number | undefined {
  const causes = new Set(rankedCase.causes);
  const index = rankedCase.ranking.findIndex((id) => causes.has(id));
  return index < 0 ? undefined : index + 1;
}

export function rankingQuality(cases: readonly RankedCase[]): RankingQuality {
  return qualityFromRanks(cases.map(causeRank));
}

/** The same from the rank of each case's cause (undefined: the cause was not ranked). */
export function qualityFromRanks(ranks: readonly (number | undefined)[]): RankingQuality {
  let hitsAt1 = 0;
  let hitsAt3 = 0;
  let reciprocal = 0;
  for (const rank of ranks) {
    if (rank === undefined) continue;
    if (rank === 1) hitsAt1 += 1;
    if (rank <= 3) hitsAt3 += 1;
    reciprocal += 1 / rank;
  }
  const n = ranks.length;
  return {
    cases: n,
    hitsAt1,
    hitsAt3,
    hitRateAt1: n === 0 ? null : hitsAt1 / n,
    hitRateAt3: n === 0 ? null : hitsAt3 / n,
    meanReciprocalRank: n === 0 ? null : reciprocal / n,
  };
}

export interface Verdict {
  /** The alert (or incident) the verdict is about. */
  readonly subjectId: string;
  readonly changeId: string;
  readonly verdict: 'cause' | 'not_cause';
  /** When it was given (epoch ms): a reviewer's later verdict on the same change replaces the earlier one. */
  readonly at: number;
}

/**
 * One case per subject that has at least one change currently judged the cause. `rankingOf` gives the
 * subject's ranking as it was shown (undefined: never ranked, the subject is left out). `not_cause`
 * verdicts only matter by overriding an earlier `cause` on the same change.
 */
export function casesFromVerdicts(
  verdicts: readonly Verdict[],
  rankingOf: (subjectId: string) => readonly string[] | undefined,
): RankedCase[] {
  const latest = new Map<string, Verdict>();
  for (const v of verdicts) {
    const key = `${v.subjectId}\u0000${v.changeId}`;
    const known = latest.get(key);
    if (known === undefined || v.at >= known.at) latest.set(key, v);
  }
  const causes = new Map<string, string[]>();
  for (const v of latest.values()) {
    if (v.verdict !== 'cause') continue;
    const list = causes.get(v.subjectId);
    if (list === undefined) causes.set(v.subjectId, [v.changeId]);
    else list.push(v.changeId);
  }
  const cases: RankedCase[] = [];
  for (const [subjectId, list] of [...causes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const ranking = rankingOf(subjectId);
    if (ranking !== undefined) cases.push({ ranking, causes: list.sort() });
  }
  return cases;
}

/**
 * How long after a change reaches the scope an installation's alerts fire when the change is the cause.
 * That delay is a property of the installation, not of changes in general: its alert rules' `for`
 * durations, evaluation and scrape intervals, how fast its rollouts put traffic on a new version. The
 * priors (timeWeight) only say "within minutes, then less and less". An installation whose causes alert 1-3
 * minutes after their exposing step and one whose causes alert after 8-12 are both common, and a fixed
 * shape fits one of them at best. So the shape is learned from reviewers' verdicts (weights.ts): an offset
 * per delay bin and onset group, 0 (neutral) until trained.
 */
import type { ChangeKind } from '../../changes/domain/change-event';
import { KIND_ONSET_MS, type Factor } from './factors';

const MINUTE = 60_000;

/**
 * The bins' lower edges in minutes of delay (alert start minus the change's exposure); below the first
 * edge is "the alert started before the change", within the clock-skew allowance. Narrow where causes
 * crowd (the first minutes), wide where they thin out.
 */
export const DELAY_BIN_EDGES_MIN: readonly number[] = [0, 1, 2, 3, 5, 8, 12, 20, 30, 60];
export const DELAY_BINS = DELAY_BIN_EDGES_MIN.length + 1;

/**
 * Changes that show at once (a configuration push, a flag flip), as pods roll or a migration applies, or
 * as traffic or capacity shifts: grouped by their kind's onset, because each group's delays differ.
 */
export type OnsetGroup = 'immediate' | 'rolling' | 'gradual';
export const ONSET_GROUPS: readonly OnsetGroup[] = ['immediate', 'rolling', 'gradual'];

export function onsetGroup(kind: ChangeKind): OnsetGroup {
  const onset = KIND_ONSET_MS[kind];
  return onset === 0 ? 'immediate' : onset <= 2 * MINUTE ? 'rolling' : 'gradual';
}

const GROUP_WORDS: { readonly [G in OnsetGroup]: string } = {
  immediate: 'changes that take effect at once (configuration, flags)',
  rolling: 'changes that roll out (deploys, migrations, infrastructure, others)',
  gradual: 'changes that act as traffic shifts (scaling, experiments)',
};

/** Whether a value (from a stored verdict, say) is a change kind this version knows. */
export function isChangeKind(value: unknown): value is ChangeKind {
  return typeof value === 'string' && Object.hasOwn(KIND_ONSET_MS, value);
}

/** The bin of a delay (ms). */
export function delayBin(delayMs: number): number {
  let bin = 0;
  for (const edge of DELAY_BIN_EDGES_MIN) if (delayMs >= edge * MINUTE) bin += 1;
  return bin;
}

/** "the alert started first (within the clock-skew allowance)", "2-3 min", "60 min or more". */
export function describeDelayBin(bin: number): string {
  if (bin <= 0) return 'the alert started first (within the clock-skew allowance)';
  const from = DELAY_BIN_EDGES_MIN[bin - 1] ?? 0;
  const to = DELAY_BIN_EDGES_MIN[bin];
  return to === undefined ? `${from} min or more` : `${from}-${to} min`;
}

/**
 * Log-offsets per onset group and delay bin (DELAY_BINS each): added to a candidate's log-likelihood, so
 * e^offset is the factor's value. 0 everywhere is "no preference". The offsets are relative (adding the
 * same amount to every cell would rank everything alike); the fit pins their level by pulling each to 0.
 * `binEdgesMin` records the bins they were learned on, so that a later version with other bins never
 * reads them wrongly.
 */
export interface DelayProfile {
  readonly binEdgesMin: readonly number[];
  readonly immediate: readonly number[];
  readonly rolling: readonly number[];
  readonly gradual: readonly number[];
}

/** The index of (group, bin) in a flat list of the profile's cells, group by group. */
export function delayCell(kind: ChangeKind, delayMs: number): number {
  return ONSET_GROUPS.indexOf(onsetGroup(kind)) * DELAY_BINS + delayBin(delayMs);
}

export const DELAY_CELLS = ONSET_GROUPS.length * DELAY_BINS;

export function delayProfileFromCells(cells: readonly number[]): DelayProfile {
  const group = (g: number) => Array.from({ length: DELAY_BINS }, (_, b) => cells[g * DELAY_BINS + b] ?? 0);
  return {
    binEdgesMin: [...DELAY_BIN_EDGES_MIN],
    immediate: group(0),
    rolling: group(1),
    gradual: group(2),
  };
}

/**
 * A stored profile as this version can use it, or undefined: one learned on other bins, or malformed
 * (stored by a future version, say), is not applied rather than read wrongly.
 */
export function usableDelayProfile(value: unknown): DelayProfile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const stored = value as Partial<Record<keyof DelayProfile, unknown>>;
  const sameBins =
    Array.isArray(stored.binEdgesMin) &&
    stored.binEdgesMin.length === DELAY_BIN_EDGES_MIN.length &&
    stored.binEdgesMin.every((edge, i) => edge === DELAY_BIN_EDGES_MIN[i]);
  const offsets = (group: unknown): group is number[] =>
    Array.isArray(group) &&
    group.length === DELAY_BINS &&
    group.every((o) => typeof o === 'number' && Number.isFinite(o));
  if (!sameBins || !ONSET_GROUPS.every((g) => offsets(stored[g]))) return undefined;
  return value as DelayProfile;
}

export function delayOffset(profile: DelayProfile, kind: ChangeKind, delayMs: number): number {
  return profile[onsetGroup(kind)][delayBin(delayMs)] ?? 0;
}

/** Below this difference from neutral (about ±5 %), the factor says nothing. */
const SILENT_OFFSET = 0.05;

/**
 * The learned timing of a candidate: what reviewers' verdicts in this installation say of its delay (the
 * alert's start after the change reached the scope), for changes of its onset group, beyond what the
 * other factors say.
 */
export function delayFactor(profile: DelayProfile, kind: ChangeKind, delayMs: number): Factor {
  const offset = delayOffset(profile, kind, delayMs);
  const weight = Math.exp(offset);
  if (Math.abs(offset) < SILENT_OFFSET) return { name: 'timing', weight };
  const bin = delayBin(delayMs);
  const when = bin <= 0 ? describeDelayBin(bin) : `the alert started ${describeDelayBin(bin)} after it`;
  const how = offset > 0 ? 'more' : 'less';
  return {
    name: 'timing',
    weight,
    reason: `${when}: for ${GROUP_WORDS[onsetGroup(kind)]}, reviewers' verdicts here make that timing ${how} telling of a cause than the other factors say (×${weight.toFixed(2)})`,
  };
}

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
import { formatDuration } from './explain';
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
  rolling: 'changes that roll out (deploys, migrations, infrastructure)',
  gradual: 'changes that act as traffic shifts (scaling, experiments)',
};

/** The bin of a delay (ms). */
export function delayBin(delayMs: number): number {
  let bin = 0;
  for (const edge of DELAY_BIN_EDGES_MIN) if (delayMs >= edge * MINUTE) bin += 1;
  return bin;
}

/** "1-2 min", "60 min or more", "before it (clock skew)". */
export function describeDelayBin(bin: number): string {
  if (bin <= 0) return 'with the alert starting first (within the clock-skew allowance)';
  const from = DELAY_BIN_EDGES_MIN[bin - 1] ?? 0;
  const to = DELAY_BIN_EDGES_MIN[bin];
  return to === undefined ? `${from} min or more after it` : `${from}-${to} min after it`;
}

/**
 * Log-offsets per onset group and delay bin (DELAY_BINS each): added to a candidate's log-likelihood, so
 * e^offset is the factor's value. 0 everywhere is "no preference".
 */
export type DelayProfile = { readonly [G in OnsetGroup]: readonly number[] };

/** The index of (group, bin) in a flat list of the profile's cells, group by group. */
export function delayCell(kind: ChangeKind, delayMs: number): number {
  return ONSET_GROUPS.indexOf(onsetGroup(kind)) * DELAY_BINS + delayBin(delayMs);
}

export const DELAY_CELLS = ONSET_GROUPS.length * DELAY_BINS;

export function delayProfileFromCells(cells: readonly number[]): DelayProfile {
  const group = (g: number) => Array.from({ length: DELAY_BINS }, (_, b) => cells[g * DELAY_BINS + b] ?? 0);
  return { immediate: group(0), rolling: group(1), gradual: group(2) };
}

export function delayOffset(profile: DelayProfile, kind: ChangeKind, delayMs: number): number {
  return profile[onsetGroup(kind)][delayBin(delayMs)] ?? 0;
}

/** Below this difference from neutral (about ±5 %), the factor says nothing. */
const SILENT_OFFSET = 0.05;

/**
 * The learned timing of a candidate: how its delay compares with the delays of the causes that
 * reviewers confirmed in this installation, for changes of its onset group.
 */
export function delayFactor(profile: DelayProfile, kind: ChangeKind, delayMs: number): Factor {
  const offset = delayOffset(profile, kind, delayMs);
  const weight = Math.exp(offset);
  if (Math.abs(offset) < SILENT_OFFSET) return { name: 'timing', weight };
  const bin = delayBin(delayMs);
  const when = bin <= 0 ? 'the alert started first' : `the alert started ${formatDuration(delayMs)} after it`;
  const how = offset > 0 ? 'more often' : 'less often';
  return {
    name: 'timing',
    weight,
    reason: `${when}: among ${GROUP_WORDS[onsetGroup(kind)]}, the causes reviewers confirmed here alerted ${describeDelayBin(bin)} ${how} than other candidates did (×${weight.toFixed(2)})`,
  };
}

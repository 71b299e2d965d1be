/**
 * Freeze checks of changes as they are ingested: a change that *started* while a freeze applied to it is
 * recorded once, as a violation (denied and not excused) or as excused (an exemption or a break-glass
 * override let it through with a warning). The decision is the evaluator's, taken at the change's start.
 */
import {
  FREEZE_VIOLATION_DETECTED,
  FREEZE_VIOLATION_EXCUSED,
  type FreezeViolationV1,
} from '../../contracts/freeze-violation-events';
import { evaluate, type BreakGlassOverride, type ChangeToEvaluate } from './evaluator';
import type { FreezeWindow } from './freeze-window';

export type FreezeCheck = FreezeViolationV1;
export type FreezeCheckOutcome = FreezeCheck['outcome'];

/** The change as the timeline knows it when one of its events is ingested. */
export interface StartedChange {
  readonly changeId: string;
  readonly service: string | null;
  readonly environment: string;
  readonly region: string | null;
  readonly team: string | null;
  readonly kind: string;
  readonly isRollback: boolean;
  readonly isHotfix: boolean;
  readonly override: BreakGlassOverride | null;
  /** The earliest non-planned event's instant; null while the change is only planned. */
  readonly startedAt: string | null;
}

/**
 * The event id of a change's freeze check. Deterministic, so the store's idempotent append makes "once
 * per change" hold even when two consumers see the same change at the same time.
 */
export function freezeCheckEventId(changeId: string): string {
  return `freeze-check:${changeId}`;
}

export function freezeCheckEventType(check: FreezeCheck): string {
  return check.outcome === 'violation' ? FREEZE_VIOLATION_DETECTED : FREEZE_VIOLATION_EXCUSED;
}

/** What the evaluator needs of a recorded change (the timeline's row, where absent attributes are null). */
export type RecordedChangeAttributes = Pick<
  StartedChange,
  'service' | 'environment' | 'region' | 'team' | 'kind' | 'isRollback' | 'isHotfix'
> & { readonly override?: BreakGlassOverride | null | undefined };

/**
 * A recorded change as the evaluator sees it. A change without a service or region cannot match a scope
 * that lists services or regions: it is passed as '', which no pattern matches (globs need at least one
 * character), exactly like an absent attribute. Changes carry no tier (change-event.v1 has none), so a
 * window scoped by tier matches none of them.
 */
export function changeToEvaluate(change: RecordedChangeAttributes): ChangeToEvaluate {
  return {
    service: change.service ?? '',
    environment: change.environment,
    region: change.region ?? '',
    kind: change.kind,
    team: change.team ?? undefined,
    isRollback: change.isRollback,
    isHotfix: change.isHotfix,
    override: change.override ?? undefined,
  };
}

/**
 * Why a change the evaluator let through with a warning passed: an exemption when every deciding window
 * exempts it (a rollback or a hotfix the window names), a break-glass override otherwise.
 */
function excuseOf(change: StartedChange, deciding: readonly FreezeWindow[]): FreezeCheckOutcome {
  const exempt = (window: FreezeWindow): boolean => {
    const exemptions = window.exemptions ?? [];
    return (
      (change.isRollback && exemptions.includes('rollback')) ||
      (change.isHotfix && exemptions.includes('hotfix'))
    );
  };
  return deciding.length > 0 && deciding.every(exempt) ? 'exempt' : 'overridden';
}

/**
 * The freeze check of a change that has started, or undefined when no freeze applied to it (`allow`) or
 * it has not started yet. `detectedAt` is the service's clock.
 */
export function checkStartedChange(
  windows: readonly FreezeWindow[],
  change: StartedChange,
  detectedAt: Date,
): FreezeCheck | undefined {
  if (change.startedAt === null) return undefined;
  const evaluation = evaluate(windows, changeToEvaluate(change), new Date(change.startedAt));
  if (evaluation.decision === 'allow') return undefined;
  const byId = new Map(windows.map((w) => [w.id, w]));
  const deciding = evaluation.windows.flatMap((w) => byId.get(w.id) ?? []);
  return {
    changeId: change.changeId,
    outcome: evaluation.decision === 'deny' ? 'violation' : excuseOf(change, deciding),
    decision: evaluation.decision,
    reason: evaluation.reason,
    startedAt: change.startedAt,
    detectedAt: detectedAt.toISOString(),
    change: {
      service: change.service,
      environment: change.environment,
      region: change.region,
      team: change.team,
      kind: change.kind,
      isRollback: change.isRollback,
      isHotfix: change.isHotfix,
      override: change.override === null ? null : { ...withoutUndefined(change.override) },
    },
    windows: evaluation.windows.map((w) => ({
      id: w.id,
      name: w.name,
      kind: w.kind,
      occurrenceStart: w.occurrenceStart?.toISOString() ?? null,
      occurrenceEnd: w.occurrenceEnd?.toISOString() ?? null,
    })),
  };
}

/** The override as recorded, with its verified authority: which key granted it and which used it. */
function withoutUndefined(override: BreakGlassOverride): NonNullable<FreezeCheck['change']['override']> {
  const authority = override.authority;
  return {
    by: override.by,
    role: override.role,
    ...(override.justification !== undefined ? { justification: override.justification } : {}),
    ...(override.ticket !== undefined ? { ticket: override.ticket } : {}),
    ...(override.grantId !== undefined ? { grantId: override.grantId } : {}),
    authorised: authority?.authorised === true,
    grantedBy: authority?.authorised === true ? authority.grantedBy : null,
    usedBy: authority?.authorised === true ? authority.usedBy : null,
  };
}

/**
 * The pure part of a preview: a candidate window, and what it decides for one change. Plain TypeScript
 * over the freeze domain; the handler feeds it rows of the changes read model.
 */
import { evaluate, type OverrideAuthority } from '../../domain/evaluator';
import { changeToEvaluate } from '../../domain/freeze-check';
import type { FreezeScope, FreezeWindow, FreezeWindowDefinition } from '../../domain/freeze-window';
import { matchesScope } from '../../domain/scope';
import type { ChangeColumnFilter, ChangeRecord } from '../../../changes/change-timeline-queries';
import type { PreviewedChange } from './preview-freeze-window.query';

/** How a preview treats a recorded override: as authorised, by keys it does not know. */
const RECORDED_OVERRIDE: OverrideAuthority = { authorised: true, grantedBy: null, usedBy: null };

/** The id the candidate carries while it is evaluated; it is never stored or shown. */
const CANDIDATE_ID = 'preview';

/** The definition as a window in force: never lifted, not cancelled. */
export function candidateWindow(definition: FreezeWindowDefinition): FreezeWindow {
  return { ...definition, id: CANDIDATE_ID, cancelled: false };
}

/** A value that is certainly not a glob pattern: only characters without meaning in a scope glob. */
const LITERAL = /^[A-Za-z0-9_.:-]+$/;

/**
 * Narrows the rows read from the database to values the scope could match: kinds always (they are
 * compared exactly), other dimensions when every pattern is a plain value. Globs are left to the domain
 * matcher, which decides for every row returned anyway.
 */
export function columnFilterOf(scope: FreezeScope): ChangeColumnFilter {
  const exact = (patterns: readonly string[] | undefined): readonly string[] | undefined =>
    patterns !== undefined && patterns.length > 0 && patterns.every((p) => LITERAL.test(p))
      ? patterns
      : undefined;
  const filter: { -readonly [K in keyof ChangeColumnFilter]: ChangeColumnFilter[K] } = {};
  if (scope.kinds !== undefined && scope.kinds.length > 0) filter.kinds = scope.kinds;
  const services = exact(scope.services);
  if (services) filter.services = services;
  const environments = exact(scope.environments);
  if (environments) filter.environments = environments;
  const regions = exact(scope.regions);
  if (regions) filter.regions = regions;
  const teams = exact(scope.teams);
  if (teams) filter.teams = teams;
  return filter;
}

export type PreviewOutcome =
  { readonly inScope: false } | { readonly inScope: true; readonly caught: PreviewedChange | undefined };

/**
 * What the candidate window alone decides for the change at `at`: out of scope, in scope but allowed,
 * or caught (deny, or warn for an exempt or validly overridden change).
 */
export function previewChange(window: FreezeWindow, change: ChangeRecord, at: Date): PreviewOutcome {
  // A preview asks what the candidate would do with the changes as recorded; whether an override was
  // backed by a key holding its role is the freeze check's question, answered when the change started.
  const evaluated = changeToEvaluate({
    ...change,
    override: change.override ? { ...change.override, authority: RECORDED_OVERRIDE } : null,
  });
  if (!matchesScope(window.scope, evaluated)) return { inScope: false };
  const result = evaluate([window], evaluated, at);
  if (result.decision === 'allow') return { inScope: true, caught: undefined };
  const decided = result.windows[0];
  const occurrence =
    window.kind === 'deny' && decided?.occurrenceStart
      ? {
          start: decided.occurrenceStart.toISOString(),
          end: decided.occurrenceEnd?.toISOString() ?? null,
        }
      : null;
  return {
    inScope: true,
    caught: {
      source: change.source,
      changeId: change.changeId,
      service: change.service,
      environment: change.environment,
      region: change.region,
      team: change.team,
      kind: change.kind,
      phase: change.phase,
      plannedAt: change.plannedAt?.toISOString() ?? null,
      startedAt: change.startedAt?.toISOString() ?? null,
      decision: result.decision,
      reason: result.reason,
      occurrence,
    },
  };
}

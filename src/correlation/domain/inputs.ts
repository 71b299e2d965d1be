/**
 * What correlation reads: changes (the change read model plus the steps of their rollout) and alerts, with
 * instants as epoch milliseconds. Built from the same types the rest of the service uses (ChangeView,
 * change-event.v1, alert-event.v1) so a query can feed rows straight in.
 */
import type { AlertEvent, AlertSeverity, AlertStatus } from '../../alerts/domain/alert-event';
import { alertInstanceKey } from '../../alerts/domain/alert-event';
import type { ChangeEvent, ChangeKind, ChangePhase } from '../../changes/domain/change-event';
import { foldChangeEvents, toChangeView } from '../../changes/domain/change-state';
import type { ChangeStepRecord } from '../../changes/domain/change-steps';
import type { CandidateChange } from '../../changes/change-timeline-queries';

type Rollout = NonNullable<ChangeEvent['rollout']>;
type Version = NonNullable<ChangeEvent['version']>;

/** One event of a change as correlation needs it: when the change reached how far, and where. */
export interface ChangeStep {
  readonly at: number;
  readonly phase: ChangePhase;
  readonly region?: string | undefined;
  readonly cluster?: string | undefined;
  readonly rollout?: Rollout | undefined;
  readonly isRollback?: boolean | undefined;
}

export interface CorrelationChange {
  readonly changeId: string;
  readonly source: string;
  readonly kind: ChangeKind;
  readonly phase: ChangePhase;
  readonly service?: string | undefined;
  readonly environment: string;
  readonly region?: string | undefined;
  readonly cluster?: string | undefined;
  readonly summary?: string | undefined;
  /** Who made it: a person, a pipeline acting for one, or an automatic controller (e.g. an autoscaler). */
  readonly actorType?: NonNullable<ChangeEvent['actor']>['type'] | undefined;
  readonly version?: Version | undefined;
  readonly rollout?: Rollout | undefined;
  /**
   * The change itself returns to an earlier version (a redeploy of the previous release). Not set merely
   * because the change was rolled back: that is `phase: rolled_back`.
   */
  readonly isRollback: boolean;
  readonly startedAt: number;
  /** When it reached its terminal phase; undefined while in progress. */
  readonly finishedAt?: number | undefined;
  /** Its events past planning, oldest first. May be empty when only the read-model row is known. */
  readonly steps: readonly ChangeStep[];
}

export interface CorrelationAlert {
  /** alertInstanceKey: source, startsAt and fingerprint. */
  readonly key: string;
  readonly fingerprint: string;
  readonly source: string;
  readonly name: string;
  readonly severity: AlertSeverity;
  readonly status: AlertStatus;
  readonly service?: string | undefined;
  readonly environment: string;
  readonly region?: string | undefined;
  readonly cluster?: string | undefined;
  readonly groupKey?: string | undefined;
  readonly startsAt: number;
  readonly endsAt?: number | undefined;
}

const optional = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

function stepOf(event: ChangeStepRecord): ChangeStep {
  return {
    at: Date.parse(event.occurredAt),
    phase: event.phase,
    region: event.region,
    cluster: event.cluster,
    rollout: event.rollout,
    isRollback: event.isRollback,
  };
}

/** The fields of a change's read-model row that correlation uses, as the changes module exports them. */
export type CorrelationChangeView = CandidateChange['view'];

/**
 * From the change read-model row and, when available, its events or the steps its row keeps (the same
 * fields; planned events are skipped either way). A change that has not started (only planned) is not a
 * suspect: undefined.
 */
export function correlationChangeFromView(
  view: CorrelationChangeView,
  events: readonly ChangeStepRecord[] = [],
): CorrelationChange | undefined {
  if (view.startedAt === null) return undefined;
  const seen = new Set<string>();
  const steps = events
    .filter((e) => e.phase !== 'planned' && !seen.has(e.eventId) && seen.add(e.eventId))
    .map(stepOf)
    .sort((a, b) => a.at - b.at);
  // The read model's isRollback is also set by the rolled_back event of an undone change (see the
  // contract); only the change's own steps tell the two apart. Without steps, a rolled-back change is
  // taken as undone rather than as a rollback.
  const isRollback =
    steps.length > 0
      ? steps.some((s) => s.isRollback === true && s.phase !== 'rolled_back')
      : view.isRollback && view.phase !== 'rolled_back';
  return {
    changeId: view.changeId,
    source: view.source,
    kind: view.kind,
    phase: view.phase,
    service: optional(view.service),
    environment: view.environment,
    region: optional(view.region),
    cluster: optional(view.cluster),
    summary: optional(view.summary),
    actorType: view.actor?.type,
    version: optional(view.version),
    rollout: optional(view.rollout),
    isRollback,
    startedAt: Date.parse(view.startedAt),
    finishedAt: view.finishedAt === null ? undefined : Date.parse(view.finishedAt),
    steps,
  };
}

/** From all the events of one change (any order, duplicates allowed), folded as the read model is. */
export function correlationChangeFromEvents(events: readonly ChangeEvent[]): CorrelationChange | undefined {
  const state = foldChangeEvents(events);
  return state === undefined ? undefined : correlationChangeFromView(toChangeView(state), events);
}

export function correlationAlertFromEvent(event: AlertEvent): CorrelationAlert {
  return {
    key: alertInstanceKey(event),
    fingerprint: event.fingerprint,
    source: event.source,
    name: event.name,
    severity: event.severity,
    status: event.status,
    service: event.service,
    environment: event.environment,
    region: event.region,
    cluster: event.cluster,
    groupKey: event.groupKey,
    startsAt: Date.parse(event.startsAt),
    endsAt: event.endsAt === undefined ? undefined : Date.parse(event.endsAt),
  };
}

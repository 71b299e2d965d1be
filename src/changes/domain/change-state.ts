import type { ChangeEvent, ChangeKind, ChangePhase } from './change-event';
import { TERMINAL_PHASES, phaseRank } from './change-event';

/**
 * Orders competing writes to one field: later occurredAt wins, eventId breaks ties. A total order on
 * events makes every field a last-writer-wins register, so the folded state is the same for every
 * arrival order (invariant 6 of docs/design.md) and can be updated incrementally from the stored state.
 */
export interface Stamp {
  /** occurredAt in epoch milliseconds (UTC). */
  readonly at: number;
  readonly eventId: string;
}

export interface Register<T> {
  readonly value: T;
  readonly stamp: Stamp;
}

type Actor = NonNullable<ChangeEvent['actor']>;
type Version = NonNullable<ChangeEvent['version']>;
type Rollout = NonNullable<ChangeEvent['rollout']>;
type Override = NonNullable<ChangeEvent['override']>;

/** Everything needed to merge one more event; persisted as JSON beside the change row. */
export interface ChangeState {
  readonly changeId: string;
  readonly eventCount: number;
  readonly phase: Register<ChangePhase>;
  readonly source: Register<string>;
  readonly kind: Register<ChangeKind>;
  readonly environment: Register<string>;
  readonly service?: Register<string>;
  readonly region?: Register<string>;
  readonly cluster?: Register<string>;
  readonly team?: Register<string>;
  readonly actor?: Register<Actor>;
  readonly summary?: Register<string>;
  readonly version?: Register<Version>;
  readonly rollout?: Register<Rollout>;
  readonly override?: Register<Override>;
  /** Earliest occurredAt of a planned event (epoch ms). */
  readonly plannedAt?: number;
  /** Earliest occurredAt of any event past planning (epoch ms). */
  readonly startedAt?: number;
  readonly firstEventAt: number;
  readonly lastEventAt: number;
  readonly isRollback: boolean;
  readonly isHotfix: boolean;
}

export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  if (a.eventId === b.eventId) return 0;
  return a.eventId < b.eventId ? -1 : 1;
}

function comparePhaseRegisters(a: Register<ChangePhase>, b: Register<ChangePhase>): number {
  const byRank = phaseRank(a.value) - phaseRank(b.value);
  return byRank !== 0 ? byRank : compareStamps(a.stamp, b.stamp);
}

function latest<T>(
  current: Register<T> | undefined,
  value: T | undefined,
  stamp: Stamp,
): Register<T> | undefined {
  if (value === undefined) return current;
  if (current === undefined || compareStamps(stamp, current.stamp) > 0) return { value, stamp };
  return current;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

export function occurredAtMillis(event: ChangeEvent): number {
  return Date.parse(event.occurredAt);
}

/**
 * Merges one event that is new to the change (the store has already removed duplicates).
 * Commutative and associative over distinct events.
 */
export function applyChangeEvent(state: ChangeState | undefined, event: ChangeEvent): ChangeState {
  const stamp: Stamp = { at: occurredAtMillis(event), eventId: event.eventId };
  const phase: Register<ChangePhase> = { value: event.phase, stamp };
  const plannedAt = event.phase === 'planned' ? stamp.at : undefined;
  const startedAt = event.phase === 'planned' ? undefined : stamp.at;
  if (state === undefined) {
    return {
      changeId: event.changeId,
      eventCount: 1,
      phase,
      source: { value: event.source, stamp },
      kind: { value: event.kind, stamp },
      environment: { value: event.environment, stamp },
      ...optionalRegisters(undefined, event, stamp),
      plannedAt,
      startedAt,
      firstEventAt: stamp.at,
      lastEventAt: stamp.at,
      isRollback: event.isRollback === true,
      isHotfix: event.isHotfix === true,
    };
  }
  if (state.changeId !== event.changeId) {
    throw new Error(`event ${event.eventId} belongs to change ${event.changeId}, not ${state.changeId}`);
  }
  return {
    changeId: state.changeId,
    eventCount: state.eventCount + 1,
    phase: comparePhaseRegisters(phase, state.phase) > 0 ? phase : state.phase,
    source: latest(state.source, event.source, stamp) ?? state.source,
    kind: latest(state.kind, event.kind, stamp) ?? state.kind,
    environment: latest(state.environment, event.environment, stamp) ?? state.environment,
    ...optionalRegisters(state, event, stamp),
    plannedAt: minDefined(state.plannedAt, plannedAt),
    startedAt: minDefined(state.startedAt, startedAt),
    firstEventAt: Math.min(state.firstEventAt, stamp.at),
    lastEventAt: Math.max(state.lastEventAt, stamp.at),
    isRollback: state.isRollback || event.isRollback === true,
    isHotfix: state.isHotfix || event.isHotfix === true,
  };
}

type OptionalRegisters = Pick<
  ChangeState,
  'service' | 'region' | 'cluster' | 'team' | 'actor' | 'summary' | 'version' | 'rollout' | 'override'
>;

/**
 * The optional registers after this event; absent ones stay absent (no `key: undefined` entries), so
 * states are structurally comparable and JSON round-trippable. Written out field by field: this runs
 * for every ingested event.
 */
function optionalRegisters(
  state: ChangeState | undefined,
  event: ChangeEvent,
  stamp: Stamp,
): OptionalRegisters {
  const registers: { -readonly [K in keyof OptionalRegisters]?: OptionalRegisters[K] } = {};
  const service = latest(state?.service, event.service, stamp);
  if (service !== undefined) registers.service = service;
  const region = latest(state?.region, event.region, stamp);
  if (region !== undefined) registers.region = region;
  const cluster = latest(state?.cluster, event.cluster, stamp);
  if (cluster !== undefined) registers.cluster = cluster;
  const team = latest(state?.team, event.team, stamp);
  if (team !== undefined) registers.team = team;
  const actor = latest(state?.actor, event.actor, stamp);
  if (actor !== undefined) registers.actor = actor;
  const summary = latest(state?.summary, event.summary, stamp);
  if (summary !== undefined) registers.summary = summary;
  const version = latest(state?.version, event.version, stamp);
  if (version !== undefined) registers.version = version;
  const rollout = latest(state?.rollout, event.rollout, stamp);
  if (rollout !== undefined) registers.rollout = rollout;
  const override = latest(state?.override, event.override, stamp);
  if (override !== undefined) registers.override = override;
  return registers;
}

/** Folds a change's events in any order, with any duplicates (duplicates by eventId count once). */
export function foldChangeEvents(events: readonly ChangeEvent[]): ChangeState | undefined {
  const seen = new Set<string>();
  let state: ChangeState | undefined;
  for (const event of events) {
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    state = applyChangeEvent(state, event);
  }
  return state;
}

/** The flat read model a reviewer sees. */
export interface ChangeView {
  changeId: string;
  source: string;
  kind: ChangeKind;
  phase: ChangePhase;
  service: string | null;
  environment: string;
  region: string | null;
  cluster: string | null;
  team: string | null;
  actor: Actor | null;
  summary: string | null;
  version: Version | null;
  rollout: Rollout | null;
  override: Override | null;
  isRollback: boolean;
  isHotfix: boolean;
  plannedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** What the timeline sorts and filters on: startedAt, or plannedAt for a change not yet started. */
  timelineAt: string;
  lastEventAt: string;
  eventCount: number;
}

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function toChangeView(state: ChangeState): ChangeView {
  const finished = TERMINAL_PHASES.has(state.phase.value);
  const timelineAt = state.startedAt ?? state.plannedAt ?? state.firstEventAt;
  return {
    changeId: state.changeId,
    source: state.source.value,
    kind: state.kind.value,
    phase: state.phase.value,
    service: state.service?.value ?? null,
    environment: state.environment.value,
    region: state.region?.value ?? null,
    cluster: state.cluster?.value ?? null,
    team: state.team?.value ?? null,
    actor: state.actor?.value ?? null,
    summary: state.summary?.value ?? null,
    version: state.version?.value ?? null,
    rollout: state.rollout?.value ?? null,
    override: state.override?.value ?? null,
    isRollback: state.isRollback,
    isHotfix: state.isHotfix,
    plannedAt: iso(state.plannedAt),
    startedAt: iso(state.startedAt),
    finishedAt: finished ? iso(state.phase.stamp.at) : null,
    timelineAt: new Date(timelineAt).toISOString(),
    lastEventAt: new Date(state.lastEventAt).toISOString(),
    eventCount: state.eventCount,
  };
}

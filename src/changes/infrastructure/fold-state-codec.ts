import type { ChangeState, Register, Stamp } from '../domain/change-state';

/*
 * How a change's fold state is stored in `changes.fold_state` (json). Every reader and writer of the column
 * goes through encodeFoldState / decodeFoldState.
 *
 * Stored as a positional array with each distinct stamp once, the registers pointing at them: a change has
 * a handful of events, so the same (occurredAt, eventId) stamps recur in most of its 13 registers, and
 * spelling each out as {"value":…,"stamp":{"at":…,"eventId":…}} made the column over 60 % of the row
 * (docs/benchmarks.md, "Rebuild vs raw COPY"). Layout:
 *
 *   [2, changeId, eventCount, firstEventAt, lastEventAt, plannedAt|null, startedAt|null, flags,
 *    [at₀ − firstEventAt, eventId₀, at₁ − firstEventAt, eventId₁, …],
 *    phase, source, kind, environment, service, region, cluster, team, actor, summary, version, rollout, override]
 *
 * where each register is [stamp index, value], or null when absent; flags is 1 for isRollback plus 2 for
 * isHotfix. Stamps are offsets from firstEventAt (no event of the change is earlier), listed in order of
 * first use, so equal states encode to equal text (the read-model check compares the column as text).
 *
 * The shape before it, the ChangeState object itself, still decodes: rows written by an older version read
 * correctly and take the new shape when their change next gets an event or at the next rebuild.
 */

/** The first element of the stored array: which layout follows. */
const COMPACT_V2 = 2;

/** The registers in stored order; their values follow the stamps. */
const REGISTERS = [
  'phase',
  'source',
  'kind',
  'environment',
  'service',
  'region',
  'cluster',
  'team',
  'actor',
  'summary',
  'version',
  'rollout',
  'override',
] as const satisfies readonly (keyof ChangeState)[];

const STAMPS = 8;
const FIRST_REGISTER = 9;

const ROLLBACK = 1;
const HOTFIX = 2;

type StoredRegister = [number, unknown] | null;

/** The fold state as stored: JSON text of the compact layout. */
export function encodeFoldState(state: ChangeState): string {
  const base = state.firstEventAt;
  const stamps: (number | string)[] = [];
  const stored: unknown[] = [
    COMPACT_V2,
    state.changeId,
    state.eventCount,
    base,
    state.lastEventAt,
    state.plannedAt ?? null,
    state.startedAt ?? null,
    (state.isRollback ? ROLLBACK : 0) | (state.isHotfix ? HOTFIX : 0),
    stamps,
  ];
  for (const name of REGISTERS) {
    const register: Register<unknown> | undefined = state[name];
    stored.push(register === undefined ? null : [stampIndex(stamps, register.stamp, base), register.value]);
  }
  return JSON.stringify(stored);
}

/** Index of `stamp` in the flat [offset, eventId, …] list, appended if new (a change has few of them). */
function stampIndex(stamps: (number | string)[], stamp: Stamp, base: number): number {
  const offset = stamp.at - base;
  for (let i = 0; i < stamps.length; i += 2) {
    if (stamps[i] === offset && stamps[i + 1] === stamp.eventId) return i / 2;
  }
  stamps.push(offset, stamp.eventId);
  return stamps.length / 2 - 1;
}

/**
 * The fold state of a stored `fold_state` value as the driver returns it (json is parsed already): the
 * compact layout, or the ChangeState object older versions stored. Equal to what JSON.parse of the old
 * encoding gave: absent optional fields have no key.
 */
export function decodeFoldState(stored: unknown): ChangeState {
  if (!Array.isArray(stored)) {
    if (typeof stored === 'object' && stored !== null && typeof (stored as ChangeState).changeId === 'string')
      return stored as ChangeState;
    throw new Error('fold_state is neither the compact layout nor a ChangeState object');
  }
  const fields = stored as unknown[];
  if (fields[0] !== COMPACT_V2) throw new Error(`fold_state has an unknown layout ${String(fields[0])}`);
  const base = fields[3] as number;
  const flat = fields[STAMPS] as (number | string)[];
  const stamps: Stamp[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    stamps.push({ at: base + (flat[i] as number), eventId: flat[i + 1] as string });
  }
  const register = (index: number): Register<never> | undefined => {
    const entry = fields[FIRST_REGISTER + index] as StoredRegister;
    if (entry === null) return undefined;
    const stamp = stamps[entry[0]];
    if (stamp === undefined) throw new Error(`fold_state names stamp ${entry[0]}, which it does not hold`);
    return { value: entry[1] as never, stamp };
  };
  const required = (index: number): Register<never> => {
    const found = register(index);
    if (found === undefined) throw new Error(`fold_state lacks its required register ${REGISTERS[index]}`);
    return found;
  };
  // Keys in the order applyChangeEvent creates them, optional ones only when present.
  const state: { -readonly [K in keyof ChangeState]?: ChangeState[K] } = {
    changeId: fields[1] as string,
    eventCount: fields[2] as number,
    phase: required(0),
    source: required(1),
    kind: required(2),
    environment: required(3),
  };
  for (let i = 4; i < REGISTERS.length; i++) {
    const found = register(i);
    if (found !== undefined) state[REGISTERS[i] as (typeof REGISTERS)[4]] = found;
  }
  const plannedAt = fields[5] as number | null;
  if (plannedAt !== null) state.plannedAt = plannedAt;
  const startedAt = fields[6] as number | null;
  if (startedAt !== null) state.startedAt = startedAt;
  state.firstEventAt = base;
  state.lastEventAt = fields[4] as number;
  const flags = fields[7] as number;
  state.isRollback = (flags & ROLLBACK) !== 0;
  state.isHotfix = (flags & HOTFIX) !== 0;
  return state as ChangeState;
}

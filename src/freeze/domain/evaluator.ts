/**
 * The freeze decision for one change at one instant.
 *
 * Rules, for the windows that are not cancelled and whose scope matches the change:
 * 1. Deny windows beat allow windows. If one or more deny windows are active → `deny`, unless every one of
 *    them lets the change through → `warn`. A window lets a change through when it exempts the change's
 *    kind (`rollback` ↔ isRollback, `hotfix` ↔ isHotfix), or when the change carries a break-glass
 *    override by one of the window's `breakGlass.roles` (with a non-empty justification when the window
 *    requires one) whose authority was verified: a key holding the role used it, or it references a
 *    valid override grant issued by such a key. An override that only names a role does not pass.
 * 2. Else, if allow windows match but none of them is active → `deny` ("outside allowed window"), unless
 *    every one of them lets the change through in the same way → `warn`.
 * 3. Else `allow`.
 * `allowedAfter` (on `deny` and `warn`) is the first instant at which the same change would get `allow`,
 * when there is one within 31 days; it is found by jumping between occurrence boundaries.
 */
import {
  isSupportedInstant,
  MAX_SUPPORTED_INSTANT,
  MIN_SUPPORTED_INSTANT,
  type Exemption,
  type FreezeWindow,
  type FreezeWindowKind,
} from './freeze-window';
import {
  activeOccurrenceAt,
  activeSpanAt,
  activeUntilMs,
  nextOccurrenceAfter,
  nextSpanAfter,
  type Occurrence,
} from './schedule';
import { matchesScope, type ChangeAttributes } from './scope';
import { indexOf } from './window-index';

/**
 * Whether a break-glass override is backed by someone who holds its role, as the caller verified it
 * (the evaluator cannot: it sees no keys and no grants). Absent means not verified, which never passes.
 */
export type OverrideAuthority =
  | {
      readonly authorised: true;
      /** The key that holds the role: the one that used it, or the issuer of the grant it references. */
      readonly grantedBy: string | null;
      /** The key that used the override; null when no key did (an event from Kafka). */
      readonly usedBy: string | null;
      readonly grantId?: string | undefined;
    }
  | { readonly authorised: false; readonly why: string };

export interface BreakGlassOverride {
  readonly by: string;
  readonly role: string;
  readonly justification?: string | undefined;
  readonly ticket?: string | undefined;
  readonly grantId?: string | undefined;
  readonly authority?: OverrideAuthority | undefined;
}

/** The change being asked about (the body of `POST /v1/freeze/evaluate` without `at`). */
export interface ChangeToEvaluate extends ChangeAttributes {
  readonly service: string;
  readonly environment: string;
  readonly region: string;
  readonly kind: string;
  readonly team?: string | undefined;
  readonly tier?: string | undefined;
  readonly isRollback?: boolean | undefined;
  readonly isHotfix?: boolean | undefined;
  readonly override?: BreakGlassOverride | undefined;
}

export type FreezeDecision = 'allow' | 'warn' | 'deny';

export interface EvaluatedWindow {
  readonly id: string;
  readonly name: string;
  readonly kind: FreezeWindowKind;
  /**
   * The occurrence that decided: the active one, or for an allow window outside its occurrences the next
   * one within 31 days. Both null when an allow window has no occurrence in that time; the end is null for
   * a "freeze now" without end.
   */
  readonly occurrenceStart: Date | null;
  readonly occurrenceEnd: Date | null;
}

export interface FreezeEvaluation {
  readonly decision: FreezeDecision;
  readonly reason: string;
  readonly windows: readonly EvaluatedWindow[];
  readonly allowedAfter?: Date;
}

/** How far ahead `allowedAfter` is looked for. */
export const ALLOWED_AFTER_HORIZON_MS = 31 * 24 * 60 * 60 * 1000;

type Verdict =
  { readonly passes: true; readonly how: string } | { readonly passes: false; readonly why: string };

function exemptionOf(window: FreezeWindow, change: ChangeToEvaluate): Exemption | undefined {
  const exemptions = window.exemptions ?? [];
  if (change.isRollback === true && exemptions.includes('rollback')) return 'rollback';
  if (change.isHotfix === true && exemptions.includes('hotfix')) return 'hotfix';
  return undefined;
}

/** Whether this window lets the change through (with a warning), and how, or why not. */
function verdictOf(window: FreezeWindow, change: ChangeToEvaluate): Verdict {
  const exemption = exemptionOf(window, change);
  if (exemption !== undefined) return { passes: true, how: `it exempts ${exemption} changes` };
  const exemptions = window.exemptions ?? [];
  const notExempt = exemptions.length > 0 ? `not a ${exemptions.join(' or ')}` : 'it has no exemptions';
  const override = change.override;
  if (override === undefined) return { passes: false, why: `${notExempt}, and no break-glass override` };
  const breakGlass = window.breakGlass;
  if (breakGlass === undefined)
    return { passes: false, why: `${notExempt}, and it allows no break-glass override` };
  if (!breakGlass.roles.includes(override.role)) {
    return {
      passes: false,
      why: `${notExempt}, and role "${override.role}" may not override it (allowed: ${breakGlass.roles.join(', ')})`,
    };
  }
  const authority = override.authority;
  if (authority === undefined || !authority.authorised) {
    const why = authority?.authorised === false ? authority.why : 'its authority was not verified';
    return { passes: false, why: `${notExempt}, and override not authorised: ${why}` };
  }
  if (override.by.trim() === '') return { passes: false, why: `${notExempt}, and the override names nobody` };
  const justification = override.justification?.trim() ?? '';
  if (breakGlass.justificationRequired && justification === '') {
    return { passes: false, why: `${notExempt}, and its break-glass override requires a justification` };
  }
  const ticket =
    override.ticket !== undefined && override.ticket.trim() !== '' ? `, ticket ${override.ticket}` : '';
  const granted =
    authority.grantedBy !== null && authority.grantedBy !== override.by
      ? `, granted by ${authority.grantedBy}${authority.grantId !== undefined ? ` (grant ${authority.grantId})` : ''}`
      : '';
  return {
    passes: true,
    how: `break-glass override by ${override.by} as ${override.role}${granted}${ticket}`,
  };
}

/** "until <instant>", or "until lifted" for a "freeze now" without end. */
function until(date: Date | null): string {
  return date === null ? 'until lifted' : `until ${date.toISOString()}`;
}

function label(window: FreezeWindow): string {
  return `"${window.name}" (${window.reason})`;
}

function entry(window: FreezeWindow, occurrence: Occurrence | undefined): EvaluatedWindow {
  return {
    id: window.id,
    name: window.name,
    kind: window.kind,
    occurrenceStart: occurrence?.start ?? null,
    occurrenceEnd: occurrence?.end ?? null,
  };
}

function byOccurrence(a: EvaluatedWindow, b: EvaluatedWindow): number {
  const as = a.occurrenceStart?.getTime() ?? Number.POSITIVE_INFINITY;
  const bs = b.occurrenceStart?.getTime() ?? Number.POSITIVE_INFINITY;
  if (as !== bs) return as < bs ? -1 : 1;
  return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

function assertInstant(at: Date): number {
  const ms = at.getTime();
  if (!isSupportedInstant(ms)) {
    throw new RangeError(
      `at must be a valid instant between ${MIN_SUPPORTED_INSTANT.toISOString()} and ${MAX_SUPPORTED_INSTANT.toISOString()}`,
    );
  }
  return ms;
}

/**
 * How one window stands from the instant it was last asked about until `steadyUntil`, before which its
 * answer cannot change: a deny window blocks until `blockedUntil` (the end of the run covering the
 * instant) or not at all; an allow window is open or not.
 */
interface WindowState {
  readonly steadyUntil: number;
  readonly blockedUntil?: number;
  readonly open?: boolean;
}

/**
 * The first instant after `atMs` at which no matching deny window is active and, when matching allow
 * windows exist, one of them is. Jumps from boundary to boundary: to the latest end among the active
 * deny occurrences, or to the next start of an allow window. Each window is asked again only once the
 * search has passed the instant where its answer could change (the end of its run, or its next start),
 * so a month of daily windows costs a few questions per window, not one per window per jump.
 */
function firstAllowedInstant(applicable: readonly FreezeWindow[], atMs: number): Date | undefined {
  // Near the end of the supported range the horizon stops at its last instant, not past it.
  const horizon = Math.min(atMs + ALLOWED_AFTER_HORIZON_MS, MAX_SUPPORTED_INSTANT.getTime() - 1);
  const deny = applicable.filter((w) => w.kind === 'deny');
  const allow = applicable.filter((w) => w.kind === 'allow');
  const denyStates: (WindowState | undefined)[] = deny.map(() => undefined);
  const allowStates: (WindowState | undefined)[] = allow.map(() => undefined);
  let t = atMs;
  while (t <= horizon && t < MAX_SUPPORTED_INSTANT.getTime()) {
    let blockedUntil = t;
    for (let i = 0; i < deny.length; i++) {
      let state = denyStates[i];
      if (state === undefined || t >= state.steadyUntil) {
        const window = deny[i] as FreezeWindow;
        const until = activeUntilMs(window, t, horizon);
        if (until === null) return undefined; // "freeze now" until lifted
        // Not covering `t`, it stays so until its next occurrence starts.
        state =
          until === undefined
            ? { steadyUntil: nextSpanAfter(window, t)?.start ?? Number.POSITIVE_INFINITY }
            : { steadyUntil: until, blockedUntil: until };
        denyStates[i] = state;
      }
      if (state.blockedUntil !== undefined) blockedUntil = Math.max(blockedUntil, state.blockedUntil);
    }
    if (blockedUntil > t) {
      t = blockedUntil;
      continue;
    }
    if (allow.length === 0) return new Date(t);
    let opens = Number.POSITIVE_INFINITY;
    for (let i = 0; i < allow.length; i++) {
      let state = allowStates[i];
      if (state === undefined || t >= state.steadyUntil) {
        const window = allow[i] as FreezeWindow;
        const occurrence = activeSpanAt(window, t);
        // Open until the covering occurrence ends; closed until the next one starts.
        state =
          occurrence !== undefined
            ? { steadyUntil: occurrence.end ?? Number.POSITIVE_INFINITY, open: true }
            : { steadyUntil: nextSpanAfter(window, t)?.start ?? Number.POSITIVE_INFINITY, open: false };
        allowStates[i] = state;
      }
      if (state.open === true) return new Date(t);
      opens = Math.min(opens, state.steadyUntil);
    }
    if (opens === Number.POSITIVE_INFINITY) return undefined;
    t = opens;
  }
  return undefined;
}

function withAllowedAfter(
  evaluation: Omit<FreezeEvaluation, 'allowedAfter'>,
  applicable: readonly FreezeWindow[],
  atMs: number,
): FreezeEvaluation {
  const allowedAfter = firstAllowedInstant(applicable, atMs);
  if (allowedAfter === undefined) return evaluation;
  return {
    ...evaluation,
    reason: `${evaluation.reason} ${evaluation.decision === 'warn' ? 'Allowed without warning' : 'Allowed'} from ${allowedAfter.toISOString()}.`,
    allowedAfter,
  };
}

/**
 * Decides whether the change may start at `at`; see the module comment for the rules. When `windows` is a
 * list made by `indexFreezeWindows` (the registry's is), only the windows its index names are looked at;
 * the answer is the same as from testing every window.
 */
export function evaluate(
  windows: readonly FreezeWindow[],
  change: ChangeToEvaluate,
  at: Date,
): FreezeEvaluation {
  const atMs = assertInstant(at);
  const applicable =
    indexOf(windows)?.applicable(change) ??
    windows.filter((w) => !w.cancelled && matchesScope(w.scope, change));

  const activeDeny = applicable.flatMap((window) => {
    if (window.kind !== 'deny') return [];
    const occurrence = activeOccurrenceAt(window, at);
    return occurrence === undefined ? [] : [{ window, occurrence, verdict: verdictOf(window, change) }];
  });
  if (activeDeny.length > 0) {
    const listed = activeDeny.map((d) => entry(d.window, d.occurrence)).sort(byOccurrence);
    const blocked = activeDeny.flatMap((d) => (d.verdict.passes ? [] : [{ ...d, why: d.verdict.why }]));
    if (blocked.length === 0) {
      const passes = activeDeny
        .map((d) => `${label(d.window)} ${until(d.occurrence.end)}: ${d.verdict.passes ? d.verdict.how : ''}`)
        .join('; ');
      return withAllowedAfter(
        {
          decision: 'warn',
          reason: `Allowed with a warning during freeze window ${passes}.`,
          windows: listed,
        },
        applicable,
        atMs,
      );
    }
    const denials = blocked.map((d) => `${label(d.window)} ${until(d.occurrence.end)}: ${d.why}`).join('; ');
    const passed = activeDeny.flatMap((d) =>
      d.verdict.passes ? [`"${d.window.name}" (${d.verdict.how})`] : [],
    );
    const alsoActive = passed.length > 0 ? ` Also active, and passed: ${passed.join('; ')}.` : '';
    return withAllowedAfter(
      { decision: 'deny', reason: `Denied by freeze window ${denials}.${alsoActive}`, windows: listed },
      applicable,
      atMs,
    );
  }

  const allowWindows = applicable.filter((w) => w.kind === 'allow');
  if (allowWindows.length === 0) {
    return { decision: 'allow', reason: 'No freeze window applies to this change.', windows: [] };
  }
  const activeAllow = allowWindows.flatMap((window) => {
    const occurrence = activeOccurrenceAt(window, at);
    return occurrence === undefined ? [] : [{ window, occurrence }];
  });
  if (activeAllow.length > 0) {
    const inside = activeAllow.map((a) => `${label(a.window)} ${until(a.occurrence.end)}`).join('; ');
    return {
      decision: 'allow',
      reason: `Inside allowed window ${inside}.`,
      windows: activeAllow.map((a) => entry(a.window, a.occurrence)).sort(byOccurrence),
    };
  }
  const horizon = atMs + ALLOWED_AFTER_HORIZON_MS;
  const outside = allowWindows.map((window) => {
    const next = nextOccurrenceAfter(window, at);
    const upcoming = next !== undefined && next.start.getTime() <= horizon ? next : undefined;
    return { window, upcoming, verdict: verdictOf(window, change) };
  });
  const listed = outside.map((o) => entry(o.window, o.upcoming)).sort(byOccurrence);
  const names = outside
    .map((o) => `${label(o.window)}${o.upcoming ? ` (next opens ${o.upcoming.start.toISOString()})` : ''}`)
    .join('; ');
  const blocked = outside.flatMap((o) => (o.verdict.passes ? [] : [`${o.window.name}: ${o.verdict.why}`]));
  if (blocked.length === 0) {
    const passes = outside
      .map((o) => `${o.window.name}: ${o.verdict.passes ? o.verdict.how : ''}`)
      .join('; ');
    return withAllowedAfter(
      {
        decision: 'warn',
        reason: `Allowed with a warning outside allowed window ${names}; ${passes}.`,
        windows: listed,
      },
      applicable,
      atMs,
    );
  }
  return withAllowedAfter(
    {
      decision: 'deny',
      reason: `Denied: outside allowed window ${names}; ${blocked.join('; ')}.`,
      windows: listed,
    },
    applicable,
    atMs,
  );
}

/**
 * Which changes a freeze window applies to.
 *
 * - A dimension that is absent (or empty) matches every change.
 * - Dimensions combine with AND, the values inside one dimension with OR.
 * - `services`, `teams`, `environments`, `regions` and `tiers` take glob patterns (picomatch): `*` any run
 *   of characters except `/`, `?` one character, `[a-c]` a class, `{a,b}` alternatives. Matching is
 *   case-sensitive and covers the whole value. `!` has no special meaning (a leading `!` would negate,
 *   which reads badly in a list of alternatives). `kinds` are compared exactly (they are an enum).
 * - A change that lacks an attribute (e.g. no `team`) does not match a dimension that lists values for it.
 */
import picomatch from 'picomatch';
import type { FreezeScope, ScopeDimension } from './freeze-window';

/** The attributes of a change that scopes look at. */
export interface ChangeAttributes {
  readonly service?: string | undefined;
  readonly environment?: string | undefined;
  readonly region?: string | undefined;
  readonly kind?: string | undefined;
  readonly team?: string | undefined;
  readonly tier?: string | undefined;
}

const ATTRIBUTE_OF: { readonly [D in ScopeDimension]: keyof ChangeAttributes } = {
  services: 'service',
  teams: 'team',
  environments: 'environment',
  regions: 'region',
  kinds: 'kind',
  tiers: 'tier',
};

const GLOB_OPTIONS: picomatch.PicomatchOptions = { dot: true, nonegate: true, noextglob: true };

type Matcher = (value: string) => boolean;

// Compiled matchers, shared by all windows; the set of patterns is small and changes rarely.
const matchers = new Map<string, Matcher>();
const MAX_CACHED_MATCHERS = 10_000;

function matcherFor(pattern: string): Matcher {
  let matcher = matchers.get(pattern);
  if (matcher === undefined) {
    const compiled = picomatch(pattern, GLOB_OPTIONS);
    matcher = (value: string) => compiled(value);
    if (matchers.size >= MAX_CACHED_MATCHERS) matchers.clear();
    matchers.set(pattern, matcher);
  }
  return matcher;
}

/** Whether a value matches a glob pattern (whole value, case-sensitive). */
export function matchesGlob(pattern: string, value: string): boolean {
  return matcherFor(pattern)(value);
}

function matchesDimension(dimension: ScopeDimension, patterns: readonly string[], value: string | undefined) {
  if (patterns.length === 0) return true;
  if (value === undefined || value === '') return false;
  if (dimension === 'kinds') return patterns.includes(value);
  return patterns.some((pattern) => matchesGlob(pattern, value));
}

/** Whether a window's scope covers the change. */
export function matchesScope(scope: FreezeScope, change: ChangeAttributes): boolean {
  for (const dimension of Object.keys(ATTRIBUTE_OF) as ScopeDimension[]) {
    const patterns = scope[dimension];
    if (patterns === undefined) continue;
    if (!matchesDimension(dimension, patterns, change[ATTRIBUTE_OF[dimension]])) return false;
  }
  return true;
}

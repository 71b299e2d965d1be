/**
 * Which changes a freeze window applies to.
 *
 * - A dimension that is absent (or empty) matches every change.
 * - Dimensions combine with AND, the values inside one dimension with OR.
 * - `services`, `teams`, `environments`, `regions` and `tiers` take glob patterns (./glob.ts): `*` any run
 *   of characters except `/`, `?` one character, `[a-c]` a class, `{a,b}` alternatives. Matching is
 *   case-sensitive, covers the whole value and never backtracks (linear in the value). `!` has no special
 *   meaning (a leading `!` would negate, which reads badly in a list of alternatives). `kinds` are compared
 *   exactly (they are an enum).
 * - A change that lacks an attribute (e.g. no `team`) does not match a dimension that lists values for it.
 */
import { compileGlob } from './glob';
import { SCOPE_DIMENSIONS, type FreezeScope, type ScopeDimension } from './freeze-window';

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

type Test = (value: string) => boolean;

// Patterns compiled once, shared by all windows (a small, stable set): 1,000 windows are checked for
// every evaluation. A pattern without glob syntax is compared as a string, and a glob first checks its
// literal head (compileGlob does both).
const globs = new Map<string, Test>();
const MAX_CACHED_GLOBS = 10_000;

function globFor(pattern: string): Test {
  let test = globs.get(pattern);
  if (test === undefined) {
    test = compileGlob(pattern).test;
    if (globs.size >= MAX_CACHED_GLOBS) globs.clear();
    globs.set(pattern, test);
  }
  return test;
}

/** Whether a value matches a glob pattern (whole value, case-sensitive). */
export function matchesGlob(pattern: string, value: string): boolean {
  return globFor(pattern)(value);
}

/** A scope compiled once: one test per restricted dimension. Scopes are immutable, so kept per object. */
type CompiledScope = readonly (readonly [keyof ChangeAttributes, Test])[];
const compiledScopes = new WeakMap<FreezeScope, CompiledScope>();

function compileDimension(dimension: ScopeDimension, patterns: readonly string[]): Test {
  if (dimension === 'kinds') return (value) => patterns.includes(value);
  const tests = patterns.map(globFor);
  return (value) => tests.some((test) => test(value));
}

function compileScope(scope: FreezeScope): CompiledScope {
  let compiled = compiledScopes.get(scope);
  if (compiled === undefined) {
    compiled = SCOPE_DIMENSIONS.flatMap((dimension) => {
      const patterns = scope[dimension];
      if (patterns === undefined || patterns.length === 0) return [];
      return [[ATTRIBUTE_OF[dimension], compileDimension(dimension, patterns)] as const];
    });
    compiledScopes.set(scope, compiled);
  }
  return compiled;
}

/** Whether a window's scope covers the change. */
export function matchesScope(scope: FreezeScope, change: ChangeAttributes): boolean {
  for (const [attribute, test] of compileScope(scope)) {
    const value = change[attribute];
    if (value === undefined || value === '' || !test(value)) return false;
  }
  return true;
}

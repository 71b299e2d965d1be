/**
 * An index of freeze windows by scope, so that evaluating a change looks only at the windows that can
 * apply to it instead of testing every window's scope (a company declares hundreds or thousands of
 * windows, and a change matches a few dozen at most).
 *
 * The first time a value of a dimension is seen (service `payments-api`, environment `prod`...), every
 * window restricting that dimension is tested against it once, with the scope's own matcher, and the
 * answer is kept. A change is then a handful of look-ups: each window is filed under the first dimension
 * it restricts (services, then teams, tiers, regions, environments, kinds; a window that restricts
 * nothing applies everywhere), the windows filed under the change's values are the candidates, and a
 * candidate matches when every dimension it restricts matched the change's value there. That is the
 * definition of `matchesScope` (dimensions AND, values OR), so the answer is exactly that of testing every
 * window; a property test holds the two together.
 */
import { SCOPE_DIMENSIONS, type FreezeScope, type FreezeWindow, type ScopeDimension } from './freeze-window';
import { matchesScope, type ChangeAttributes } from './scope';

/** Most selective first: the dimension a window is filed under is the first one it restricts. */
const FILING_ORDER: readonly ScopeDimension[] = [
  'services',
  'teams',
  'tiers',
  'regions',
  'environments',
  'kinds',
];

const ATTRIBUTE_OF: { readonly [D in ScopeDimension]: keyof ChangeAttributes } = {
  services: 'service',
  teams: 'team',
  environments: 'environment',
  regions: 'region',
  kinds: 'kind',
  tiers: 'tier',
};

/** What one value of one dimension (e.g. service `payments-api`) matches, worked out once per value. */
interface ValueMatches {
  /** Positions of the windows filed under this dimension whose patterns match the value, ascending. */
  readonly filed: readonly number[];
  /** A bit per position: set when the window restricts this dimension and its patterns there match the value. */
  readonly matches: Uint32Array;
}

interface DimensionIndex {
  readonly dimension: ScopeDimension;
  readonly attribute: keyof ChangeAttributes;
  /** Positions of the windows that restrict this dimension, each with its scope cut down to it. */
  readonly restricting: readonly (readonly [number, FreezeScope])[];
  /** Positions of the windows filed under this dimension (the first one they restrict), ascending. */
  readonly filed: readonly number[];
  /** Values seen so far (bounded). */
  readonly values: Map<string, ValueMatches>;
}

/**
 * A scope cut down to one dimension, kept per scope object (scopes are immutable) so that its compiled
 * matcher survives the registry's reloads.
 */
const slices = new WeakMap<FreezeScope, Map<ScopeDimension, FreezeScope>>();

function sliceOf(scope: FreezeScope, dimension: ScopeDimension): FreezeScope {
  let byDimension = slices.get(scope);
  if (byDimension === undefined) {
    byDimension = new Map();
    slices.set(scope, byDimension);
  }
  let slice = byDimension.get(dimension);
  if (slice === undefined) {
    slice = { [dimension]: scope[dimension] };
    byDimension.set(dimension, slice);
  }
  return slice;
}

/** Values remembered per dimension; a calendar has a few hundred services at most. */
const MAX_VALUES = 4_096;

function hasBit(bits: Uint32Array | undefined, position: number): boolean {
  return bits !== undefined && ((bits[position >>> 5] ?? 0) & (1 << (position & 31))) !== 0;
}

export class FreezeWindowIndex {
  private readonly everywhere: readonly number[];
  private readonly dimensions: readonly DimensionIndex[];
  /** By position: the indexes (into `dimensions`) of the dimensions the window restricts. */
  private readonly restricted: readonly (readonly number[])[];

  constructor(private readonly windows: readonly FreezeWindow[]) {
    const byDimension = FILING_ORDER.map((dimension) => ({
      dimension,
      attribute: ATTRIBUTE_OF[dimension],
      restricting: [] as (readonly [number, FreezeScope])[],
      filed: [] as number[],
      values: new Map<string, ValueMatches>(),
    }));
    const everywhere: number[] = [];
    // By position: the dimensions (indexes into FILING_ORDER) the window restricts.
    const restricted: number[][] = windows.map(() => []);
    windows.forEach((window, position) => {
      if (window.cancelled) return;
      const dimensions = restricted[position] as number[];
      byDimension.forEach((d, i) => {
        const patterns = window.scope[d.dimension];
        if (patterns === undefined || patterns.length === 0) return;
        dimensions.push(i);
        d.restricting.push([position, sliceOf(window.scope, d.dimension)]);
      });
      const filing = dimensions[0];
      if (filing === undefined) everywhere.push(position);
      else byDimension[filing]?.filed.push(position);
    });
    // Only the dimensions some window restricts are looked at; renumber to those.
    const used = byDimension.flatMap((d, i) => (d.restricting.length > 0 ? [i] : []));
    const renumbered = new Map(used.map((i, j) => [i, j]));
    this.dimensions = used.map((i) => byDimension[i] as DimensionIndex);
    this.restricted = restricted.map((dimensions) => dimensions.map((i) => renumbered.get(i) ?? -1));
    this.everywhere = everywhere;
  }

  /** The windows that are not cancelled and whose scope matches the change, in the order of the list. */
  applicable(change: ChangeAttributes): FreezeWindow[] {
    // What each of the change's values matches; a missing or empty value matches no window restricting it.
    const matched = this.dimensions.map((d) => {
      const value = change[d.attribute];
      return value === undefined || value === '' ? undefined : this.matchesOf(d, value);
    });
    // Every matching window is among those its filing dimension's value matches: a candidate matches when
    // each dimension it restricts matched the change's value there.
    const found = [...this.everywhere];
    for (const m of matched) {
      if (m === undefined) continue;
      for (const position of m.filed) {
        let all = true;
        for (const i of this.restricted[position] ?? []) {
          if (!hasBit(matched[i]?.matches, position)) {
            all = false;
            break;
          }
        }
        if (all) found.push(position);
      }
    }
    // Each window is filed once, so there are no duplicates; the list's order is the evaluator's.
    found.sort((a, b) => a - b);
    return found.map((position) => this.windows[position] as FreezeWindow);
  }

  private matchesOf(d: DimensionIndex, value: string): ValueMatches {
    let known = d.values.get(value);
    if (known === undefined) {
      const matches = new Uint32Array(Math.ceil(this.windows.length / 32));
      // The scope's own matcher decides, on the window's scope cut down to this dimension.
      const asked = { [d.attribute]: value };
      for (const [position, slice] of d.restricting) {
        if (matchesScope(slice, asked))
          matches[position >>> 5] = (matches[position >>> 5] ?? 0) | (1 << (position & 31));
      }
      known = { filed: d.filed.filter((position) => hasBit(matches, position)), matches };
      if (d.values.size >= MAX_VALUES) d.values.clear();
      d.values.set(value, known);
    }
    return known;
  }
}

/** Every dimension must be filed somewhere, or a window restricting only it would be lost. */
const unfiled = SCOPE_DIMENSIONS.filter((d) => !FILING_ORDER.includes(d));
if (unfiled.length > 0) throw new Error(`scope dimensions missing from the index: ${unfiled.join(', ')}`);

const indexes = new WeakMap<readonly FreezeWindow[], FreezeWindowIndex>();

/**
 * Freezes the list and indexes it; `evaluate` then uses the index whenever it is given this list. The
 * registry does this each time it loads the windows, so the index is built once per load, not per call.
 */
export function indexFreezeWindows(windows: readonly FreezeWindow[]): readonly FreezeWindow[] {
  const frozen = Object.isFrozen(windows) ? windows : Object.freeze([...windows]);
  if (!indexes.has(frozen)) indexes.set(frozen, new FreezeWindowIndex(frozen));
  return frozen;
}

/** The index of a list made by `indexFreezeWindows` (frozen, so the index cannot go stale). */
export function indexOf(windows: readonly FreezeWindow[]): FreezeWindowIndex | undefined {
  return indexes.get(windows);
}

/**
 * The glob patterns of freeze-window scopes, matched without backtracking: a pattern compiles to a small
 * automaton (Thompson's construction) whose states are all followed at once, one character of the value at
 * a time, each state entered at most once per character. A match costs at most (states + transitions)
 * steps per character, both a small multiple of the pattern's length, whatever the pattern:
 * `a*a*a*a*a*a*a*a*a*b` against 44 characters is a few thousand steps, where a backtracking regular
 * expression takes seconds.
 *
 * Syntax (the whole value must match; case-sensitive):
 * - `*` any run of characters, empty included, except `/`; `?` one character except `/`;
 * - `**` as a whole path segment (the whole pattern, or between slashes, or at either end next to one)
 *   also crosses `/`, and the segment with its slash may be empty: `a/**` matches `a`, `a/b` and `a/b/c`;
 *   elsewhere (`a**`) `**` is `*`;
 * - `[abc]`, `[a-z]`, `[[:alpha:]]` one character of a class, `[!a-z]` or `[^a-z]` one not in it; a
 *   class never matches `/`; `]` first in a class is literal; a `[` without its `]` is literal;
 * - `{a,b,c}` alternatives, which may hold globs and nest; braces without a comma (`{a}`) or without
 *   their closing brace are literal;
 * - `\` makes the next character literal; every other character (`!`, `(`, `|`, `+`, `.`...) is itself.
 */

type CharTest = (codePoint: number) => boolean;

type GlobNode =
  | { readonly kind: 'char'; readonly test: CharTest; readonly literal?: number }
  | { readonly kind: 'star'; readonly crossesSlash: boolean }
  | { readonly kind: 'globstar' }
  | { readonly kind: 'alt'; readonly options: readonly (readonly GlobNode[])[] };

const SLASH = 0x2f;
const notSlash: CharTest = (c) => c !== SLASH;
const anything: CharTest = () => true;

function literalNode(codePoint: number): GlobNode {
  return { kind: 'char', test: (c) => c === codePoint, literal: codePoint };
}

// --- lexing ---------------------------------------------------------------------------------------

type Token =
  | { readonly kind: 'node'; readonly node: GlobNode }
  | { readonly kind: 'stars'; readonly count: number }
  | { readonly kind: 'open' | 'comma' | 'close'; readonly codePoint: number };

type Range = readonly [number, number];

const cp = (text: string): number => text.codePointAt(0) ?? 0;
const span = (from: string, to: string): Range => [cp(from), cp(to)];

/** POSIX character classes, as in bracket expressions (`[[:digit:]]`). */
const POSIX_CLASSES: Readonly<Record<string, readonly Range[]>> = {
  alnum: [span('a', 'z'), span('A', 'Z'), span('0', '9')],
  alpha: [span('a', 'z'), span('A', 'Z')],
  ascii: [[0x00, 0x7f]],
  blank: [span(' ', ' '), span('\t', '\t')],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [span('0', '9')],
  graph: [[0x21, 0x7e]],
  lower: [span('a', 'z')],
  print: [[0x20, 0x7e]],
  punct: [span('!', '/'), span(':', '@'), span('[', '`'), span('{', '~')],
  space: [span(' ', ' '), [0x09, 0x0d]],
  upper: [span('A', 'Z')],
  word: [span('a', 'z'), span('A', 'Z'), span('0', '9'), span('_', '_')],
  xdigit: [span('a', 'f'), span('A', 'F'), span('0', '9')],
};

/** The bracket expression starting at `start` (a `[`), or undefined when it has no closing `]`. */
function readClass(chars: readonly string[], start: number): { node: GlobNode; end: number } | undefined {
  let i = start + 1;
  const negated = chars[i] === '!' || chars[i] === '^';
  if (negated) i += 1;
  const ranges: Range[] = [];
  const readChar = (): number | undefined => {
    if (chars[i] === '\\' && i + 1 < chars.length) i += 1;
    const char = chars[i];
    if (char === undefined) return undefined;
    i += 1;
    return cp(char);
  };
  for (let first = true; i < chars.length; first = false) {
    if (chars[i] === ']' && !first) {
      const test: CharTest = (c) =>
        c !== SLASH && negated !== ranges.some(([low, high]) => c >= low && c <= high);
      return { node: { kind: 'char', test }, end: i + 1 };
    }
    if (chars[i] === '[' && chars[i + 1] === ':') {
      const close = chars.indexOf(':', i + 2);
      const name = close > 0 && chars[close + 1] === ']' ? chars.slice(i + 2, close).join('') : undefined;
      const posix = name === undefined ? undefined : POSIX_CLASSES[name];
      if (posix !== undefined) {
        ranges.push(...posix);
        i = close + 2;
        continue;
      }
    }
    const low = readChar();
    if (low === undefined) break;
    if (chars[i] === '-' && i + 1 < chars.length && chars[i + 1] !== ']') {
      i += 1;
      const high = readChar();
      if (high === undefined) break;
      ranges.push([low, high]);
    } else {
      ranges.push([low, low]);
    }
  }
  return undefined;
}

/** Characters whose meaning depends on their partners (pairBraces decides). */
const STRUCTURAL = new Map<string, 'open' | 'comma' | 'close'>([
  ['{', 'open'],
  [',', 'comma'],
  ['}', 'close'],
]);

function lex(pattern: string): Token[] {
  const chars = Array.from(pattern);
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length;) {
    const char = chars[i] ?? '';
    if (char === '\\') {
      // A trailing backslash stands for itself.
      tokens.push({ kind: 'node', node: literalNode(cp(chars[i + 1] ?? '\\')) });
      i += i + 1 < chars.length ? 2 : 1;
    } else if (char === '*') {
      let count = 0;
      while (chars[i] === '*') {
        count += 1;
        i += 1;
      }
      tokens.push({ kind: 'stars', count });
    } else if (char === '?') {
      tokens.push({ kind: 'node', node: { kind: 'char', test: notSlash } });
      i += 1;
    } else if (char === '[') {
      const bracket = readClass(chars, i);
      tokens.push({ kind: 'node', node: bracket?.node ?? literalNode(cp('[')) });
      i = bracket?.end ?? i + 1;
    } else {
      const structural = STRUCTURAL.get(char);
      const codePoint = cp(char);
      tokens.push(
        structural === undefined
          ? { kind: 'node', node: literalNode(codePoint) }
          : { kind: structural, codePoint },
      );
      i += 1;
    }
  }
  return tokens;
}

// --- parsing --------------------------------------------------------------------------------------

/** Braces that delimit alternatives: the position of each such `{` → its commas and its `}`. */
function pairBraces(tokens: readonly Token[]): Map<number, { commas: number[]; close: number }> {
  const pairs = new Map<number, { commas: number[]; close: number }>();
  const open: { at: number; commas: number[] }[] = [];
  tokens.forEach((token, at) => {
    if (token.kind === 'open') open.push({ at, commas: [] });
    else if (token.kind === 'comma') open.at(-1)?.commas.push(at);
    else if (token.kind === 'close') {
      const frame = open.pop();
      if (frame !== undefined && frame.commas.length > 0) {
        pairs.set(frame.at, { commas: frame.commas, close: at });
      }
    }
  });
  return pairs;
}

const isSlash = (node: GlobNode | undefined): boolean => node?.kind === 'char' && node.literal === SLASH;

/**
 * `**` standing for whole path segments, with its slash folded into an optional part so that the segment
 * may be empty; any other `**` is `*`.
 */
function resolveGlobstars(nodes: readonly GlobNode[]): GlobNode[] {
  const out: GlobNode[] = [];
  for (let k = 0; k < nodes.length; k += 1) {
    const node = nodes[k];
    if (node === undefined) continue;
    if (node.kind !== 'globstar') {
      out.push(node);
      continue;
    }
    const run: GlobNode = { kind: 'star', crossesSlash: true };
    const slashBefore = out.length > 0 && isSlash(out.at(-1));
    const slashAfter = isSlash(nodes[k + 1]);
    const atStart = out.length === 0;
    const atEnd = k === nodes.length - 1;
    if (!(atStart || slashBefore) || !(atEnd || slashAfter)) {
      out.push({ kind: 'star', crossesSlash: false });
    } else if (atStart && atEnd) {
      out.push(run);
    } else if (slashAfter) {
      // `**/b`, `a/**/b`: "any run, then a slash", or nothing (the slash before, if any, stays).
      const slash = nodes[k + 1] as GlobNode;
      out.push({ kind: 'alt', options: [[], [run, slash]] });
      k += 1;
    } else {
      // `a/**`: nothing, or the slash and any run.
      const slash = out.pop() as GlobNode;
      out.push({ kind: 'alt', options: [[], [slash, run]] });
    }
  }
  return out;
}

function parse(pattern: string): GlobNode[] {
  const tokens = lex(pattern);
  const pairs = pairBraces(tokens);
  const sequence = (from: number, to: number): GlobNode[] => {
    const nodes: GlobNode[] = [];
    for (let at = from; at < to; at += 1) {
      const token = tokens[at];
      if (token === undefined) break;
      const pair = pairs.get(at);
      if (pair !== undefined) {
        const bounds = [at, ...pair.commas, pair.close];
        const options = bounds.slice(1).map((end, n) => sequence((bounds[n] ?? at) + 1, end));
        nodes.push({ kind: 'alt', options });
        at = pair.close;
      } else if (token.kind === 'node') nodes.push(token.node);
      else if (token.kind === 'stars') {
        nodes.push(token.count >= 2 ? { kind: 'globstar' } : { kind: 'star', crossesSlash: false });
      } else nodes.push(literalNode(token.codePoint));
    }
    return resolveGlobstars(nodes);
  };
  return sequence(0, tokens.length);
}

// --- the automaton --------------------------------------------------------------------------------

/** A compiled pattern. `test` is linear in the value's length; the automaton is kept for reuse. */
export interface Glob {
  readonly pattern: string;
  /** The value the pattern stands for when it has no glob syntax at all (escapes resolved). */
  readonly literal: string | undefined;
  /** Characters every matching value starts with. */
  readonly prefix: string;
  readonly test: (value: string) => boolean;
}

const ACCEPT = 0;

/** Thompson's construction: states that consume one character, and states that only lead on. */
class AutomatonBuilder {
  /** Per state: the character it consumes, or undefined for a state that only leads on (or accepts). */
  readonly tests: (CharTest | undefined)[] = [undefined];
  readonly outs: number[][] = [[]];

  private add(test: CharTest | undefined, outs: number[]): number {
    this.tests.push(test);
    this.outs.push(outs);
    return this.tests.length - 1;
  }

  sequence(nodes: readonly GlobNode[], next: number): number {
    let start = next;
    for (let k = nodes.length - 1; k >= 0; k -= 1) {
      const node = nodes[k];
      if (node !== undefined) start = this.node(node, start);
    }
    return start;
  }

  private node(node: GlobNode, next: number): number {
    switch (node.kind) {
      case 'char':
        return this.add(node.test, [next]);
      case 'star': {
        const loop = this.add(undefined, []);
        const step = this.add(node.crossesSlash ? anything : notSlash, [loop]);
        this.outs[loop] = [step, next];
        return loop;
      }
      case 'globstar':
        // resolveGlobstars leaves none; kept total for the type.
        return this.node({ kind: 'star', crossesSlash: true }, next);
      case 'alt':
        return this.add(
          undefined,
          node.options.map((option) => this.sequence(option, next)),
        );
    }
  }
}

/**
 * The automaton run on a value: the set of states it may be in is carried from one character to the next,
 * each state entered at most once per character, so a match is at most (states + transitions) steps per
 * character of the value.
 */
class Automaton {
  private readonly start: number;
  private readonly tests: readonly (CharTest | undefined)[];
  /** Per consuming state, the state it leads to; per other state, the states it leads on to. */
  private readonly next: Int32Array;
  private readonly outs: readonly (readonly number[])[];
  private readonly marks: Uint32Array;
  private readonly stack: Int32Array;
  private generation = 0;
  private current: Int32Array;
  private following: Int32Array;

  constructor(nodes: readonly GlobNode[]) {
    const builder = new AutomatonBuilder();
    this.start = builder.sequence(nodes, ACCEPT);
    this.tests = builder.tests;
    this.outs = builder.outs;
    this.next = Int32Array.from(builder.outs, (outs) => outs[0] ?? ACCEPT);
    const states = builder.tests.length;
    const transitions = builder.outs.reduce((sum, outs) => sum + outs.length, 0);
    this.marks = new Uint32Array(states);
    this.stack = new Int32Array(states + transitions + 1);
    this.current = new Int32Array(states);
    this.following = new Int32Array(states);
  }

  /** Whether the value, from `from` on, is matched (the characters before are matched elsewhere). */
  test(value: string, from: number): boolean {
    let current = this.current;
    let following = this.following;
    let generation = this.nextGeneration();
    let size = this.enter(this.start, current, 0, generation);
    for (let i = from; i < value.length;) {
      const c = value.codePointAt(i) ?? 0;
      i += c > 0xffff ? 2 : 1;
      generation = this.nextGeneration();
      let followingSize = 0;
      for (let k = 0; k < size; k += 1) {
        const s = current[k] ?? ACCEPT;
        if (this.tests[s]?.(c) === true) {
          followingSize = this.enter(this.next[s] ?? ACCEPT, following, followingSize, generation);
        }
      }
      if (followingSize === 0) return this.marks[ACCEPT] === generation && i === value.length;
      const swap = current;
      current = following;
      following = swap;
      size = followingSize;
    }
    // The end was reached with the last character when the accepting state was entered then.
    return this.marks[ACCEPT] === generation;
  }

  /**
   * Adds to `into` the consuming states reachable from `state` without a character, each once per
   * generation (the accepting state is only marked); returns the new size of `into`.
   */
  private enter(state: number, into: Int32Array, size: number, generation: number): number {
    const { tests, outs, marks, stack } = this;
    let top = 0;
    stack[top++] = state;
    while (top > 0) {
      const s = stack[--top] ?? ACCEPT;
      if (marks[s] === generation) continue;
      marks[s] = generation;
      if (s === ACCEPT) continue;
      if (tests[s] !== undefined) into[size++] = s;
      else {
        const leads = outs[s] ?? [];
        for (let j = leads.length - 1; j >= 0; j -= 1) stack[top++] = leads[j] ?? ACCEPT;
      }
    }
    return size;
  }

  private nextGeneration(): number {
    if (this.generation === 0xffffffff) {
      this.marks.fill(0);
      this.generation = 0;
    }
    this.generation += 1;
    return this.generation;
  }
}

/** Compiles a glob pattern (syntax above). Every pattern compiles; what is not syntax is literal. */
export function compileGlob(pattern: string): Glob {
  const nodes = parse(pattern);
  let head = 0;
  while (head < nodes.length && literalOf(nodes[head]) !== undefined) head += 1;
  const prefix = String.fromCodePoint(...nodes.slice(0, head).map((n) => literalOf(n) ?? 0));
  if (head === nodes.length) {
    return { pattern, literal: prefix, prefix, test: (value) => value === prefix };
  }
  const star = nodes[head];
  const rest = nodes.slice(head + 1);
  if (star?.kind === 'star' && !star.crossesSlash && rest.every((n) => literalOf(n) !== undefined)) {
    // The commonest shape, `payments-*` or `*-api`: no automaton needed.
    const suffix = String.fromCodePoint(...rest.map((n) => literalOf(n) ?? 0));
    return {
      pattern,
      literal: undefined,
      prefix,
      test: (value) => {
        if (value.length < prefix.length + suffix.length) return false;
        if (!value.startsWith(prefix) || !value.endsWith(suffix)) return false;
        const slash = value.indexOf('/', prefix.length);
        return slash < 0 || slash >= value.length - suffix.length;
      },
    };
  }
  // The literal head is checked as a string; the automaton takes the rest.
  const automaton = new Automaton(nodes.slice(head));
  return {
    pattern,
    literal: undefined,
    prefix,
    test: (value) => value.startsWith(prefix) && automaton.test(value, prefix.length),
  };
}

function literalOf(node: GlobNode | undefined): number | undefined {
  return node?.kind === 'char' ? node.literal : undefined;
}

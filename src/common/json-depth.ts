/**
 * How deeply arrays and objects may nest in a request body or an ingest message. The contracts nest a
 * few levels; every recursive walk after parsing (JSON.stringify, the schema validator, a merge patch)
 * would overflow the stack somewhere past a few thousand.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * Whether JSON text nests arrays and objects more than `limit` deep. A scan of the text, not of a parsed
 * value, and a loop, not a recursion: it runs before parsing, so nothing deep is ever built.
 * Brackets inside strings do not count. Text that is not JSON gets an answer too; the parser judges it.
 */
export function nestsDeeperThan(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

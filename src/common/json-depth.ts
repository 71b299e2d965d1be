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
 * Strings are skipped with indexOf (most of an event's text is strings, and this runs on every ingested
 * byte): a quote closes its string unless an odd run of backslashes precedes it.
 */
export function nestsDeeperThan(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (;;) {
        const quote = text.indexOf('"', i + 1);
        // An unterminated string runs to the end: no bracket after it counts.
        if (quote === -1) return false;
        let backslashes = 0;
        while (text.charCodeAt(quote - 1 - backslashes) === 0x5c /* \ */) backslashes++;
        i = quote;
        if (backslashes % 2 === 0) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return true;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return false;
}

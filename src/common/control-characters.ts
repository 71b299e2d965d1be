/** C0 controls (U+0000–U+001F) and DEL: never part of an identifier, a filter value or an instant. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The first control character in `text` as `U+000A`, or undefined when there is none. */
export function firstControlCharacter(text: string): string | undefined {
  const found = CONTROL_CHARACTER.exec(text);
  if (found === null) return undefined;
  return `U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** U+0000, or half of a surrogate pair: JSON can carry them, PostgreSQL text and jsonb cannot. */
export const UNSTORABLE_TEXT =
  // eslint-disable-next-line no-control-regex -- matching U+0000 is the point
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The words for what UNSTORABLE_TEXT finds, after the name of the field holding it. */
export const UNSTORABLE_TEXT_PROBLEM = 'contains a NUL character (U+0000) or an unpaired surrogate';

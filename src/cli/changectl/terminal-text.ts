/**
 * Text from the service (a change's summary, a window's name, an error message) is written to a
 * reviewer's terminal, which acts on control characters: ESC starts sequences that can set the window
 * title, clear the screen, move the cursor over earlier output or, on some terminals, write to the
 * clipboard. Every human-readable line changectl writes passes through `terminalText`, which shows such
 * characters as visible escapes (`\x1b`) instead of sending them; JSON output escapes them as JSON.
 */

/**
 * C0 controls except tab and line feed (carriage return and backspace can hide text too), DEL, the C1
 * controls (U+009B is a one-character CSI on some terminals) and the bidirectional overrides and
 * isolates, which make a line read differently from what it contains.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** What JSON.stringify leaves raw of the above (it escapes C0 itself). */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

function hex(char: string, width: number): string {
  return (char.codePointAt(0) ?? 0).toString(16).padStart(width, '0');
}

/** `text` with every character a terminal would act on shown as `\xNN` or `\uNNNN`. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, (char) =>
    char.charCodeAt(0) <= 0xff ? `\\x${hex(char, 2)}` : `\\u${hex(char, 4)}`,
  );
}

/** `value` as indented JSON whose every string is safe on a terminal: the same JSON value, escaped. */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(UNSAFE_IN_JSON, (char) => `\\u${hex(char, 4)}`);
}

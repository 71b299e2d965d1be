import { Output, type CliStreams } from '../../../src/cli/changectl/output';
import { startProgress } from '../../../src/cli/changectl/progress';
import { terminalJson, terminalText } from '../../../src/cli/changectl/terminal-text';

/** Sets the window title to "pwned" (OSC 0, ended by BEL), then clears the screen (CSI 2J). */
const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J';
/** Any character a terminal would act on, bar the tab and the line feed. */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const ACTIVE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function captured(options: { json?: boolean; tty?: boolean } = {}) {
  const out = { stdout: '', stderr: '' };
  const streams: CliStreams = {
    stdin: process.stdin,
    stdout: { write: (text: string) => (out.stdout += text).length > 0, isTTY: options.tty === true },
    stderr: { write: (text: string) => (out.stderr += text).length > 0 },
    env: {},
  };
  return { out, output: new Output(streams, options.json === true) };
}

describe('terminalText', () => {
  it('shows control characters, DEL, C1 and bidi overrides as visible escapes; keeps tab and newline', () => {
    expect(terminalText(HOSTILE)).toBe('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(terminalText('a\rb\bc\u007fd\u009be\u202ef')).toBe('a\\x0db\\x08c\\x7fd\\x9be\\u202ef');
    expect(terminalText('tab\there\nnext line, naïve “quotes” ✓')).toBe(
      'tab\there\nnext line, naïve “quotes” ✓',
    );
    // Escaping twice changes nothing more.
    expect(terminalText(terminalText(HOSTILE))).toBe(terminalText(HOSTILE));
  });

  it('terminalJson is the same JSON value with nothing a terminal acts on', () => {
    const value = { summary: `${HOSTILE} \u009b31m \u202e`, n: 1 };
    const text = terminalJson(value);
    expect(text).not.toMatch(ACTIVE);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('Output: every human-readable path', () => {
  it('lines, notes, tables and fields never write the raw sequence', () => {
    const { out, output } = captured({ tty: true });
    output.line(`summary: ${HOSTILE}`);
    output.note(`note: ${HOSTILE}`);
    output.table(['service', 'summary'], [[`svc${HOSTILE}`, HOSTILE]]);
    output.fields([
      ['summary', HOSTILE],
      [`name${HOSTILE}`, 'x'],
    ]);
    for (const text of [out.stdout, out.stderr]) {
      expect(text).not.toContain('\u0007');
      expect(text).not.toContain('\u001b]');
      expect(text).not.toContain('\u001b[2J');
      expect(text).toContain('\\x1b]0;pwned\\x07\\x1b[2J');
    }
    // The table's own colour codes (cyan headings, where the terminal supports colour) are the only
    // escape sequences left.
    // eslint-disable-next-line no-control-regex -- removing the table's colour codes
    expect(out.stdout.replace(/\u001b\[\d+m/g, '')).not.toMatch(ACTIVE);
  });

  it('progress lines (label and detail) are made safe too', () => {
    let text = '';
    let clock = 0;
    const progress = startProgress(
      { write: (chunk: string) => (text += chunk).length > 0 },
      { label: `publish ${HOSTILE}`, total: undefined, plainEveryMs: 1, now: () => (clock += 10) },
    );
    progress.update(1, `detail ${HOSTILE}`);
    progress.stop();
    expect(text).toBe('publish \\x1b]0;pwned\\x07\\x1b[2J detail \\x1b]0;pwned\\x07\\x1b[2J\n');
  });

  it('JSON output stays parseable JSON with the original value, C1 controls escaped too', () => {
    const { out, output } = captured({ json: true });
    // JSON.stringify escapes C0 itself but leaves U+009B (a one-character CSI) raw.
    const summary = `${HOSTILE}\u009b2J`;
    output.data({ summary });
    expect(out.stdout).not.toMatch(ACTIVE);
    expect(JSON.parse(out.stdout)).toEqual({ summary });
  });
});

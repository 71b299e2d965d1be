/**
 * Progress on stderr: a live bar (cli-progress) when stderr is a terminal; otherwise a plain line now
 * and then, so a CI log shows that a long publish is moving without being flooded.
 */
import { Presets, SingleBar } from 'cli-progress';
import type { TerminalStream } from './output';
import { terminalText } from './terminal-text';

export interface Progress {
  /** `value` out of the total given at the start (ignored without one); `detail` says what was done. */
  update(value: number, detail: string): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly label: string;
  /** Known size of the work (e.g. bytes of a file); undefined for a stream of unknown length. */
  readonly total: number | undefined;
  /** Plain-line mode: at most one line per this many milliseconds. */
  readonly plainEveryMs?: number;
  readonly now?: () => number;
}

export function startProgress(stream: TerminalStream, options: ProgressOptions): Progress {
  // The label and details are made safe (terminal-text.ts); the bar's own cursor codes are not touched.
  const safe = { ...options, label: terminalText(options.label) };
  const progress = stream.isTTY === true ? barProgress(stream, safe) : plainProgress(stream, safe);
  return {
    update: (value, detail) => {
      progress.update(value, terminalText(detail));
    },
    stop: () => {
      progress.stop();
    },
  };
}

function barProgress(stream: TerminalStream, options: ProgressOptions): Progress {
  const total = options.total !== undefined && options.total > 0 ? options.total : undefined;
  const known = total !== undefined;
  const bar = new SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: known
        ? `${options.label} [{bar}] {percentage}% | {detail} | {duration_formatted}`
        : `${options.label} {detail} | {duration_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  bar.start(total ?? 1, 0, { detail: '' });
  return {
    update(value, detail) {
      bar.update(total === undefined ? 0 : Math.min(value, total), { detail });
    },
    stop() {
      bar.stop();
    },
  };
}

function plainProgress(stream: TerminalStream, options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  const every = options.plainEveryMs ?? 5_000;
  let last = now();
  return {
    update(_value, detail) {
      const t = now();
      if (t - last < every) return;
      last = t;
      stream.write(`${options.label} ${detail}\n`);
    },
    stop() {
      // The caller prints the summary.
    },
  };
}

const SPINNER_FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * For a request that reports nothing until it is done: a spinner with the elapsed time on a terminal,
 * nothing otherwise.
 */
export function startSpinner(stream: TerminalStream, label: string): Progress {
  if (stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar({
    stream: stream as NodeJS.WritableStream,
    format: `{spinner} ${terminalText(label)} {duration_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
  });
  let frame = 0;
  bar.start(1, 0, { spinner: SPINNER_FRAMES[0] });
  const timer = setInterval(() => {
    frame = (frame + 1) % SPINNER_FRAMES.length;
    bar.update({ spinner: SPINNER_FRAMES[frame] });
  }, 100);
  return {
    update: () => undefined,
    stop() {
      clearInterval(timer);
      bar.stop();
    },
  };
}

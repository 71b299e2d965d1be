/**
 * Reading JSON lines as a stream and cutting them into request-sized batches, without ever holding more
 * than one batch (and one line) in memory. Pure: takes any async iterable of chunks, so the tests feed it
 * arrays and the CLI feeds it a file or stdin.
 */

/** A line, numbered from 1 as an editor shows it (blank lines count). */
export type Line =
  | { readonly line: number; readonly text: string; readonly bytes: number }
  | { readonly line: number; readonly tooLong: true; readonly bytes: number };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Splits a byte stream into lines (`\n` or `\r\n`). Bytes are decoded as UTF-8 per whole line, so a
 * character split across chunks is never broken. A line longer than `maxLineBytes` is not kept: it is
 * reported as `tooLong` and its bytes are dropped as they arrive.
 */
export async function* splitLines(
  chunks: AsyncIterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<Line> {
  let parts: Buffer[] = [];
  let pendingBytes = 0;
  let overflow = false;
  let line = 0;

  const finish = (): Line => {
    line += 1;
    const bytes = pendingBytes;
    let result: Line;
    if (overflow) {
      result = { line, tooLong: true, bytes };
    } else {
      let buffer = parts.length === 1 && parts[0] !== undefined ? parts[0] : Buffer.concat(parts);
      if (buffer.length > 0 && buffer[buffer.length - 1] === CARRIAGE_RETURN) {
        buffer = buffer.subarray(0, buffer.length - 1);
      }
      let text = buffer.toString('utf8');
      if (line === 1 && text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
      result = { line, text, bytes };
    }
    parts = [];
    pendingBytes = 0;
    overflow = false;
    return result;
  };

  const keep = (piece: Buffer): void => {
    pendingBytes += piece.length;
    if (overflow) return;
    if (pendingBytes > maxLineBytes) {
      overflow = true;
      parts = [];
      return;
    }
    if (piece.length > 0) parts.push(piece);
  };

  for await (const chunk of chunks) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (;;) {
      const end = buffer.indexOf(NEWLINE, start);
      if (end < 0) break;
      keep(buffer.subarray(start, end));
      yield finish();
      start = end + 1;
    }
    // Copied: the caller may reuse the chunk's memory once we ask for the next one.
    if (start < buffer.length) keep(Buffer.from(buffer.subarray(start)));
  }
  if (pendingBytes > 0 || parts.length > 0) yield finish();
}

/** A line that parsed as JSON, kept as written (it is sent verbatim). */
export interface JsonLine {
  readonly line: number;
  readonly text: string;
  /** The event's `eventId` when it has one, to name it in a summary. */
  readonly eventId?: string;
}

/** A line that is not sent: not JSON, or too long. */
export interface InvalidLine {
  readonly line: number;
  readonly error: string;
}

export interface JsonLinesBatch {
  readonly events: readonly JsonLine[];
  /** Lines found unusable since the previous batch (at most maxEvents of them). */
  readonly invalid: readonly InvalidLine[];
  /** Bytes of input consumed so far (for progress). */
  readonly bytesRead: number;
  /** Lines read so far, blank ones included. */
  readonly linesRead: number;
}

export interface BatchLimits {
  /** Events per batch (the service takes up to 1,000 per request). */
  readonly maxEvents: number;
  /** Bytes of event text per batch; a batch is closed when it reaches this. */
  readonly maxBatchBytes: number;
  /** A longer line is reported and not sent. */
  readonly maxLineBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxEvents: 1_000,
  // The service's body limit is 66 MB; stay well under it.
  maxBatchBytes: 32 * 1024 * 1024,
  // The service refuses events over 64 KiB anyway; a longer line is only buffered up to this.
  maxLineBytes: 1024 * 1024,
};

function eventIdOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const id = (value as Record<string, unknown>)['eventId'];
  return typeof id === 'string' ? id : undefined;
}

/**
 * Groups the lines of a JSON-lines stream into batches of at most `maxEvents` events. Blank lines are
 * skipped; lines that are not JSON (or too long) are reported in `invalid` and never sent. A batch may
 * carry only invalid lines (at the end, or after a long run of them).
 */
export async function* jsonLineBatches(
  chunks: AsyncIterable<Buffer | string>,
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): AsyncGenerator<JsonLinesBatch> {
  let events: JsonLine[] = [];
  let invalid: InvalidLine[] = [];
  let batchBytes = 0;
  let bytesRead = 0;
  let linesRead = 0;
  const take = (): JsonLinesBatch => {
    const batch = { events, invalid, bytesRead, linesRead };
    events = [];
    invalid = [];
    batchBytes = 0;
    return batch;
  };

  for await (const entry of splitLines(chunks, limits.maxLineBytes)) {
    linesRead = entry.line;
    bytesRead += entry.bytes + 1;
    if ('tooLong' in entry) {
      invalid.push({
        line: entry.line,
        error: `line is ${entry.bytes} bytes, over the ${limits.maxLineBytes}-byte limit; not sent`,
      });
      // A long run of bad lines is handed over too, so memory stays bounded whatever the input.
      if (invalid.length >= limits.maxEvents) yield take();
      continue;
    }
    if (entry.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(entry.text);
    } catch (error) {
      invalid.push({
        line: entry.line,
        error: `not JSON: ${error instanceof Error ? error.message : String(error)}`,
      });
      if (invalid.length >= limits.maxEvents) yield take();
      continue;
    }
    const eventId = eventIdOf(value);
    events.push(
      eventId === undefined
        ? { line: entry.line, text: entry.text }
        : { line: entry.line, text: entry.text, eventId },
    );
    batchBytes += entry.bytes;
    if (events.length >= limits.maxEvents || batchBytes >= limits.maxBatchBytes) yield take();
  }
  if (events.length > 0 || invalid.length > 0) yield take();
}

/** The request body for a batch: the lines as written, joined into one JSON array. */
export function batchBody(events: readonly JsonLine[]): string {
  return `[${events.map((e) => e.text).join(',')}]`;
}

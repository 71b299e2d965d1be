import { Readable } from 'node:stream';
import {
  batchBody,
  jsonLineBatches,
  splitLines,
  type BatchLimits,
  type JsonLinesBatch,
  type Line,
} from '../../../src/cli/changectl/json-lines';

/** Each argument arrives as one chunk, as a stream would deliver them. */
function chunksOf(...chunks: (string | Buffer)[]): AsyncIterable<string | Buffer> {
  return Readable.from(chunks);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const texts = (lines: Line[]): (string | null)[] => lines.map((l) => ('text' in l ? l.text : null));

const LIMITS: BatchLimits = { maxEvents: 3, maxBatchBytes: 1024 * 1024, maxLineBytes: 1024 };

const event = (n: number): string => JSON.stringify({ eventId: `e${n}`, changeId: `c${n}` });

describe('splitLines', () => {
  it('splits on \\n and \\r\\n, numbering lines as an editor does, with or without a final newline', async () => {
    const lines = await collect(splitLines(chunksOf('a\r\nb\n\nc'), 100));
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 4]);
    expect(texts(lines)).toEqual(['a', 'b', '', 'c']);
    expect(await collect(splitLines(chunksOf('a\n'), 100))).toHaveLength(1);
  });

  it('joins a line spread over chunks, including a UTF-8 character cut in half', async () => {
    const bytes = Buffer.from('{"summary":"déploiement ✓"}\n{"x":1}\n', 'utf8');
    const cut = bytes.indexOf(Buffer.from('✓', 'utf8')) + 1;
    const lines = await collect(splitLines(chunksOf(bytes.subarray(0, cut), bytes.subarray(cut)), 100));
    expect(texts(lines)).toEqual(['{"summary":"déploiement ✓"}', '{"x":1}']);
  });

  it('drops a byte-order mark on the first line only', async () => {
    const lines = await collect(splitLines(chunksOf('\uFEFF{"a":1}\n\uFEFF'), 100));
    expect(texts(lines)).toEqual(['{"a":1}', '\uFEFF']);
  });

  it('reports a line over the limit as too long without keeping it, and goes on', async () => {
    const long = 'x'.repeat(50);
    const lines = await collect(
      splitLines(chunksOf('ok\n', long.slice(0, 20), long.slice(20), '\nnext\n'), 10),
    );
    expect(lines[1]).toEqual({ line: 2, tooLong: true, bytes: 50 });
    expect(texts(lines)).toEqual(['ok', null, 'next']);
  });
});

describe('jsonLineBatches', () => {
  it('cuts batches at maxEvents and keeps each event with its line number and eventId', async () => {
    const input = [1, 2, 3, 4, 5, 6, 7].map(event).join('\n');
    const batches = await collect(jsonLineBatches(chunksOf(input), LIMITS));
    expect(batches.map((b) => b.events.map((e) => e.line))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(batches[0]?.events[0]).toEqual({ line: 1, text: event(1), eventId: 'e1' });
    expect(batches[2]?.linesRead).toBe(7);
  });

  it('skips blank lines, and reports lines that are not JSON with their number instead of sending them', async () => {
    const input = [event(1), '', '{not json', '   ', event(2), 'null', '[1,2]'].join('\n');
    const batches = await collect(jsonLineBatches(chunksOf(input), LIMITS));
    const events = batches.flatMap((b) => b.events);
    const invalid = batches.flatMap((b) => b.invalid);
    // Any JSON is sent as written: the service judges it and names the field.
    expect(events.map((e) => e.line)).toEqual([1, 5, 6, 7]);
    expect(events.map((e) => e.eventId)).toEqual(['e1', 'e2', undefined, undefined]);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]?.line).toBe(3);
    expect(invalid[0]?.error).toMatch(/^not JSON: /);
  });

  it('emits a final batch with only invalid lines, and nothing for empty input', async () => {
    const batches = await collect(
      jsonLineBatches(chunksOf(`${event(1)}\n${event(2)}\n${event(3)}\n{oops`), LIMITS),
    );
    expect(batches).toHaveLength(2);
    expect(batches[1]).toMatchObject({ events: [], invalid: [{ line: 4 }] });
    expect(await collect(jsonLineBatches(chunksOf(''), LIMITS))).toEqual([]);
    expect(await collect(jsonLineBatches(chunksOf('\n\n'), LIMITS))).toEqual([]);
  });

  it('hands over a long run of bad lines in batches of maxEvents, so memory stays bounded', async () => {
    const input = Array.from({ length: 7 }, (_, i) => `bad ${i}`).join('\n');
    const batches = await collect(jsonLineBatches(chunksOf(input), LIMITS));
    expect(batches.map((b) => b.invalid.map((i) => i.line))).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(batches.every((b) => b.events.length === 0)).toBe(true);
  });

  it('closes a batch early when its bytes reach maxBatchBytes', async () => {
    const input = [1, 2, 3, 4].map(event).join('\n');
    const size = Buffer.byteLength(event(1));
    const batches = await collect(
      jsonLineBatches(chunksOf(input), { ...LIMITS, maxEvents: 100, maxBatchBytes: size * 2 }),
    );
    expect(batches.map((b) => b.events.length)).toEqual([2, 2]);
  });

  it('reports a too-long line as invalid, names its size, and never sends it', async () => {
    const input = `${event(1)}\n${JSON.stringify({ pad: 'y'.repeat(2000) })}\n${event(2)}\n`;
    const batches = await collect(jsonLineBatches(chunksOf(input), LIMITS));
    expect(batches.flatMap((b) => b.events).map((e) => e.line)).toEqual([1, 3]);
    const invalid = batches.flatMap((b) => b.invalid);
    expect(invalid.map((i) => i.line)).toEqual([2]);
    expect(invalid[0]?.error).toBe('line is 2010 bytes, over the 1024-byte limit; not sent');
  });

  it('counts the bytes consumed, for progress against a file size', async () => {
    const input = `${event(1)}\n${event(2)}\n`;
    const batches: JsonLinesBatch[] = await collect(jsonLineBatches(chunksOf(input), LIMITS));
    expect(batches[batches.length - 1]?.bytesRead).toBe(Buffer.byteLength(input));
  });
});

describe('batchBody', () => {
  it('joins the lines as written into one JSON array', () => {
    const body = batchBody([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: ' {"b" : 2} ' },
    ]);
    expect(JSON.parse(body)).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

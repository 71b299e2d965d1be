/**
 * Where changectl writes: results to stdout (a table for people, JSON with --json), everything else
 * (progress, notes, errors) to stderr, so `changectl ... --json | jq` always sees clean JSON. Every text
 * written here passes through terminalText first: the service's strings never reach the terminal raw.
 */
import Table from 'cli-table3';
import { terminalJson, terminalText } from './terminal-text';

export interface TerminalStream {
  write(text: string): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface CliStreams {
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: TerminalStream;
  readonly stderr: TerminalStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type Cell = string | number | boolean | null | undefined;

export class Output {
  constructor(
    private readonly streams: CliStreams,
    readonly json: boolean,
  ) {}

  /** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
  private get colour(): boolean {
    const noColour = this.streams.env['NO_COLOR'];
    return this.streams.stdout.isTTY === true && (noColour === undefined || noColour === '');
  }

  get stderrIsTerminal(): boolean {
    return this.streams.stderr.isTTY === true;
  }

  get stderr(): TerminalStream {
    return this.streams.stderr;
  }

  /** The machine-readable result (--json). */
  data(value: unknown): void {
    this.streams.stdout.write(`${terminalJson(value)}\n`);
  }

  /** A line of the human-readable result. */
  line(text = ''): void {
    this.streams.stdout.write(`${terminalText(text)}\n`);
  }

  /** A note for the person at the terminal, never part of the result. */
  note(text: string): void {
    this.streams.stderr.write(`${terminalText(text)}\n`);
  }

  table(head: readonly string[], rows: readonly (readonly Cell[])[]): void {
    const table = new Table({
      head: head.map(terminalText),
      style: this.colour ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
    });
    for (const row of rows) table.push(row.map(cellText));
    // Cells are made safe before the table adds its own colours, which must reach the terminal.
    this.streams.stdout.write(`${table.toString()}\n`);
  }

  /** A two-column table of name/value pairs (one record). Empty values are left out. */
  fields(rows: readonly (readonly [string, Cell])[]): void {
    const table = new Table({
      style: this.colour ? { head: [], border: ['grey'] } : { head: [], border: [] },
    });
    for (const [name, value] of rows) {
      const text = cellText(value);
      if (text !== '') table.push({ [terminalText(name)]: text });
    }
    this.streams.stdout.write(`${table.toString()}\n`);
  }
}

/** A cell's text, safe on a terminal (see terminalText). */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return terminalText(String(value));
}

/** An ISO instant shown compactly, still in UTC and unambiguous: `2026-11-03 14:05:12Z`. */
export function when(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '';
  const date = new Date(iso);
  if (!Number.isFinite(date.getTime())) return iso;
  return date
    .toISOString()
    .replace('T', ' ')
    .replace(/\.000Z$/, 'Z')
    .replace(/\.(\d{3})Z$/, '.$1Z');
}

/** Shortens long free text for a table cell. */
export function clip(text: string | null | undefined, max = 60): string {
  if (text === null || text === undefined) return '';
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** 12345 → "12,345" (fixed locale, so output does not depend on the machine). */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 line", "2,503 lines". */
export function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

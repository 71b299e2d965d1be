/** One read-model row (or its absence) that differs from the fold of its stream. */
export interface ReadModelMismatch {
  /** The read model's table: changes, freeze_windows, alerts. */
  readonly model: string;
  /** The stream whose fold the row should equal: `<stream type>/<namespace>/<stream id>`. */
  readonly stream: string;
  /** What differs: a missing row, a row without a stream, or the columns that differ. */
  readonly problem: string;
}

/**
 * A module's check that its read model equals a fold of its streams, with the module's own fold code.
 * `sample` bounds how many rows (streams) one check looks at, for read models too large to check whole.
 */
export interface ReadModelChecker {
  readonly model: string;
  check(sample: number): Promise<ReadModelMismatch[]>;
}

/**
 * SQL that is true when a column of row `expected` differs from the same column of row `actual`: as text,
 * or for a `json` column as a JSON value. A row folded from events as they were published keeps their
 * keys in the publisher's order; folded again from the store, whose data is canonical JSON, in sorted
 * order: the same value, not a mismatch.
 */
export function columnDiffers(column: string, expected: string, actual: string, json = false): string {
  const as = json ? 'jsonb' : 'text';
  return `${expected}.${column}::${as} IS DISTINCT FROM ${actual}.${column}::${as}`;
}

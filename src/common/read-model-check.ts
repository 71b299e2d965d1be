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

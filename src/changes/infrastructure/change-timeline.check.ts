import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { columnDiffers, type ReadModelChecker, type ReadModelMismatch } from '../../common/read-model-check';
import { copyInto } from '../../database/copy-rows';
import { PostgresEventStore } from '../../event-store/postgres-event-store';
import { foldChangeEvents, type ChangeState } from '../domain/change-state';
import { appendChangeSteps } from '../domain/change-steps';
import { CHANGE_STREAM, changeEventOf } from '../domain/change-stream';
import { CHANGE_COLUMNS, changeCopyLine } from './change-row';
import { decodeFoldState, encodeFoldState } from './fold-state-codec';
import { errorMessage } from '../../common/error-message';

/**
 * A random sample of change-timeline rows against their streams: each sampled change's events are folded
 * again with the projection's own fold and row encoder, written to a temporary table, and compared with
 * the row column by column (json columns as JSON values: see columnDiffers). Rows are sampled, not streams: a row
 * deleted outright is found by the rebuild, not here (docs/operations.md, Read models held to the store).
 */
@Injectable()
export class ChangeTimelineCheck implements ReadModelChecker {
  readonly model = 'changes';

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
  ) {}

  async check(sample: number): Promise<ReadModelMismatch[]> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      // A fold state in the layout before fold-state-codec.ts's (a row not touched since the upgrade)
      // cannot equal the expected text: it is compared decoded, in Node, below.
      const sampled = await tx.query<{ source: string; change_id: string; legacy_state: unknown }[]>(
        `SELECT source, change_id,
                CASE WHEN json_typeof(fold_state) = 'object' THEN fold_state END AS legacy_state
           FROM changes ORDER BY random() LIMIT $1`,
        [sample],
      );
      const mismatches: ReadModelMismatch[] = [];
      const legacyDiffering = new Set<string>();
      let lines = '';
      for (const { source, change_id: changeId, legacy_state: legacyState } of sampled) {
        const stored = await this.store.readStream(CHANGE_STREAM, source, changeId, tx);
        const events = stored.map(changeEventOf);
        const folded = foldChangeEvents(events);
        const last = stored[stored.length - 1];
        if (folded === undefined || last === undefined) {
          mismatches.push({
            model: this.model,
            stream: streamName(source, changeId),
            problem: 'row without a stream',
          });
          continue;
        }
        try {
          lines += changeCopyLine(folded, last.position, appendChangeSteps([], events));
          if (legacyState !== null && !sameFoldState(legacyState, folded))
            legacyDiffering.add(streamName(source, changeId));
        } catch (error) {
          // A stream the fold cannot turn into a row is a finding of the check, not a failure of it.
          mismatches.push({
            model: this.model,
            stream: streamName(source, changeId),
            problem: `the stream cannot be folded into a row: ${errorMessage(error)}`,
          });
        }
      }
      await tx.query(`CREATE TEMP TABLE changes_expected (LIKE changes) ON COMMIT DROP`);
      if (lines !== '') await copyInto(tx, 'changes_expected', CHANGE_COLUMNS, (write) => write(lines));
      const compared = CHANGE_COLUMNS.filter((column) => column !== 'source' && column !== 'change_id');
      const differing = await tx.query<{ source: string; change_id: string; columns: string[] }[]>(
        `SELECT source, change_id, columns FROM (
           SELECT e.source, e.change_id, array_remove(ARRAY[${compared
             // A row projected before `steps` existed keeps it null (its history unknown): not a mismatch.
             .map((c) =>
               c === 'steps'
                 ? `CASE WHEN c.steps IS NOT NULL AND ${columnDiffers(c, 'e', 'c', true)} THEN 'steps' END`
                 : c === 'fold_state'
                   ? `CASE WHEN json_typeof(c.fold_state) <> 'object' AND ${columnDiffers(c, 'e', 'c', true)} THEN 'fold_state' END`
                   : `CASE WHEN ${columnDiffers(c, 'e', 'c')} THEN '${c}' END`,
             )
             .join(', ')}], NULL) AS columns
             FROM changes_expected e JOIN changes c USING (source, change_id)) d
          WHERE cardinality(columns) > 0
          ORDER BY source, change_id`,
      );
      const columnsOf = new Map<string, string[]>();
      for (const row of differing) columnsOf.set(streamName(row.source, row.change_id), row.columns);
      for (const stream of legacyDiffering)
        columnsOf.set(stream, [...(columnsOf.get(stream) ?? []), 'fold_state']);
      for (const [stream, columns] of [...columnsOf].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        mismatches.push({ model: this.model, stream, problem: `row differs in ${columns.join(', ')}` });
      }
      return mismatches;
    });
  }
}

/** Whether a stored fold state holds `expected`, compared as the codec writes it. */
function sameFoldState(stored: unknown, expected: ChangeState): boolean {
  try {
    return encodeFoldState(decodeFoldState(stored)) === encodeFoldState(expected);
  } catch {
    // Unreadable is different.
    return false;
  }
}

function streamName(source: string, changeId: string): string {
  return `${CHANGE_STREAM}/${source}/${changeId}`;
}

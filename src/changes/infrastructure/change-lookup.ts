import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeRow } from './change-row';

export type ChangeRowWithSource = ChangeRow & { source: string };

/** The row of one (source, changeId): a probe of the primary key. $1 source, $2 changeId. */
export const CHANGE_ROW_SQL = `SELECT source, fold_state FROM changes WHERE source = $1 AND change_id = $2`;

/**
 * The rows of every source with this changeId, by source, at most $2. The primary key leads with the
 * source, so `WHERE change_id = $1` alone would read all of it (or the table): instead the few distinct
 * sources are walked on that index one probe each (a loose index scan), and each is probed for the
 * changeId.
 */
export const CHANGE_ROWS_ACROSS_SOURCES_SQL = `WITH RECURSIVE sources(source) AS (
    (SELECT source FROM changes ORDER BY source LIMIT 1)
    UNION ALL
    SELECT (SELECT c.source FROM changes c WHERE c.source > s.source ORDER BY c.source LIMIT 1)
      FROM sources s
     WHERE s.source IS NOT NULL
  )
  SELECT c.source, c.fold_state
    FROM sources s
    JOIN changes c ON c.source = s.source AND c.change_id = $1
   ORDER BY c.source
   LIMIT $2`;

/**
 * The change rows with this changeId: the one of `source` when it is given, else one per source that has
 * it (ordered by source, at most `limit`). Either way a few index probes, whatever the timeline's size.
 */
export function findChangeRows(
  db: DataSource | EntityManager,
  changeId: string,
  source: string | undefined,
  limit: number,
): Promise<ChangeRowWithSource[]> {
  return source !== undefined
    ? db.query<ChangeRowWithSource[]>(CHANGE_ROW_SQL, [source, changeId])
    : db.query<ChangeRowWithSource[]>(CHANGE_ROWS_ACROSS_SOURCES_SQL, [changeId, limit]);
}

import type { DataSource } from 'typeorm';

export interface ProjectionLag {
  /** The checkpoint's name in projection_checkpoints (e.g. `insights-relay`). */
  readonly projection: string;
  /** Events appended to the store past the checkpoint. */
  readonly lag: number;
}

export interface StoreProgress {
  readonly head: number;
  readonly projections: readonly ProjectionLag[];
}

/**
 * How far each projection that follows the store by position (a row in projection_checkpoints) is behind
 * the store's head (its highest position), for telemetry and readiness: here, because only the store
 * reads `events`. Inline projections (the timeline, freeze checks) are written in the append's own
 * transaction and are never behind, so they have no checkpoint.
 */
export async function readStoreProgress(dataSource: DataSource): Promise<StoreProgress> {
  const rows = await dataSource.query<{ head: string; projection: string | null; lag: string | null }[]>(
    `SELECT h.head, c.name AS projection, h.head - c.position AS lag
       FROM (SELECT coalesce(max(global_position), 0) AS head FROM events) h
       LEFT JOIN projection_checkpoints c ON true
      ORDER BY c.name`,
  );
  return {
    head: Number(rows[0]?.head ?? 0),
    projections: rows.flatMap((row) =>
      row.projection === null || row.lag === null
        ? []
        : [{ projection: row.projection, lag: Math.max(0, Number(row.lag)) }],
    ),
  };
}

/**
 * Registers a projection that follows the store (its checkpoint row at position 0 unless it has one).
 * Followers call it at start-up, before the instance can report ready: readiness sees only registered
 * projections, so one that registered only at its first round could appear far behind after the
 * instance had already said it was ready.
 */
export async function registerProjection(dataSource: DataSource, name: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`,
    [name],
  );
}

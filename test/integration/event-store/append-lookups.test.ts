import type { DataSource, EntityManager } from 'typeorm';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { toNewEvent } from '../../../src/changes/domain/change-stream';
import { ChangeTimelineProjection } from '../../../src/changes/infrastructure/change-timeline.projection';
import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { openTestDataSource, type TestDataSource } from '../../support/database';

/**
 * An ingest chunk looks its events up by id (duplicates) and its changes by key (the timeline): one index
 * probe per key, whatever the store's size. As plain joins against the unnested keys, PostgreSQL (which
 * plans with the array's length) chose to read the whole of `events` and `changes` once a chunk held a few
 * thousand keys: a cost per chunk that grew with the store.
 */
describe('ingest lookups probe the indexes, never scan the tables', () => {
  let db: TestDataSource;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const timeline = new ChangeTimelineProjection();

  beforeAll(async () => {
    db = await openTestDataSource();
    dataSource = db.dataSource;
    store = new PostgresEventStore(dataSource);
  });

  afterAll(async () => {
    await db.close();
  });

  /** Appends and projects like an ingest chunk; returns the sequential scans it made of each table. */
  const ingestChunk = (
    events: ReturnType<typeof generateChangeEvents>,
  ): Promise<{ stored: number; duplicates: number; scans: Record<string, number> }> =>
    store.transaction(async (tx: EntityManager) => {
      const { appended, duplicates } = await store.append(
        tx,
        events.map((event) => toNewEvent({ event, metadata: {} })),
        { detectConflicts: true },
      );
      await timeline.apply(tx, appended);
      // This transaction's own scans (pg_stat_xact_*: not yet flushed to the cumulative statistics).
      const rows = await tx.query<{ relname: string; seq_scan: string }[]>(
        `SELECT relname, seq_scan::text FROM pg_stat_xact_user_tables WHERE relname IN ('events', 'changes')`,
      );
      const scans = Object.fromEntries(rows.map((r) => [r.relname, Number(r.seq_scan)]));
      return { stored: appended.length, duplicates: duplicates.length, scans };
    });

  it('a chunk of 4,000 events on a store of 12,000: no sequential scan of events or changes', async () => {
    const seeded = generateChangeEvents(12_000, 3, 'seed');
    for (let i = 0; i < seeded.length; i += 4_000) await ingestChunk(seeded.slice(i, i + 4_000));
    await dataSource.query(`ANALYZE events; ANALYZE changes`);

    // Half already stored (duplicates), half new: both lookups find rows and miss them.
    const chunk = [...seeded.slice(0, 2_000), ...generateChangeEvents(2_000, 4, 'fresh')];
    const { stored, duplicates, scans } = await ingestChunk(chunk);

    expect({ stored, duplicates }).toEqual({ stored: 2_000, duplicates: 2_000 });
    expect(scans).toEqual({ events: 0, changes: 0 });
  }, 120_000);
});

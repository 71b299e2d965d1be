import type { DataSource } from 'typeorm';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { toNewEvent } from '../../../src/changes/domain/change-stream';
import {
  CHANGE_ROW_SQL,
  CHANGE_ROWS_ACROSS_SOURCES_SQL,
  findChangeRows,
} from '../../../src/changes/infrastructure/change-lookup';
import { ChangeTimelineProjection } from '../../../src/changes/infrastructure/change-timeline.projection';
import { toView } from '../../../src/changes/infrastructure/change-row';
import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { openTestDataSource, type TestDataSource } from '../../support/database';

/**
 * A change looked up by its changeId, with or without its source (`GET /v1/changes/{changeId}`, the
 * address from before changes were scoped by source): index probes on the primary key, whatever the size
 * of the timeline, never a read of the whole table or of a timeline index.
 */
describe('finding a change by changeId', () => {
  let db: TestDataSource;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  const timeline = new ChangeTimelineProjection();
  const events = generateChangeEvents(60_000, 5, 'lookup');
  const shared = events[0];
  if (shared === undefined) throw new Error('no events generated');
  // The same changeId from a second source: the legacy address is then ambiguous.
  const otherSource = shared.source === 'consul' ? 'argo-cd' : 'consul';

  beforeAll(async () => {
    db = await openTestDataSource();
    dataSource = db.dataSource;
    store = new PostgresEventStore(dataSource);
    const twin = events
      .filter((e) => e.changeId === shared.changeId)
      .map((e) => ({ ...e, eventId: `${e.eventId}-twin`, source: otherSource }));
    const all = [...events, ...twin];
    for (let i = 0; i < all.length; i += 10_000) {
      await store.transaction(async (tx) => {
        const { appended } = await store.append(
          tx,
          all.slice(i, i + 10_000).map((event) => toNewEvent({ event, metadata: {} })),
        );
        await timeline.apply(tx, appended);
      });
    }
    await dataSource.query('VACUUM ANALYZE changes');
  }, 120_000);

  afterAll(async () => {
    await db.close();
  });

  /** The buffers a statement touched (EXPLAIN ANALYZE, BUFFERS): what it read, whatever the plan. */
  const blocksRead = async (sql: string, parameters: unknown[]): Promise<number> => {
    const rows = await dataSource.query<{ 'QUERY PLAN': [{ Plan: Record<string, number> }] }[]>(
      `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
      parameters,
    );
    const plan = rows[0]?.['QUERY PLAN'][0].Plan ?? {};
    return (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0);
  };
  /** The primary key's size in blocks: what reading all of it costs. */
  const primaryKeyBlocks = async (): Promise<number> => {
    const rows = await dataSource.query<{ blocks: string }[]>(
      `SELECT (pg_relation_size(i.indexrelid) / current_setting('block_size')::int)::text AS blocks
         FROM pg_index i WHERE i.indrelid = 'changes'::regclass AND i.indisprimary`,
    );
    return Number(rows[0]?.blocks);
  };
  const lookUp = async (changeId: string, source?: string) =>
    (await findChangeRows(dataSource, changeId, source, 21)).map((r) => ({
      source: r.source,
      changeId: toView(r).changeId,
    }));

  it('without a source: every source that has the changeId, ordered, from a few probes of the primary key', async () => {
    expect(await lookUp(shared.changeId)).toEqual(
      [shared.source, otherSource].sort().map((source) => ({ source, changeId: shared.changeId })),
    );
    expect(await lookUp('no-such-change')).toEqual([]);

    // A probe per distinct source (the generator's five) to walk them and one each for the changeId: a few
    // dozen blocks, where reading the primary key (or the table) costs hundreds, and more as the timeline grows.
    const index = await primaryKeyBlocks();
    expect(index).toBeGreaterThan(100);
    for (const changeId of [shared.changeId, 'no-such-change']) {
      expect(await blocksRead(CHANGE_ROWS_ACROSS_SOURCES_SQL, [changeId, 21])).toBeLessThan(80);
    }
    // What the lookup was before, for scale: the whole primary key or the table. PostgreSQL 18's skip scan
    // can run that query as probes per source too, so the comparison holds only before it.
    const version = await dataSource.query<{ v: string }[]>(
      `SELECT current_setting('server_version_num') AS v`,
    );
    if (Number(version[0]?.v) >= 180_000) return;
    expect(
      await blocksRead(
        `SELECT source, fold_state FROM changes WHERE change_id = $1 ORDER BY source LIMIT 21`,
        [shared.changeId],
      ),
    ).toBeGreaterThan(index / 2);
  });

  it('with a source: that one change, from one probe', async () => {
    expect(await lookUp(shared.changeId, otherSource)).toEqual([
      { source: otherSource, changeId: shared.changeId },
    ]);
    expect(await lookUp(shared.changeId, 'no-such-source')).toEqual([]);
    expect(await blocksRead(CHANGE_ROW_SQL, [otherSource, shared.changeId])).toBeLessThan(10);
  });
});

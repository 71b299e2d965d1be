import type { DataSource, EntityManager } from 'typeorm';
import { generateChangeEvents } from '../../../bench/generators/change-events';
import { toChangeView } from '../../../src/changes/domain/change-state';
import { toNewEvent } from '../../../src/changes/domain/change-stream';
import { toView, type ChangeRow } from '../../../src/changes/infrastructure/change-row';
import { ChangeTimelineProjection } from '../../../src/changes/infrastructure/change-timeline.projection';
import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { openTestDataSource, type TestDataSource } from '../../support/database';

/**
 * The inline projections (the freeze checks) see the changes an ingest chunk touched as the timeline
 * folded them, without reading `changes` back: what apply returns must be exactly the rows it wrote, for
 * new changes and for changes that already had a row.
 */
describe('the change timeline returns the states it wrote', () => {
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

  const ingestChunk = (events: ReturnType<typeof generateChangeEvents>) =>
    store.transaction(async (tx: EntityManager) => {
      const { appended } = await store.append(
        tx,
        events.map((event) => toNewEvent({ event, metadata: {} })),
        { detectConflicts: true },
      );
      return timeline.apply(tx, appended);
    });

  it('one state per touched change, equal to its row after commit, fresh or folded onto a stored row', async () => {
    const events = generateChangeEvents(3_000, 11, 'apply');
    await ingestChunk(events.slice(0, 1_500));
    const touched = await ingestChunk(events.slice(1_500));

    const rows = await dataSource.query<(ChangeRow & { source: string; change_id: string })[]>(
      `SELECT source, change_id, fold_state FROM changes`,
    );
    const stored = new Map(rows.map((r) => [`${r.source}/${r.change_id}`, toView(r)]));
    const secondHalf = new Set(events.slice(1_500).map((e) => `${e.source}/${e.changeId}`));
    const firstHalf = new Set(events.slice(0, 1_500).map((e) => `${e.source}/${e.changeId}`));

    const views = touched.map(toChangeView);
    expect(new Set(views.map((v) => `${v.source}/${v.changeId}`))).toEqual(secondHalf);
    expect(views.length).toBe(secondHalf.size);
    // Some of the touched changes already had a row from the first chunk: their returned state is the fold
    // of both chunks, as stored.
    expect(views.some((v) => firstHalf.has(`${v.source}/${v.changeId}`))).toBe(true);
    for (const view of views) expect(view).toEqual(stored.get(`${view.source}/${view.changeId}`));
  }, 60_000);
});

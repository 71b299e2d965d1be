import type { DataSource } from 'typeorm';
import { ALERT_STREAM, alertStreamNamespace } from '../../../src/alerts/domain/alert-stream';
import { SUSPECT_VERDICT_RECORDED, Verdicts } from '../../../src/correlation/infrastructure/verdicts';
import { PostgresEventStore } from '../../../src/event-store/postgres-event-store';
import { openTestDataSource, type TestDataSource } from '../../support/database';

/**
 * Verdicts on one alert append to its one stream: concurrent reviewers race for the same stream version,
 * and the loser's transaction runs again (the store's race retry) instead of failing the request.
 */
describe('verdicts recorded concurrently on the same alert', () => {
  let db: TestDataSource;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await openTestDataSource({ asService: true });
    dataSource = db.dataSource;
  });

  afterAll(async () => {
    await db.close();
  });

  it('are all stored, each in its own stream version, none failing', async () => {
    const store = new PostgresEventStore(dataSource);
    const verdicts = new Verdicts(dataSource, store);
    const alertKey = 'alert:alertmanager:2026-11-03T12:00:00.000Z:fp-race';
    // Fewer than the pool's connections, so every transaction is in flight at once and they race.
    const reviewers = Array.from({ length: 6 }, (_, i) => `reviewer-${i}`);

    const results = await Promise.allSettled(
      reviewers.map((by, i) =>
        verdicts.record(
          {
            alertKey,
            source: 'ci',
            changeId: `change-${i}`,
            verdict: i % 2 === 0 ? 'cause' : 'not_cause',
            rank: i + 1,
            note: null,
            by,
          },
          { weightsVersion: 0, candidates: [] },
        ),
      ),
    );

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const stream = await store.readStream(ALERT_STREAM, alertStreamNamespace(alertKey), alertKey);
    expect(stream.map((e) => e.type)).toEqual(reviewers.map(() => SUSPECT_VERDICT_RECORDED));
    expect(stream.map((e) => e.streamVersion)).toEqual(reviewers.map((_, i) => i + 1));
    expect(new Set(stream.map((e) => e.data['by']))).toEqual(new Set(reviewers));
    expect((await verdicts.trainingVerdicts()).length).toBe(reviewers.length);
  });
});

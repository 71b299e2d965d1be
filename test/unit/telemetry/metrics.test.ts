import type { DataSource } from 'typeorm';
import { Metrics } from '../../../src/telemetry/metrics/metrics';
import { sample } from '../../support/metrics';

/** The two rows readStoreProgress asks PostgreSQL for, without a database (pure unit test). */
function storeWith(rows: { head: string; projection: string | null; lag: string | null }[]): DataSource {
  return { query: () => Promise.resolve(rows) } as unknown as DataSource;
}

describe('Metrics', () => {
  it('counts a chunk once: ingested, rejects by reason, size and duration; and DLQ sends', async () => {
    const metrics = new Metrics(storeWith([{ head: '0', projection: null, lag: null }]));
    metrics.recordIngestChunk({
      topic: 'change-events.v1',
      messages: 5_000,
      ingested: 4_988,
      duplicates: 7,
      rejected: new Map([
        ['schema', 3],
        ['not_json', 2],
      ]),
      seconds: 0.8,
    });
    metrics.recordDeadLettered('change-events.v1.dlq', 5);
    const text = await metrics.scrape();
    expect(sample(text, 'change_audit_events_ingested_total{topic="change-events.v1"}')).toBe(4_988);
    expect(sample(text, 'change_audit_events_duplicate_total{topic="change-events.v1"}')).toBe(7);
    expect(sample(text, 'change_audit_events_rejected_total{topic="change-events.v1",reason="schema"}')).toBe(
      3,
    );
    expect(
      sample(text, 'change_audit_events_rejected_total{topic="change-events.v1",reason="not_json"}'),
    ).toBe(2);
    expect(sample(text, 'change_audit_dlq_messages_total{topic="change-events.v1.dlq"}')).toBe(5);
    expect(sample(text, 'change_audit_ingest_batch_size_bucket{le="5000",topic="change-events.v1"}')).toBe(1);
    expect(sample(text, 'change_audit_ingest_batch_size_bucket{le="2500",topic="change-events.v1"}')).toBe(0);
    expect(sample(text, 'change_audit_ingest_batch_duration_seconds_sum{topic="change-events.v1"}')).toBe(
      0.8,
    );
  });

  it('reports consumer lag per partition and projection lag from the store at scrape time', async () => {
    const metrics = new Metrics(
      storeWith([
        { head: '1200', projection: 'correlation', lag: '0' },
        { head: '1200', projection: 'insights-relay', lag: '200' },
      ]),
    );
    metrics.recordConsumerLag('change-events.v1', 3, 10_500n, 10_000n);
    metrics.recordConsumerLag('change-events.v1', 4, 10n, 10n);
    metrics.recordConsumerStarted();
    const text = await metrics.scrape();
    expect(sample(text, 'change_audit_consumer_seconds_since_last_chunk')).toBeLessThan(5);
    expect(sample(text, 'change_audit_consumer_lag{topic="change-events.v1",partition="3"}')).toBe(500);
    expect(sample(text, 'change_audit_consumer_lag{topic="change-events.v1",partition="4"}')).toBe(0);
    expect(sample(text, 'change_audit_projection_lag_events{projection="insights-relay"}')).toBe(200);
    expect(sample(text, 'change_audit_projection_lag_events{projection="correlation"}')).toBe(0);
    expect(sample(text, 'change_audit_event_store_head_position')).toBe(1200);
    // Default process metrics are there too.
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('records freeze decisions by outcome and times suspect ranking', async () => {
    const metrics = new Metrics(storeWith([{ head: '0', projection: null, lag: null }]));
    metrics.recordFreezeDecision('deny', 0.0002);
    metrics.recordFreezeDecision('deny', 0.0003);
    metrics.recordFreezeDecision('allow', 0.0001);
    await expect(metrics.timeSuspectsRanking(() => Promise.resolve(['change-1']))).resolves.toEqual([
      'change-1',
    ]);
    const text = await metrics.scrape();
    expect(sample(text, 'change_audit_freeze_decisions_total{decision="deny"}')).toBe(2);
    expect(sample(text, 'change_audit_freeze_decisions_total{decision="allow"}')).toBe(1);
    expect(sample(text, 'change_audit_freeze_evaluate_duration_seconds_count')).toBe(3);
    expect(sample(text, 'change_audit_suspects_ranking_seconds_count')).toBe(1);
  });

  it('still answers a scrape when the database does not', async () => {
    const down = { query: () => Promise.reject(new Error('connection refused')) } as unknown as DataSource;
    const metrics = new Metrics(down);
    const text = await metrics.scrape();
    expect(text).toContain('# TYPE change_audit_projection_lag_events gauge');
    expect(text).toContain('process_cpu_seconds_total');
  });
});

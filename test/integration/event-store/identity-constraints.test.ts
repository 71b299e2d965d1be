import type { Client } from 'pg';
import { createTestDatabase, superuserClient } from '../../support/database';

/**
 * Source-scoped identity holds in the database, for any writer, not only under the service's append lock:
 * an INSERT past the service (as the superuser) that puts a change event into another source's stream,
 * a publisher's event under a `$` id, or a derived event under a publisher-style id is refused.
 */
describe('events: identity constraints', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = await superuserClient(database.url);
  });

  afterAll(async () => {
    await sql.end();
    await database.drop();
  });

  interface Row {
    namespace: string;
    eventId: string;
    streamType?: string;
    streamId: string;
    type?: string;
    data: Record<string, unknown>;
  }

  const changeData = (source: string, changeId: string) => ({
    eventId: 'e',
    changeId,
    source,
    kind: 'deploy',
    phase: 'started',
    occurredAt: '2026-11-03T12:00:00.000Z',
    environment: 'production',
  });

  /** Inserts one row past the service: positions from the sequence, a bogus hash (not what is tested). */
  const insert = (row: Row) =>
    sql.query(
      `INSERT INTO events (global_position, namespace, event_id, stream_type, stream_id, stream_version, event_type,
                           data, metadata, occurred_at, recorded_at, prev_hash, hash)
       VALUES (nextval('events_global_position_seq'), $1, $2, $3, $4,
               (SELECT coalesce(max(stream_version), 0) + 1 FROM events
                 WHERE stream_type = $3 AND namespace = $1 AND stream_id = $4),
               $5, $6, '{}', now(), now(), NULL, repeat('1', 64))`,
      [
        row.namespace,
        row.eventId,
        row.streamType ?? 'change',
        row.streamId,
        row.type ?? 'ChangeEventRecorded',
        JSON.stringify(row.data),
      ],
    );

  const refusedBy = async (row: Row, constraint: string) => {
    await expect(insert(row)).rejects.toMatchObject({ constraint });
  };

  it('accepts a change event in its own source’s namespace and stream', async () => {
    await insert({
      namespace: 'argo-cd',
      eventId: 'e-1',
      streamId: 'c-1',
      data: changeData('argo-cd', 'c-1'),
    });
    // The same eventId and changeId in another source's namespace are another event and another change.
    await insert({ namespace: 'github', eventId: 'e-1', streamId: 'c-1', data: changeData('github', 'c-1') });
    const { rows } = await sql.query<{ namespace: string; stream_version: number }>(
      `SELECT namespace, stream_version FROM events WHERE stream_id = 'c-1' ORDER BY namespace`,
    );
    expect(rows).toEqual([
      { namespace: 'argo-cd', stream_version: 1 },
      { namespace: 'github', stream_version: 1 },
    ]);
  });

  it("refuses a change event written into another source's namespace (a takeover)", async () => {
    await refusedBy(
      { namespace: 'argo-cd', eventId: 'e-2', streamId: 'c-1', data: changeData('github', 'c-1') },
      'events_change_event_identity',
    );
  });

  it('refuses a change event whose stream is not its own changeId', async () => {
    await refusedBy(
      { namespace: 'github', eventId: 'e-3', streamId: 'c-1', data: changeData('github', 'other') },
      'events_change_event_identity',
    );
  });

  it('refuses a publisher’s event under a `$` id (the service’s ids)', async () => {
    await refusedBy(
      {
        namespace: 'argo-cd',
        eventId: '$freeze-check:c-1',
        streamId: 'c-1',
        data: changeData('argo-cd', 'c-1'),
      },
      'events_change_event_identity',
    );
  });

  it('refuses a derived event under an id a publisher could send', async () => {
    await refusedBy(
      {
        namespace: 'argo-cd',
        eventId: 'freeze-check:c-1',
        streamId: 'c-1',
        type: 'FreezeViolationDetected',
        data: { changeId: 'c-1' },
      },
      'events_service_event_ids',
    );
  });

  it('refuses a second event with an id already taken in its namespace', async () => {
    await refusedBy(
      { namespace: 'argo-cd', eventId: 'e-1', streamId: 'c-9', data: changeData('argo-cd', 'c-9') },
      'events_event_id_unique',
    );
  });

  it('keeps the service’s namespace to the service’s streams, and its streams to it', async () => {
    await refusedBy(
      {
        namespace: '$service',
        eventId: '$x',
        streamType: 'alert',
        streamId: 'alert:$service:x',
        type: 'SuspectsRanked',
        data: {},
      },
      'events_service_namespace',
    );
    await refusedBy(
      {
        namespace: 'argo-cd',
        eventId: '$topology:x',
        streamType: 'topology',
        streamId: 'services',
        type: 'TopologyReplaced',
        data: {},
      },
      'events_service_namespace',
    );
    await refusedBy(
      {
        namespace: 'argo-cd',
        eventId: '$correlation-weights:x',
        streamType: 'correlation-weights',
        streamId: 'factors',
        type: 'CorrelationWeightsApplied',
        data: {},
      },
      'events_service_namespace',
    );
  });

  it('refuses a weights event under an id a publisher could send', async () => {
    await refusedBy(
      {
        namespace: '$service',
        eventId: 'correlation-weights:reset:1',
        streamType: 'correlation-weights',
        streamId: 'factors',
        type: 'CorrelationWeightsReset',
        data: {},
      },
      'events_service_event_ids',
    );
  });
});

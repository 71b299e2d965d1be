import type { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../../../src/database/data-source-options';
import { migrate } from '../../../src/database/provision';
import { chainHash, GENESIS_HASH } from '../../../src/event-store/domain/hash-chain';
import type { JsonObject } from '../../../src/event-store/domain/stored-event';
import { KEYS, startTestApp } from '../../support/app';
import { createTestDatabase, superuserClient } from '../../support/database';

/** The migrations before source-scoped identity (later ones build on it). */
const PREVIOUS = MIGRATIONS.slice(
  0,
  MIGRATIONS.findIndex((m) => new m().name === 'SourceIdentity1795737600007'),
);

interface LegacyEvent {
  readonly eventId: string;
  readonly streamType: string;
  readonly streamId: string;
  readonly type: string;
  readonly data: JsonObject;
}

/**
 * A store written before identity was scoped by source: one global eventId namespace, and one stream per
 * changeId, which two sources shared. The migration gives every row its namespace without touching a
 * hashed field, so the chain still verifies, and each source's change becomes addressable on its own.
 */
describe('migration to source-scoped identity', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase('cas_identity', false);
    const previous = new DataSource({ ...dataSourceOptions(database.url), migrations: PREVIOUS });
    await previous.initialize();
    await previous.runMigrations();
    await previous.destroy();
    sql = await superuserClient(database.url);
  });

  afterAll(async () => {
    await sql.end();
    await database.drop();
  });

  /** Appends as the previous event store did: positions 1.., versions per (stream type, stream id). */
  async function appendLegacy(events: readonly LegacyEvent[]): Promise<void> {
    let prevHash = GENESIS_HASH;
    const versions = new Map<string, number>();
    let position = 0n;
    for (const event of events) {
      position += 1n;
      const key = `${event.streamType}/${event.streamId}`;
      const streamVersion = (versions.get(key) ?? 0) + 1;
      versions.set(key, streamVersion);
      const occurredAt = new Date('2026-11-03T12:00:00.000Z');
      const recordedAt = new Date('2026-11-03T12:00:01.000Z');
      const metadata = { receivedVia: 'http' };
      const hash = chainHash(prevHash, {
        ...event,
        metadata,
        occurredAt,
        recordedAt,
        position,
        streamVersion,
      });
      await sql.query(
        `INSERT INTO events (global_position, event_id, stream_type, stream_id, stream_version, event_type, data,
                             metadata, occurred_at, recorded_at, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [
          position.toString(),
          event.eventId,
          event.streamType,
          event.streamId,
          streamVersion,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(metadata),
          occurredAt,
          recordedAt,
          prevHash,
          hash,
        ],
      );
      prevHash = hash;
    }
    await sql.query(`SELECT setval('events_global_position_seq', $1)`, [position.toString()]);
    await sql.query(`UPDATE event_store_head SET last_position = $1, last_hash = $2`, [
      position.toString(),
      prevHash,
    ]);
  }

  const change = (source: string, eventId: string, phase: string): LegacyEvent => ({
    eventId,
    streamType: 'change',
    streamId: 'shared-1',
    type: 'ChangeEventRecorded',
    data: {
      eventId,
      changeId: 'shared-1',
      source,
      kind: 'deploy',
      phase,
      occurredAt: '2026-11-03T12:00:00.000Z',
      environment: 'production',
      service: 'checkout',
    },
  });

  it('keeps the chain verifiable and makes both sources’ changes addressable', async () => {
    const check = {
      changeId: 'shared-1',
      outcome: 'violation',
      decision: 'deny',
      reason: 'frozen',
      startedAt: '2026-11-03T12:00:00.000Z',
      detectedAt: '2026-11-03T12:00:01.000Z',
      change: {
        service: 'checkout',
        environment: 'production',
        region: null,
        team: null,
        kind: 'deploy',
        isRollback: false,
        isHotfix: false,
        override: null,
      },
      windows: [],
    };
    await appendLegacy([
      change('argo-cd', 'argo-e1', 'started'),
      {
        eventId: 'freeze-check:shared-1',
        streamType: 'change',
        streamId: 'shared-1',
        type: 'FreezeViolationDetected',
        data: check,
      },
      change('github', 'github-e1', 'failed'),
      {
        eventId: 'topology:snap-1',
        streamType: 'topology',
        streamId: 'services',
        type: 'TopologyReplaced',
        data: { snapshotId: 'snap-1', edges: [] },
      },
    ]);
    // The read models as the previous version left them: one merged change row, its freeze check.
    await sql.query(
      `INSERT INTO freeze_checks (change_id, outcome, started_at, environment, kind, check_state, position,
                                  recorded_at)
       VALUES ('shared-1', 'violation', '2026-11-03T12:00:00Z', 'production', 'deploy', $1, 2, now())`,
      [JSON.stringify(check)],
    );

    await migrate(database.url);

    const { rows } = await sql.query<{ event_id: string; namespace: string; stream_version: number }>(
      `SELECT event_id, namespace, stream_version FROM events ORDER BY global_position`,
    );
    expect(rows).toEqual([
      { event_id: 'argo-e1', namespace: 'argo-cd', stream_version: 1 },
      { event_id: 'freeze-check:shared-1', namespace: 'argo-cd', stream_version: 2 },
      { event_id: 'github-e1', namespace: 'github', stream_version: 3 },
      { event_id: 'topology:snap-1', namespace: '$service', stream_version: 1 },
    ]);

    const app = await startTestApp({ DATABASE_URL: database.url });
    try {
      const get = (path: string) =>
        request(app.baseUrl).get(path).set('authorization', `Bearer ${KEYS.admin}`);
      expect((await get('/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true, checked: 4 });
      const argo = (await get('/v1/changes/argo-cd/shared-1').expect(200)).body as {
        change: { source: string; phase: string; eventCount: number };
        freeze: { outcome: string } | null;
      };
      expect(argo.change).toMatchObject({ source: 'argo-cd', phase: 'started', eventCount: 1 });
      expect(argo.freeze).toMatchObject({ outcome: 'violation' });
      const github = (await get('/v1/changes/github/shared-1').expect(200)).body as typeof argo;
      expect(github.change).toMatchObject({ source: 'github', phase: 'failed', eventCount: 1 });
      expect(github.freeze).toBeNull();
      await get('/v1/changes/shared-1').expect(409);
      const violations = (await get('/v1/freeze/violations').expect(200)).body as { items: unknown[] };
      expect(violations.items).toEqual([
        expect.objectContaining({ source: 'argo-cd', changeId: 'shared-1' }),
      ]);

      // New events continue each source's own stream, and the chain stays whole.
      await request(app.baseUrl)
        .post('/v1/change-events')
        .set('authorization', `Bearer ${KEYS.publisher}`)
        .send({ ...change('argo-cd', 'argo-e2', 'succeeded').data, occurredAt: '2026-11-03T12:05:00.000Z' })
        .expect(202);
      expect((await get('/v1/changes/argo-cd/shared-1').expect(200)).body).toMatchObject({
        change: { phase: 'succeeded', eventCount: 2 },
      });
      expect((await get('/v1/audit/verify').expect(200)).body).toMatchObject({ ok: true, checked: 5 });
    } finally {
      await app.close();
    }
  });
});

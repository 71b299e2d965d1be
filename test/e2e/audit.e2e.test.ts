import type { Client } from 'pg';
import { eventHash } from '../../src/event-store/domain/event-hash';
import type { JsonObject } from '../../src/event-store/domain/stored-event';
import type { VerifyReport } from '../../src/event-store/postgres-event-store';
import { KEYS } from '../support/app';
import { countRows, get, lifecycle, publish, startEnv, MINUTE, type Env, at } from './fixtures';

/**
 * invariant 3 of docs/design.md: the store is append-only (the database itself refuses UPDATE, DELETE and
 * TRUNCATE on events) and tamper-evident (GET /v1/audit/verify finds an edited, removed or reordered
 * row). Every tamper case gets a fresh database and app, so one case cannot mask another.
 */
const EVENTS = 12;

async function verify(env: Env): Promise<VerifyReport> {
  const res = await get(env.app, '/v1/audit/verify', KEYS.admin).expect(200);
  return res.body as VerifyReport;
}

/** Four changes of three events, over three requests. Positions 1..12 in a fresh database. */
async function ingest(env: Env): Promise<bigint[]> {
  const events = ['a', 'b', 'c', 'd'].flatMap((c, i) =>
    lifecycle(`audit-${c}`, Date.parse(at(i * MINUTE))).slice(0, 3),
  );
  await publish(env.app, events.slice(0, 5));
  await publish(env.app, events.slice(5, 6));
  await publish(env.app, events.slice(6));
  const rows = await env.sql.query<{ p: string }>(
    `SELECT global_position AS p FROM events ORDER BY global_position`,
  );
  return rows.rows.map((r) => BigInt(r.p));
}

/** Runs statements as the superuser with user triggers off: what an attacker with superuser could do. */
async function bypassingTriggers(
  sql: Client,
  statements: readonly (string | { text: string; values: unknown[] })[],
): Promise<void> {
  await sql.query('BEGIN');
  await sql.query('SET LOCAL session_replication_role = replica');
  for (const statement of statements) await sql.query(statement);
  await sql.query('COMMIT');
}

describe('audit: append-only and tamper-evident (invariant 3)', () => {
  let env: Env;
  let positions: bigint[];
  beforeEach(async () => {
    env = await startEnv();
    positions = await ingest(env);
  });
  afterEach(async () => {
    await env.close();
  });

  const middle = (): string => String(positions[5]);
  const last = (): bigint => positions[positions.length - 1] ?? 0n;

  it('verifies an untouched store: ok, every event checked, head at the last event', async () => {
    expect(positions).toHaveLength(EVENTS);
    const report = await verify(env);
    const head = await env.sql.query<{ hash: string }>(
      `SELECT hash FROM events ORDER BY global_position DESC LIMIT 1`,
    );
    expect(report).toEqual({
      ok: true,
      checked: EVENTS,
      head: { position: String(last()), hash: head.rows[0]?.hash },
    });
    expect(report.firstBreak).toBeUndefined();
  });

  it('is only for admins', async () => {
    await get(env.app, '/v1/audit/verify', KEYS.reviewer).expect(403);
    await get(env.app, '/v1/audit/verify', KEYS.publisher).expect(403);
    await get(env.app, '/v1/audit/verify', '').expect(401);
  });

  it('treats gaps in the position sequence (burnt sequence values) as no break', async () => {
    await env.sql.query(`SELECT nextval('events_global_position_seq') FROM generate_series(1, 3)`);
    await publish(env.app, lifecycle('after-gap', Date.parse(at(0))).slice(0, 2));
    const report = await verify(env);
    expect(report).toMatchObject({ ok: true, checked: EVENTS + 2, head: { position: String(last() + 5n) } });
  });

  describe('the database refuses changes to stored events, even from the superuser', () => {
    it.each([
      [
        'UPDATE',
        `UPDATE events SET data = (data::jsonb || '{"summary":"tampered"}')::json WHERE global_position = 3`,
      ],
      ['UPDATE', `UPDATE events SET hash = repeat('f', 64)`],
      ['DELETE', `DELETE FROM events WHERE global_position = 3`],
      ['DELETE', `DELETE FROM events`],
      ['TRUNCATE', `TRUNCATE events`],
      ['TRUNCATE', `TRUNCATE events CASCADE`],
    ])('%s: %s', async (operation, statement) => {
      await expect(env.sql.query(statement)).rejects.toMatchObject({
        message: `the event store is append-only: ${operation} on events is refused`,
        code: '42501',
      });
      expect(await countRows(env.sql, 'events')).toBe(EVENTS);
      expect(await verify(env)).toMatchObject({ ok: true, checked: EVENTS });
    });
  });

  describe('with the triggers bypassed, verify finds the tampering', () => {
    it.each([
      ['data', `data = (data::jsonb || '{"summary":"nothing to see here"}')::json`],
      ['data (a nested value)', `data = jsonb_set(data::jsonb, '{actor,id}', '"mallory@example.com"')::json`],
      ['metadata', `metadata = (metadata::jsonb || '{"publishedBy":"someone-else"}')::json`],
      ['occurred_at', `occurred_at = occurred_at - interval '1 hour'`],
      ['recorded_at', `recorded_at = recorded_at + interval '1 second'`],
      // stream_id alone is refused by a constraint (a change event's stream is its changeId): both move.
      ['stream_id', `stream_id = 'audit-z', data = jsonb_set(data::jsonb, '{changeId}', '"audit-z"')::json`],
      ['stream_version', `stream_version = 99`],
      ['event_type', `event_type = 'SomethingElse'`],
    ])('an edit of %s is a hash_mismatch at that position', async (_column, assignment) => {
      const target = middle();
      const eventId = await env.sql.query<{ event_id: string }>(
        `SELECT event_id FROM events WHERE global_position = $1`,
        [target],
      );
      await bypassingTriggers(env.sql, [`UPDATE events SET ${assignment} WHERE global_position = ${target}`]);
      const report = await verify(env);
      expect(report.ok).toBe(false);
      expect(report.firstBreak).toMatchObject({
        kind: 'hash_mismatch',
        position: target,
        eventId: eventId.rows[0]?.event_id,
      });
      expect(report.checked).toBe(6);
    });

    it('an edit that also recomputes that row’s hash passes the walk: only checkpoints can find it', async () => {
      const target = positions[5] ?? 0n;
      const row = await env.sql.query<{
        event_id: string;
        stream_type: string;
        stream_id: string;
        stream_version: number;
        event_type: string;
        data: JsonObject;
        metadata: JsonObject;
        occurred_at: Date;
        recorded_at: Date;
        namespace: string;
      }>(`SELECT * FROM events WHERE global_position = $1`, [String(target)]);
      const original = row.rows[0];
      if (original === undefined) throw new Error('no row to tamper with');
      const data = { ...original.data, summary: 'forged' };
      const forgedHash = eventHash({
        position: target,
        namespace: original.namespace,
        eventId: original.event_id,
        streamType: original.stream_type,
        streamId: original.stream_id,
        streamVersion: original.stream_version,
        type: original.event_type,
        data,
        metadata: original.metadata,
        occurredAt: original.occurred_at,
        recordedAt: original.recorded_at,
      });
      await bypassingTriggers(env.sql, [
        {
          text: `UPDATE events SET data = $1, hash = $2 WHERE global_position = $3`,
          values: [JSON.stringify(data), forgedHash, String(target)],
        },
      ]);
      // Each row's hash covers that row alone: the walk finds every row consistent with itself.
      expect(await verify(env)).toMatchObject({ ok: true, checked: EVENTS });
    });

    it('a deleted middle row passes the walk (positions may have gaps): only checkpoints can find it', async () => {
      await bypassingTriggers(env.sql, [`DELETE FROM events WHERE global_position = ${middle()}`]);
      expect(await verify(env)).toMatchObject({ ok: true, checked: EVENTS - 1 });
    });

    it('two rows swapped (reordered) are found at the first of them', async () => {
      const a = String(positions[3]);
      const b = String(positions[8]);
      await bypassingTriggers(env.sql, [
        `UPDATE events SET global_position = -1 WHERE global_position = ${a}`,
        `UPDATE events SET global_position = ${a} WHERE global_position = ${b}`,
        `UPDATE events SET global_position = ${b} WHERE global_position = -1`,
      ]);
      expect(await countRows(env.sql, 'events')).toBe(EVENTS);
      const report = await verify(env);
      expect(report.ok).toBe(false);
      expect(report.firstBreak?.position).toBe(a);
      expect(['broken_link', 'hash_mismatch']).toContain(report.firstBreak?.kind);
    });

    it('two adjacent rows with their contents swapped are found at the first of them', async () => {
      const a = String(positions[4]);
      const b = String(positions[5]);
      const content = `event_id, stream_type, stream_id, stream_version, event_type, data, metadata, occurred_at,
                       recorded_at, prev_hash, hash, namespace`;
      await bypassingTriggers(env.sql, [
        `CREATE TEMP TABLE swap AS SELECT global_position, ${content} FROM events WHERE global_position IN (${a}, ${b})`,
        `DELETE FROM events WHERE global_position IN (${a}, ${b})`,
        `INSERT INTO events (global_position, ${content})
           SELECT CASE global_position WHEN ${a} THEN ${b} ELSE ${a} END, ${content} FROM swap`,
      ]);
      const moved = await env.sql.query<{ p: string }>(
        `SELECT global_position AS p FROM events WHERE event_id = 'audit-b-e1'`,
      );
      expect(moved.rows[0]?.p).toBe(b);
      const report = await verify(env);
      expect(report.ok).toBe(false);
      expect(report.firstBreak?.position).toBe(a);
    });

    it('a deleted last row passes the walk (nothing records the end any more): only checkpoints can find it', async () => {
      await bypassingTriggers(env.sql, [`DELETE FROM events WHERE global_position = ${last()}`]);
      expect(await verify(env)).toMatchObject({ ok: true, checked: EVENTS - 1 });
    });

    it('a row appended with a made-up hash is found at once, and still after the next append', async () => {
      // Its position drawn as the store's appenders draw theirs.
      const drawn = await env.sql.query<{ p: string }>(`SELECT (events_allocate_positions(1))[1]::text AS p`);
      const position = BigInt(drawn.rows[0]?.p ?? '0');
      const forged = {
        position,
        eventId: 'forged-e0',
        streamType: 'change',
        streamId: 'audit-a',
        streamVersion: 4,
        type: 'ChangeEventRecorded',
        data: { ...lifecycle('audit-a', Date.parse(at(0)))[4], eventId: 'forged-e0' } as JsonObject,
        metadata: { receivedVia: 'http', publishedBy: 'argo' },
        occurredAt: new Date(at(6 * MINUTE)),
        recordedAt: new Date(),
      };
      // No trigger stands in the way of an INSERT. One carrying its correct hash is an append like any
      // other (who may insert is the database role's business); a made-up hash is found.
      await env.sql.query(
        `INSERT INTO events (global_position, event_id, stream_type, stream_id, stream_version, event_type, data,
                             metadata, occurred_at, recorded_at, prev_hash, hash, namespace)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'argo-cd')`,
        [
          String(position),
          forged.eventId,
          forged.streamType,
          forged.streamId,
          forged.streamVersion,
          forged.type,
          JSON.stringify(forged.data),
          JSON.stringify(forged.metadata),
          forged.occurredAt,
          forged.recordedAt,
          null,
          eventHash({ ...forged, namespace: 'argo-cd', data: {} }),
        ],
      );
      const before = await verify(env);
      expect(before).toMatchObject({
        ok: false,
        firstBreak: { kind: 'hash_mismatch', position: String(position) },
      });
      await publish(env.app, lifecycle('audit-e', Date.parse(at(0))).slice(0, 1));
      expect(await verify(env)).toMatchObject({
        ok: false,
        firstBreak: { kind: 'hash_mismatch', position: String(position) },
      });
    });

    it('an emptied store passes the walk: only checkpoints can find it', async () => {
      await bypassingTriggers(env.sql, ['DELETE FROM events']);
      expect(await verify(env)).toMatchObject({ ok: true, checked: 0 });
    });
  });
});

import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'pg';
import { hashedEventOf, type AuditEventView } from '../../src/event-store/domain/audit-event';
import { checkCheckpoint, trustedKeys, type Checkpoint } from '../../src/event-store/domain/checkpoint';
import { verifyAgainstHeldCheckpoints } from '../../src/event-store/domain/checkpoint-verification';
import { eventHash } from '../../src/event-store/domain/event-hash';
import { verifyEvidenceBundle, type EvidenceBundle } from '../../src/event-store/domain/evidence-bundle';
import { verifyConsistency, verifyInclusion } from '../../src/event-store/domain/merkle-tree';
import type { JsonObject } from '../../src/event-store/domain/stored-event';
import { readCheckpointDirectory } from '../../src/event-store/checkpoints/checkpoint-targets';
import type { InclusionProofView } from '../../src/event-store/checkpoints/audit-proofs';
import type { PublicKeysView } from '../../src/event-store/http/audit.controller';
import type { VerifyReport } from '../../src/event-store/postgres-event-store';
import { KEYS } from '../support/app';
import { at, get, lifecycle, publish, startEnv, type Env } from './fixtures';

/**
 * Signed checkpoints anchored outside the database: the service seals the events into a Merkle tree and
 * publishes signed checkpoints to an append-only directory; a verifier that holds those files and the
 * public key finds what someone with full database access (but not the key) changed, which the
 * walk of GET /v1/audit/verify cannot, and an evidence bundle verifies offline.
 */
async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in ${ms} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs statements as the table's owner with the append-only trigger off, then turns it back on. */
async function asOwnerWithoutTrigger(
  sql: Client,
  statements: readonly { text: string; values?: unknown[] }[],
) {
  await sql.query('ALTER TABLE events DISABLE TRIGGER events_append_only');
  try {
    for (const statement of statements) await sql.query(statement.text, statement.values);
  } finally {
    await sql.query('ALTER TABLE events ENABLE TRIGGER events_append_only');
  }
}

describe('signed checkpoints held outside the database', () => {
  let env: Env;
  let publishedDir: string;
  let heldDir: string;
  let publicKey: PublicKeysView;

  const held = (): Checkpoint[] => readCheckpointDirectory(heldDir);
  const trusted = () => trustedKeys([publicKey.publicKey]);
  const readEvents = async (after: string, limit: number): Promise<AuditEventView[]> =>
    (
      (
        await get(
          env.app,
          `/v1/audit/events?${after === '0' ? '' : `after=${after}&`}limit=${limit}`,
          KEYS.admin,
        ).expect(200)
      ).body as {
        events: AuditEventView[];
      }
    ).events;
  const walk = async (): Promise<VerifyReport> =>
    (await get(env.app, '/v1/audit/verify', KEYS.admin).expect(200)).body as VerifyReport;
  const latestSize = async (): Promise<number> => {
    const res = await get(env.app, '/v1/audit/checkpoints', '');
    return res.status === 200 ? (res.body as Checkpoint).treeSize : 0;
  };

  beforeEach(async () => {
    publishedDir = mkdtempSync(path.join(tmpdir(), 'checkpoints-'));
    heldDir = mkdtempSync(path.join(tmpdir(), 'held-'));
    env = await startEnv({ AUDIT_CHECKPOINT_DIR: publishedDir, AUDIT_MAX_SEAL_DELAY_SECONDS: '1' });
    publicKey = (await get(env.app, '/v1/audit/public-key', '').expect(200)).body as PublicKeysView;
    // Two rounds, so that there are two checkpoints: 6 events, then 6 more.
    await publish(
      env.app,
      ['a', 'b'].flatMap((c, i) => lifecycle(`cp-${c}`, Date.parse(at(i))).slice(0, 3)),
    );
    await until(latestSize, (size) => size === 6);
    await publish(
      env.app,
      ['c', 'd'].flatMap((c, i) => lifecycle(`cp-${c}`, Date.parse(at(i))).slice(0, 3)),
    );
    await until(latestSize, (size) => size === 12);
    await until(
      () => Promise.resolve(readdirSync(publishedDir).length),
      (files) => files === 2,
    );
    // The verifier's own copy of what was published, taken before anyone tampers.
    cpSync(publishedDir, heldDir, { recursive: true });
  });

  afterEach(async () => {
    await env.close();
    rmSync(publishedDir, { recursive: true, force: true });
    rmSync(heldDir, { recursive: true, force: true });
  });

  it('publishes signed checkpoints to the directory, one file per tree size, as the API serves them', async () => {
    const files = held();
    expect(files.map((c) => c.treeSize)).toEqual([6, 12]);
    for (const checkpoint of files) {
      expect(checkCheckpoint(checkpoint, trusted())).toBeUndefined();
      expect(checkpoint.keyId).toBe(publicKey.keyId);
      const served = (
        await get(env.app, `/v1/audit/checkpoints?treeSize=${checkpoint.treeSize}`, '').expect(200)
      ).body as Checkpoint;
      expect(served).toEqual(checkpoint);
    }
    // A checkpoint signed by another key, or with another root, is not trusted.
    const forged = { ...files[1], rootHash: 'ab'.repeat(32) } as Checkpoint;
    expect(checkCheckpoint(forged, trusted())).toBe('bad_signature');
    expect(checkCheckpoint(files[1] as Checkpoint, trustedKeys([]))).toBe('unknown_key');
  });

  it('proves an event’s inclusion, and consistency between two checkpoints', async () => {
    const [first, second] = held() as [Checkpoint, Checkpoint];
    const proof = (await get(env.app, '/v1/audit/proof/argo-cd/cp-a-e1?treeSize=12').expect(200))
      .body as InclusionProofView;
    const leaf = eventHash(hashedEventOf(proof.event));
    expect(proof.leafHash).toBe(leaf);
    const root = Buffer.from(second.rootHash, 'hex');
    const path_ = proof.proof.map((p) => Buffer.from(p, 'hex'));
    expect(verifyInclusion(proof.leafIndex, 12, Buffer.from(leaf, 'hex'), path_, root)).toBe(true);
    expect(
      verifyInclusion(
        proof.leafIndex,
        12,
        Buffer.from(leaf, 'hex'),
        path_,
        Buffer.from(first.rootHash, 'hex'),
      ),
    ).toBe(false);
    const consistency = (await get(env.app, '/v1/audit/consistency?from=6&to=12').expect(200)).body as {
      proof: string[];
    };
    const hashes = consistency.proof.map((p) => Buffer.from(p, 'hex'));
    const rootOf = (c: Checkpoint) => Buffer.from(c.rootHash, 'hex');
    expect(verifyConsistency(6, 12, rootOf(first), rootOf(second), hashes)).toBe(true);
    expect(verifyConsistency(6, 12, rootOf(second), rootOf(second), hashes)).toBe(false);
    // Bad or impossible requests are 4xx naming the problem.
    await get(env.app, '/v1/audit/consistency?from=12&to=6').expect(400);
    await get(env.app, '/v1/audit/consistency?from=1&to=13').expect(404);
    await get(env.app, '/v1/audit/proof/argo-cd/cp-a-e1?treeSize=7').expect(404);
    await get(env.app, '/v1/audit/proof/argo-cd/no-such-event').expect(404);
    await get(env.app, '/v1/audit/proof/argo-cd/cp-c-e1?treeSize=6').expect(409);
  });

  it('the held checkpoints verify the untouched database, incrementally from the last verified one', async () => {
    const full = await verifyAgainstHeldCheckpoints(held(), trusted(), undefined, readEvents);
    expect(full).toMatchObject({ ok: true, eventsChecked: 12, checkpointsVerified: 2, verifiedTreeSize: 12 });
    await publish(env.app, lifecycle('cp-e', Date.parse(at(0))).slice(0, 2));
    await until(latestSize, (size) => size === 14);
    await until(
      () => Promise.resolve(readdirSync(publishedDir).length),
      (files) => files === 3,
    );
    const next = await verifyAgainstHeldCheckpoints(
      readCheckpointDirectory(publishedDir),
      trusted(),
      full.state,
      readEvents,
    );
    // Only the two new events are read.
    expect(next).toMatchObject({ ok: true, eventsChecked: 2, checkpointsVerified: 1, verifiedTreeSize: 14 });
  });

  it('tamper: an owner edits an event and re-hashes it; the walk says ok, the held checkpoints do not', async () => {
    const target = await env.sql.query<{
      global_position: string;
      namespace: string;
      event_id: string;
      stream_type: string;
      stream_id: string;
      stream_version: number;
      event_type: string;
      data: JsonObject;
      metadata: JsonObject;
      occurred_at: Date;
      recorded_at: Date;
    }>(`SELECT * FROM events WHERE namespace = 'argo-cd' AND event_id = 'cp-b-e2'`);
    const row = target.rows[0];
    if (row === undefined) throw new Error('no event to tamper with');
    const data = { ...row.data, summary: 'nothing happened here' };
    const forgedHash = eventHash({
      position: BigInt(row.global_position),
      namespace: row.namespace,
      eventId: row.event_id,
      streamType: row.stream_type,
      streamId: row.stream_id,
      streamVersion: row.stream_version,
      type: row.event_type,
      data,
      metadata: row.metadata,
      occurredAt: row.occurred_at,
      recordedAt: row.recorded_at,
    });
    await asOwnerWithoutTrigger(env.sql, [
      {
        text: `UPDATE events SET data = $1, hash = $2 WHERE global_position = $3`,
        values: [JSON.stringify(data), forgedHash, row.global_position],
      },
      // ... and covers the tracks in the sealed tree as well.
      {
        text: `UPDATE audit_leaf_pages
                  SET hashes = overlay(hashes PLACING decode($1, 'hex')
                                       FROM (array_position(positions, $2::bigint) - 1) * 32 + 1)
                WHERE $2::bigint = ANY(positions)`,
        values: [forgedHash, row.global_position],
      },
    ]);
    expect(await walk()).toMatchObject({ ok: true, checked: 12 });
    // The sealed leaf was rewritten too: the database's own proofs now serve the forged hash.
    const served = await get(env.app, '/v1/audit/proof/argo-cd/cp-b-e2').expect(200);
    expect((served.body as { leafHash: string }).leafHash).toBe(forgedHash);
    const report = await verifyAgainstHeldCheckpoints(held(), trusted(), undefined, readEvents);
    expect(report.ok).toBe(false);
    expect(report.verifiedTreeSize).toBe(0);
    expect(report.problems).toEqual([expect.stringMatching(/do not give the root of checkpoint 6/)]);
  });

  it('tamper: an owner deletes an event; the walk says ok, the held checkpoints do not', async () => {
    await asOwnerWithoutTrigger(env.sql, [
      { text: `DELETE FROM events WHERE namespace = 'argo-cd' AND event_id = 'cp-c-e2'` },
    ]);
    expect(await walk()).toMatchObject({ ok: true, checked: 11 });
    const report = await verifyAgainstHeldCheckpoints(held(), trusted(), undefined, readEvents);
    expect(report).toMatchObject({ ok: false, verifiedTreeSize: 6 });
    expect(report.problems.join('\n')).toMatch(
      /checkpoint 12 .*events were removed|do not give the root of checkpoint 12/,
    );
  });

  it('an evidence bundle verifies offline with the public key alone; a modified one does not', async () => {
    const bundle = (await get(env.app, '/v1/audit/evidence/change/argo-cd/cp-a').expect(200))
      .body as EvidenceBundle;
    expect(bundle.events.map((e) => e.event.eventId)).toEqual(['cp-a-e0', 'cp-a-e1', 'cp-a-e2']);
    const file = path.join(heldDir, 'bundle.json');
    writeFileSync(file, JSON.stringify(bundle));
    expect(verifyEvidenceBundle(bundle, trusted())).toEqual([]);

    const edited = structuredClone(bundle) as EvidenceBundle & { events: { event: { data: JsonObject } }[] };
    (edited.events[1] as { event: { data: JsonObject } }).event.data = {
      ...bundle.events[1]?.event.data,
      phase: 'failed',
    };
    expect(verifyEvidenceBundle(edited, trusted())).toEqual([
      expect.stringMatching(/cp-a-e1.*do not give the root/),
    ]);
    const otherRoot = { ...bundle, checkpoint: { ...bundle.checkpoint, rootHash: '00'.repeat(32) } };
    expect(verifyEvidenceBundle(otherRoot, trusted())).toContain('checkpoint 12: bad_signature');
    expect(verifyEvidenceBundle(bundle, trustedKeys([]))).toContain('checkpoint 12: unknown_key');
    await get(env.app, '/v1/audit/evidence/change/argo-cd/no-such-change').expect(404);
  });
});

describe('a publish target that is down', () => {
  it('sealing goes on; readiness says degraded (still 200) and the lag shows on /metrics', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blocked-'));
    const blocked = path.join(dir, 'checkpoints');
    writeFileSync(blocked, 'a file where the directory should be');
    const env = await startEnv({ AUDIT_CHECKPOINT_DIR: blocked, AUDIT_MAX_SEAL_DELAY_SECONDS: '1' });
    try {
      await publish(env.app, lifecycle('down-a', Date.parse(at(0))).slice(0, 2));
      await until(
        async () => (await get(env.app, '/v1/audit/checkpoints', '')).status,
        (status) => status === 200,
      );
      const ready = await until(
        async () => {
          const res = await get(env.app, '/health/ready', KEYS.admin);
          return res;
        },
        (res) =>
          /is [1-9]\d* s behind/.test(
            String((res.body as { checks: Record<string, string> }).checks['audit-checkpoints']),
          ),
      );
      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        status: 'ok',
        checks: {
          'audit-checkpoints': expect.stringMatching(
            /^degraded: directory is \d+ s behind: .*(ENOTDIR|EEXIST)/,
          ) as unknown,
        },
      });
      expect((await get(env.app, '/health/ready', '').expect(200)).body).toMatchObject({
        checks: { 'audit-checkpoints': 'degraded' },
      });
      const metrics = (await get(env.app, '/metrics', KEYS.admin).expect(200)).text;
      const lag = /change_audit_checkpoint_publish_lag_seconds\{target="directory"\} ([\d.e+-]+)/.exec(
        metrics,
      );
      expect(Number(lag?.[1])).toBeGreaterThan(0);
    } finally {
      await env.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

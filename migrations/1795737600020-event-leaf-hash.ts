import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events stop being chained: a new row's hash is the RFC 9162 leaf hash of its own canonical bytes
 * (position and namespace included) and its `prev_hash` is NULL, so an append no longer needs the hash
 * of the event before it. The Merkle tree over the events, sealed into signed checkpoints, links them.
 *
 * Rows written before keep their `prev_hash` and chained `hash` (nothing stored is rewritten): a non-NULL
 * `prev_hash` is the marker of the legacy rule. The head's last hash becomes the recorded end of that
 * legacy chain (its position beside it), so a walk still finds a legacy row removed from its end; appends
 * stop writing it.
 */
export class EventLeafHash1795737600020 implements MigrationInterface {
  name = 'EventLeafHash1795737600020';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ALTER COLUMN prev_hash DROP NOT NULL`);
    await q.query(`ALTER TABLE event_store_head RENAME COLUMN last_hash TO legacy_chain_hash`);
    await q.query(`ALTER TABLE event_store_head ADD COLUMN legacy_chain_end bigint`);
    await q.query(`UPDATE event_store_head SET legacy_chain_end = last_position`);
    await q.query(`ALTER TABLE event_store_head ALTER COLUMN legacy_chain_end SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Rows of the leaf rule cannot be expressed in the chain rule: going back is refused once one exists.
    const leafRows = (await q.query(`SELECT count(*)::text AS n FROM events WHERE prev_hash IS NULL`)) as {
      n: string;
    }[];
    if (leafRows[0]?.n !== '0') throw new Error('events of the leaf-hash rule exist: cannot revert');
    await q.query(`ALTER TABLE event_store_head DROP COLUMN legacy_chain_end`);
    await q.query(`ALTER TABLE event_store_head RENAME COLUMN legacy_chain_hash TO last_hash`);
    await q.query(`ALTER TABLE events ALTER COLUMN prev_hash SET NOT NULL`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appends stop taking the head row. Positions come from the sequence as each appender needs them, so
 * appenders run in parallel, and a lower position may now commit after a higher one. Readers by position
 * stop at the readable position instead (PostgresEventStore.readablePosition): the sequence's value once
 * every transaction that could hold a position up to it has ended. The head trigger and the head's
 * position go; `event_store_head` keeps the end of the legacy hash chain only.
 */
export class ConcurrentAppends1795737600030 implements MigrationInterface {
  name = 'ConcurrentAppends1795737600030';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER events_advance_head ON events`);
    await q.query(`DROP FUNCTION events_advance_head()`);
    await q.query(`ALTER TABLE event_store_head DROP COLUMN last_position`);
    // Positions for an append: the transaction takes its id first, then draws them (in one round trip).
    // Readers rely on that order (PostgresEventStore.readablePosition); a writer that draws positions
    // itself must keep it too.
    await q.query(`
      CREATE FUNCTION events_allocate_positions(n integer) RETURNS bigint[] LANGUAGE plpgsql VOLATILE AS $$
      BEGIN
        -- Shared with every other appender; a rebuild takes it exclusively (PostgresEventStore.holdAppends).
        PERFORM pg_advisory_xact_lock_shared(1634758764);
        PERFORM pg_current_xact_id();
        RETURN ARRAY(SELECT nextval('events_global_position_seq') AS p FROM generate_series(1, n) ORDER BY p);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION events_allocate_positions(integer)`);
    await q.query(`ALTER TABLE event_store_head ADD COLUMN last_position bigint`);
    await q.query(
      `UPDATE event_store_head SET last_position = (SELECT coalesce(max(global_position), 0) FROM events)`,
    );
    await q.query(`ALTER TABLE event_store_head ALTER COLUMN last_position SET NOT NULL`);
    await q.query(`
      CREATE FUNCTION events_advance_head() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        head bigint;
        lowest bigint;
        highest bigint;
      BEGIN
        SELECT min(global_position), max(global_position) INTO lowest, highest FROM appended;
        IF lowest IS NULL THEN
          RETURN NULL;
        END IF;
        SELECT last_position INTO head FROM event_store_head WHERE id = 1 FOR UPDATE;
        IF lowest <= head THEN
          RAISE EXCEPTION 'events must be appended past the head: position % is not after %', lowest, head
            USING ERRCODE = 'serialization_failure';
        END IF;
        UPDATE event_store_head SET last_position = highest WHERE id = 1;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_advance_head AFTER INSERT ON events
      REFERENCING NEW TABLE AS appended
      FOR EACH STATEMENT EXECUTE FUNCTION events_advance_head()`);
  }
}

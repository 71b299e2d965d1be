import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only, hash-chained event store, and the bookkeeping that makes ingest exactly-once:
 * Kafka offsets and rejected messages live in the same database, written in the same transaction.
 */
export class EventStore1795737600000 implements MigrationInterface {
  name = 'EventStore1795737600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE events_global_position_seq AS bigint`);
    // data and metadata are json, not jsonb: kept as the text written, and about twice as cheap to
    // insert; the audit store is read whole, and read models index what queries need.
    await q.query(`
      CREATE TABLE events (
        global_position bigint PRIMARY KEY,
        transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
        event_id text NOT NULL,
        stream_type text NOT NULL,
        stream_id text NOT NULL,
        stream_version integer NOT NULL CHECK (stream_version > 0),
        event_type text NOT NULL,
        data json NOT NULL,
        metadata json NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL,
        CONSTRAINT events_event_id_unique UNIQUE (event_id),
        CONSTRAINT events_stream_version_unique UNIQUE (stream_type, stream_id, stream_version)
      )`);
    await q.query(`ALTER SEQUENCE events_global_position_seq OWNED BY events.global_position`);
    await q.query(`
      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the event store is append-only: % on events is refused', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_refuse_change()`);
    await q.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()`);

    // One row: the last position and hash. Appenders lock it, which serialises the chain, and
    // verification compares the chain's end with it, which catches a removed tail.
    await q.query(`
      CREATE TABLE event_store_head (
        id smallint PRIMARY KEY CHECK (id = 1),
        last_position bigint NOT NULL,
        last_hash char(64) NOT NULL
      )`);
    await q.query(
      `INSERT INTO event_store_head (id, last_position, last_hash) VALUES (1, 0, repeat('0', 64))`,
    );

    // The head is the store's high-water mark: every position at or below it is committed. The database
    // enforces that for any writer, not only ours: each INSERT statement takes the head lock (held to
    // commit), must land strictly past the head, and moves it. A lower position can therefore never
    // commit after a higher one, and readers need no snapshot tricks (see PostgresEventStore.readAll).
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
            USING ERRCODE = 'serialization_failure',
                  HINT = 'take the append lock (SELECT ... FROM event_store_head FOR UPDATE) before nextval';
        END IF;
        UPDATE event_store_head SET last_position = highest WHERE id = 1;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_advance_head AFTER INSERT ON events
      REFERENCING NEW TABLE AS appended
      FOR EACH STATEMENT EXECUTE FUNCTION events_advance_head()`);

    await q.query(`
      CREATE TABLE kafka_consumer_offsets (
        group_id text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        next_offset bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, topic, partition)
      )`);

    await q.query(`
      CREATE TABLE rejected_messages (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        message_key text,
        reason text NOT NULL,
        errors jsonb NOT NULL,
        payload_preview text,
        payload_bytes integer NOT NULL,
        rejected_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rejected_messages_source_unique UNIQUE (topic, partition, "offset")
      )`);

    await q.query(`
      CREATE TABLE projection_checkpoints (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_checkpoints`);
    await q.query(`DROP TABLE rejected_messages`);
    await q.query(`DROP TABLE kafka_consumer_offsets`);
    await q.query(`DROP TABLE event_store_head`);
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION events_refuse_change()`);
    await q.query(`DROP FUNCTION events_advance_head()`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ChangeTimelineProjection } from '../src/changes/infrastructure/change-timeline.projection';
import { PostgresEventStore } from '../src/event-store/postgres-event-store';

/** Event types whose ids the service derives: always `$`-prefixed from now on (see serviceEventId). */
const SERVICE_EVENT_TYPES = [
  'AlertEventRecorded',
  'FreezeViolationDetected',
  'FreezeViolationExcused',
  'SuspectsRanked',
  'SuspectVerdictRecorded',
  'TopologyReplaced',
  'FreezeWindowDeclared',
  'FreezeWindowAmended',
  'FreezeWindowLifted',
  'FreezeWindowCancelled',
  'OverrideGrantIssued',
  'OverrideGrantUsed',
  'OverrideGrantRevoked',
];
const SERVICE_STREAM_TYPES = ['topology', 'freeze-window', 'override-grant'];
const sqlList = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * Source-scoped identity. Every event gets a `namespace`, the owner of its stream: the publishing source
 * for change and alert streams, `$service` for the service's own streams. Event ids and stream versions
 * become unique per namespace, so one source can neither pre-empt another's event id nor write into its
 * change. Constraints tie the namespace to the hashed data, so the hash chain is untouched (the namespace
 * is not hashed) and every stored row still verifies.
 *
 * The change timeline is keyed by (source, change_id) and rebuilt here from the store: a changeId two
 * sources shared was one merged row, and becomes one row per source. Freeze checks and verdicts take the
 * source of the change they are about.
 */
export class SourceIdentity1795737600007 implements MigrationInterface {
  name = 'SourceIdentity1795737600007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE events ADD COLUMN namespace text`);
    // The one sanctioned rewrite of stored rows: a column the hash does not cover, filled from the fields
    // it does. The append-only trigger is off for this statement only, inside the migration's transaction.
    await q.query(`ALTER TABLE events DISABLE TRIGGER events_append_only`);
    await q.query(`
      UPDATE events e SET namespace = CASE
        WHEN e.event_type IN ('ChangeEventRecorded', 'AlertEventRecorded') THEN e.data->>'source'
        WHEN e.stream_type = 'alert' THEN split_part(e.stream_id, ':', 2)
        WHEN e.stream_type = 'change' THEN coalesce(
          (SELECT c.data->>'source' FROM events c
            WHERE c.stream_type = 'change' AND c.stream_id = e.stream_id AND c.event_type = 'ChangeEventRecorded'
              AND c.global_position < e.global_position
            ORDER BY c.global_position DESC LIMIT 1),
          '$service')
        ELSE '$service'
      END`);
    await q.query(`ALTER TABLE events ENABLE TRIGGER events_append_only`);
    await q.query(`ALTER TABLE events ALTER COLUMN namespace SET NOT NULL`);

    await q.query(`ALTER TABLE events DROP CONSTRAINT events_event_id_unique`);
    await q.query(`ALTER TABLE events DROP CONSTRAINT events_stream_version_unique`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_event_id_unique UNIQUE (namespace, event_id)`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_stream_version_unique
      UNIQUE (stream_type, namespace, stream_id, stream_version)`);
    // A change event lives in its own source's namespace, in the stream of its own changeId, under an id
    // its publisher chose (never `$`). Holds for every stored row, so it is validated.
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_change_event_identity CHECK (
      event_type <> 'ChangeEventRecorded'
      OR (stream_type = 'change' AND namespace = data->>'source' AND stream_id = data->>'changeId'
          AND left(event_id, 1) <> '$'))`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_alert_event_identity CHECK (
      event_type <> 'AlertEventRecorded' OR (stream_type = 'alert' AND namespace = data->>'source'))`);
    // The service's namespace is the service's streams', and nothing else's.
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_service_namespace CHECK (
      (namespace = '$service') = (stream_type IN (${sqlList(SERVICE_STREAM_TYPES)})))`);
    // Derived ids carry the `$` no publisher can send. Rows recorded before this migration carry the old,
    // unprefixed ids (and still verify): NOT VALID checks new rows only.
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_service_event_ids CHECK (
      event_type NOT IN (${sqlList(SERVICE_EVENT_TYPES)}) OR left(event_id, 1) = '$') NOT VALID`);

    await q.query(`ALTER TABLE suspect_verdicts ADD COLUMN change_source text`);
    await q.query(`UPDATE suspect_verdicts v SET change_source = coalesce(
      (SELECT c.source FROM changes c WHERE c.change_id = v.change_id), '')`);
    await q.query(`ALTER TABLE suspect_verdicts ALTER COLUMN change_source SET NOT NULL`);
    await q.query(`ALTER TABLE suspect_verdicts DROP CONSTRAINT suspect_verdicts_pkey`);
    await q.query(`ALTER TABLE suspect_verdicts ADD PRIMARY KEY (alert_key, change_source, change_id)`);

    await q.query(`ALTER TABLE freeze_checks ADD COLUMN source text`);
    await q.query(`UPDATE freeze_checks f SET source = e.namespace FROM events e
      WHERE e.global_position = f.position`);
    await q.query(`ALTER TABLE freeze_checks ALTER COLUMN source SET NOT NULL`);
    await q.query(`ALTER TABLE freeze_checks DROP CONSTRAINT freeze_checks_pkey`);
    await q.query(`ALTER TABLE freeze_checks ADD PRIMARY KEY (source, change_id)`);

    await q.query(`ALTER TABLE changes DROP CONSTRAINT changes_pkey`);
    await q.query(`ALTER TABLE changes ADD PRIMARY KEY (source, change_id)`);
    // The candidates' narrowing stays index-only now that a change is addressed by (source, change_id).
    await q.query(`DROP INDEX changes_candidates`);
    await q.query(
      `CREATE INDEX changes_candidates ON changes (environment, service, timeline_at)
         INCLUDE (is_rollback, finished_at, last_event_at, change_id, source)`,
    );
    await rebuildChanges(q);

    // Kafka mode: what became of each consumed event, for its publisher to look up (see docs/operations.md).
    await q.query(`
      CREATE TABLE ingest_outcomes (
        namespace text NOT NULL,
        event_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('stored', 'duplicate', 'conflict', 'rejected')),
        reason text,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (namespace, event_id, topic, partition, "offset")
      )`);
    await q.query(`CREATE INDEX ingest_outcomes_recorded_at ON ingest_outcomes (recorded_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingest_outcomes`);
    await q.query(`ALTER TABLE changes DROP CONSTRAINT changes_pkey`);
    await q.query(`ALTER TABLE changes ADD PRIMARY KEY (change_id)`);
    await q.query(`ALTER TABLE freeze_checks DROP CONSTRAINT freeze_checks_pkey`);
    await q.query(`ALTER TABLE freeze_checks ADD PRIMARY KEY (change_id)`);
    await q.query(`ALTER TABLE freeze_checks DROP COLUMN source`);
    await q.query(`ALTER TABLE suspect_verdicts DROP CONSTRAINT suspect_verdicts_pkey`);
    await q.query(`ALTER TABLE suspect_verdicts ADD PRIMARY KEY (alert_key, change_id)`);
    await q.query(`ALTER TABLE suspect_verdicts DROP COLUMN change_source`);
    for (const name of [
      'events_service_event_ids',
      'events_service_namespace',
      'events_alert_event_identity',
      'events_change_event_identity',
      'events_stream_version_unique',
      'events_event_id_unique',
    ]) {
      await q.query(`ALTER TABLE events DROP CONSTRAINT ${name}`);
    }
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_event_id_unique UNIQUE (event_id)`);
    await q.query(`ALTER TABLE events ADD CONSTRAINT events_stream_version_unique
      UNIQUE (stream_type, stream_id, stream_version)`);
    await q.query(`ALTER TABLE events DISABLE TRIGGER events_append_only`);
    await q.query(`ALTER TABLE events DROP COLUMN namespace`);
    await q.query(`ALTER TABLE events ENABLE TRIGGER events_append_only`);
  }
}

/** The change timeline, replayed from the store into its new key (as POST /v1/projections/…/rebuild). */
async function rebuildChanges(q: QueryRunner): Promise<void> {
  const store = new PostgresEventStore(q.connection);
  const timeline = new ChangeTimelineProjection();
  const tx = q.manager;
  await store.holdAppends(tx);
  await timeline.truncate(tx);
  let after = 0n;
  for (;;) {
    const page = await store.readInTransaction(tx, { streamType: 'change' }, after, 5_000);
    const last = page[page.length - 1];
    if (last === undefined) break;
    await timeline.apply(tx, page);
    after = last.position;
  }
}

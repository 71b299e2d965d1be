import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { IngestedChanges, InlineChangeProjection } from '../../changes/inline-change-projections';
import { InlineChangeProjections } from '../../changes/inline-change-projections';
import { CHANGE_STREAM } from '../../changes/domain/change-stream';
import { serviceEventId, type JsonObject, type StoredEvent } from '../../event-store/domain/stored-event';
import { EventStore } from '../../event-store/event-store';
import {
  checkStartedChange,
  freezeCheckEventId,
  freezeCheckEventType,
  type FreezeCheck,
} from '../domain/freeze-check';
import { FreezeWindowRegistry } from './freeze-window-registry';
import { OverrideAuthorityService } from './override-authority';

/**
 * Checks every change whose events are ingested against the freeze windows, inside the ingest
 * transaction: a change that started while a freeze applied to it gets its freeze check appended to its
 * own stream (once: the event id is derived from the change id) and written to the freeze_checks read
 * model. Changes the freeze allowed record nothing and are checked again with their next event, since a
 * late event can move their start.
 */
@Injectable()
export class FreezeCheckRecorder implements InlineChangeProjection, OnModuleInit {
  readonly name = 'freeze-checks';

  constructor(
    private readonly registry: FreezeWindowRegistry,
    private readonly store: EventStore<EntityManager>,
    private readonly overrides: OverrideAuthorityService,
    projections: InlineChangeProjections,
  ) {
    projections.register(this);
  }

  /** Every module is initialised before any consumer starts: load the windows before the first check. */
  async onModuleInit(): Promise<void> {
    await this.registry.reload();
  }

  async project({ tx, changeViews }: IngestedChanges): Promise<void> {
    const windows = this.registry.all();
    if (windows.length === 0) return;
    const started = (await changeViews()).filter((c) => c.startedAt !== null);
    if (started.length === 0) return;
    const checked = await alreadyChecked(tx, started);
    const now = new Date();
    const checks: { source: string; check: FreezeCheck }[] = [];
    for (const change of started.filter((c) => !checked.has(changeKey(c.source, c.changeId)))) {
      // Unverified, an override counts for nothing (the contract lets no event carry an `authority`);
      // a change the freeze allows anyway needs no more.
      const unverified = checkStartedChange(windows, change, now);
      if (unverified === undefined) continue;
      if (change.override === null) {
        checks.push({ source: change.source, check: unverified });
        continue;
      }
      // The override's authority, from stored facts only (a key's recorded use, or a grant).
      const authority = await this.overrides.ofIngestedOverride(tx, change.override, change, now);
      const check = checkStartedChange(
        windows,
        { ...change, override: { ...change.override, authority } },
        now,
      );
      if (check !== undefined) checks.push({ source: change.source, check });
    }
    if (checks.length === 0) return;
    const { appended } = await this.store.append(
      tx,
      checks.map(({ source, check }) => ({
        // Into the change's own stream, in its source's namespace, under an id no publisher can send.
        namespace: source,
        eventId: serviceEventId(freezeCheckEventId(check.changeId)),
        streamType: CHANGE_STREAM,
        streamId: check.changeId,
        type: freezeCheckEventType(check),
        data: check as unknown as JsonObject,
        metadata: { detectedBy: 'freeze-check' },
        occurredAt: new Date(check.startedAt),
      })),
    );
    await writeFreezeChecks(tx, appended);
  }
}

function changeKey(source: string, changeId: string): string {
  return `${source}\u0000${changeId}`;
}

async function alreadyChecked(
  tx: EntityManager,
  changes: readonly { source: string; changeId: string }[],
): Promise<Set<string>> {
  const rows = await tx.query<{ source: string; change_id: string }[]>(
    `SELECT source, change_id FROM freeze_checks
      WHERE (source, change_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [changes.map((c) => c.source), changes.map((c) => c.changeId)],
  );
  return new Set(rows.map((r) => changeKey(r.source, r.change_id)));
}

/** Writes freeze-check events into the freeze_checks read model (also used to rebuild it). */
export async function writeFreezeChecks(tx: EntityManager, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const checks = events.map((e) => ({ event: e, check: e.data as unknown as FreezeCheck }));
  await tx.query(
    `INSERT INTO freeze_checks (source, change_id, outcome, started_at, service, environment, region, kind, check_state,
                                position, recorded_at)
     SELECT * FROM unnest($11::text[], $1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[],
                          $6::text[], $7::text[], $8::json[], $9::bigint[], $10::timestamptz[])
     ON CONFLICT (source, change_id) DO NOTHING`,
    [
      checks.map((c) => c.check.changeId),
      checks.map((c) => c.check.outcome),
      checks.map((c) => c.check.startedAt),
      checks.map((c) => c.check.change.service ?? null),
      checks.map((c) => c.check.change.environment),
      checks.map((c) => c.check.change.region ?? null),
      checks.map((c) => c.check.change.kind),
      checks.map((c) => JSON.stringify(c.check)),
      checks.map((c) => c.event.position.toString()),
      checks.map((c) => c.event.recordedAt.toISOString()),
      // The change's source: the namespace of the stream the check was appended to.
      checks.map((c) => c.event.namespace),
    ],
  );
}

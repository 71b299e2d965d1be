import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  SERVICE_NAMESPACE,
  serviceEventId,
  type JsonObject,
  type StoredEvent,
} from '../../event-store/domain/stored-event';
import { PostgresEventStore } from '../../event-store/postgres-event-store';
import type { FreezeWindow } from '../domain/freeze-window';
import {
  FREEZE_WINDOW_STREAM,
  foldFreezeWindow,
  type FreezeWindowEvent,
} from '../domain/freeze-window-stream';

/** The channel every instance listens on to refresh its in-memory windows. */
export const FREEZE_WINDOWS_CHANNEL = 'freeze_windows_changed';

/** JSON form of a window as kept in the read model (instants as ISO strings). */
export type StoredFreezeWindow = Omit<FreezeWindow, 'liftedAt'> & { liftedAt?: string };

export function toStoredWindow(window: FreezeWindow): StoredFreezeWindow {
  const { liftedAt, ...rest } = window;
  return liftedAt === undefined ? rest : { ...rest, liftedAt: liftedAt.toISOString() };
}

export function fromStoredWindow(stored: StoredFreezeWindow): FreezeWindow {
  const { liftedAt, ...rest } = stored;
  return { ...rest, liftedAt: liftedAt === undefined ? undefined : new Date(liftedAt) };
}

export class UnknownFreezeWindowError extends Error {
  override readonly name = 'UnknownFreezeWindowError';
}

/**
 * Appends one event to a window's stream and, in the same transaction, refolds the window into the
 * read model and notifies every instance (NOTIFY is delivered on commit).
 */
@Injectable()
export class FreezeWindowWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly store: PostgresEventStore,
  ) {}

  newId(): string {
    return randomUUID();
  }

  /**
   * `decide` sees the window's current state (undefined for a new id) and returns the event to append,
   * or throws to refuse the command.
   */
  async write(
    id: string,
    decide: (current: FreezeWindow | undefined) => FreezeWindowEvent,
  ): Promise<FreezeWindow> {
    return this.dataSource.transaction(async (tx) => {
      // The append lock serialises commands on the same window as well as the chain.
      await this.store.lockForAppend(tx);
      const history = await this.store.readStream(FREEZE_WINDOW_STREAM, SERVICE_NAMESPACE, id, tx);
      const current = foldFreezeWindow(id, history.map(asWindowEvent));
      const event = decide(current);
      const { appended } = await this.store.append(tx, [
        {
          namespace: SERVICE_NAMESPACE,
          eventId: serviceEventId(`freeze-window:${randomUUID()}`),
          streamType: FREEZE_WINDOW_STREAM,
          streamId: id,
          type: event.type,
          data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
          metadata: { by: event.data.by, receivedVia: 'http' },
          occurredAt: new Date(),
        },
      ]);
      const next = foldFreezeWindow(id, [...history.map(asWindowEvent), event]);
      if (next === undefined) throw new UnknownFreezeWindowError(`no freeze window ${id}`);
      const last = appended[appended.length - 1];
      if (last === undefined) throw new Error('unreachable: the event was not appended');
      await upsertFreezeWindowRow(tx, next, last);
      await tx.query(`SELECT pg_notify($1, $2)`, [FREEZE_WINDOWS_CHANNEL, id]);
      return next;
    });
  }
}

/** A stored event of a freeze-window stream, as the domain's fold reads it. */
export function asWindowEvent(stored: { type: string; data: JsonObject }): FreezeWindowEvent {
  return { type: stored.type, data: stored.data } as unknown as FreezeWindowEvent;
}

/**
 * Writes a window's read-model row, folded from its stream up to and including `last`. Every column
 * comes from the store (`updated_at` is when the last event was recorded), so a rebuild that folds the
 * same stream writes the same row.
 */
export async function upsertFreezeWindowRow(
  tx: EntityManager,
  window: FreezeWindow,
  last: Pick<StoredEvent, 'position' | 'streamVersion' | 'recordedAt'>,
): Promise<void> {
  await tx.query(
    `INSERT INTO freeze_windows (id, name, kind, window_state, cancelled, lifted_at, version, last_position, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind,
       window_state = EXCLUDED.window_state, cancelled = EXCLUDED.cancelled, lifted_at = EXCLUDED.lifted_at,
       version = EXCLUDED.version, last_position = EXCLUDED.last_position, updated_at = EXCLUDED.updated_at`,
    [
      window.id,
      window.name,
      window.kind,
      JSON.stringify(toStoredWindow(window)),
      window.cancelled,
      window.liftedAt?.toISOString() ?? null,
      last.streamVersion,
      last.position.toString(),
      last.recordedAt.toISOString(),
    ],
  );
}

import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  SERVICE_NAMESPACE,
  serviceEventId,
  type JsonObject,
  type StoredEvent,
} from '../../event-store/domain/stored-event';
import { EventStore, transactionOnStream } from '../../event-store/event-store';
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

/** Where a window's read-model row goes, in the transaction of the event it folds. */
export interface FreezeWindowRowSink<Tx> {
  save(tx: Tx, window: FreezeWindow, last: StoredEvent): Promise<void>;
}

/** The `freeze_windows` row, and a NOTIFY every instance refreshes its in-memory windows on (on commit). */
@Injectable()
export class FreezeWindowRows implements FreezeWindowRowSink<EntityManager> {
  async save(tx: EntityManager, window: FreezeWindow, last: StoredEvent): Promise<void> {
    await upsertFreezeWindowRow(tx, window, last);
    await tx.query(`SELECT pg_notify($1, $2)`, [FREEZE_WINDOWS_CHANNEL, window.id]);
  }
}

/**
 * Appends one event to a window's stream and, in the same transaction, refolds the window into the
 * read model. Commands on one window serialise by its stream version: a command that lost the race is
 * decided again on the window as the winner left it.
 */
@Injectable()
export class FreezeWindowWriter<Tx = EntityManager> {
  constructor(
    private readonly store: EventStore<Tx>,
    @Inject(FreezeWindowRows) private readonly rows: FreezeWindowRowSink<Tx>,
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
    return transactionOnStream(this.store, async (tx) => {
      const history = await this.store.readStream(FREEZE_WINDOW_STREAM, SERVICE_NAMESPACE, id, tx);
      const current = foldFreezeWindow(id, history.map(asWindowEvent));
      const event = decide(current);
      const { appended } = await this.store.append(
        tx,
        [
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
        ],
        { expectedStreamVersion: history.length },
      );
      const next = foldFreezeWindow(id, [...history.map(asWindowEvent), event]);
      if (next === undefined) throw new UnknownFreezeWindowError(`no freeze window ${id}`);
      const last = appended[appended.length - 1];
      if (last === undefined) throw new Error('unreachable: the event was not appended');
      await this.rows.save(tx, next, last);
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

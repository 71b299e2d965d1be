import type { EventPayload, NewEvent, StoredEvent } from './domain/stored-event';

/**
 * What became of one event given to append: stored; a duplicate (its id is already stored in its
 * namespace, or repeated in the batch, and the data is the same — or the caller does not compare); or a
 * conflict (same id in the namespace, different data, and the caller asked for the comparison).
 */
export type AppendOutcome = 'stored' | 'duplicate' | 'conflict';

export interface AppendOptions {
  /**
   * Compare the data of an event whose id is already taken in its namespace with the stored one, and
   * report a conflict when they differ. For publisher-chosen ids; derived ids (alert notifications,
   * rankings) are duplicates whatever else changed. Only the id-collision path pays for it.
   */
  readonly detectConflicts?: boolean;
  /**
   * Optimistic concurrency for a command on one stream: the version the caller decided on (0 for a
   * stream it saw empty). Every event given must belong to that one stream; when the stream has moved
   * on, append throws StreamVersionConflictError and stores nothing.
   */
  readonly expectedStreamVersion?: number;
}

export interface AppendResult {
  readonly appended: readonly StoredEvent[];
  /** eventIds that were already stored in their namespace, or repeated within the batch: no-ops. */
  readonly duplicates: readonly string[];
  /** Per event given, in order: what append did with it. */
  readonly outcomes: readonly AppendOutcome[];
}

/** A stream is named by its type, its owner's namespace and its id. */
export interface StreamName {
  readonly streamType: string;
  readonly namespace: string;
  readonly streamId: string;
}

/** The stream moved on between the caller's read and its append (another command won the race). */
export class StreamVersionConflictError extends Error {
  override readonly name = 'StreamVersionConflictError';

  constructor(
    readonly stream: StreamName,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `stream ${stream.streamType}/${stream.namespace}/${stream.streamId} is at version ${actual}, ` +
        `not the ${expected} the command decided on`,
    );
  }
}

/** One event of a stream as readFields gives it: where it stands, and the data fields asked for. */
export interface EventFields {
  readonly version: number;
  readonly recordedAt: Date;
  /** Each field asked for: a string as it is, a number or boolean as its JSON text; absent or null: undefined. */
  readonly fields: Readonly<Record<string, string | undefined>>;
}

/** One event as a bulk read of whole streams gives it: its stream, its position and its data. */
export type StreamedEvent = Pick<StoredEvent, 'namespace' | 'streamId' | 'position' | 'data'>;

/** Reads whole streams for a rebuild: see EventStore.openBulkReader. */
export interface BulkStreamReader<Tx> {
  /**
   * Every stream of `streamType`, whole, one after the other (each stream's events together, in position
   * order; the streams in no particular order), only its events of `type`: for a rebuild that folds each
   * stream once and writes it once. Chunks of events as they are read. Only while `tx` holds appends
   * (holdAppends): read on the reader's own connection, so `tx` can write meanwhile, it sees what `tx` would.
   */
  readStreams(
    tx: Tx,
    filter: { readonly streamType: string; readonly type: string },
  ): AsyncIterable<readonly StreamedEvent[]>;
  close(): void;
}

/** Which events a by-position read returns: one stream type, or any of some event types. */
export type EventFilter =
  | { readonly streamType: string; readonly types?: undefined }
  | { readonly types: readonly string[]; readonly streamType?: undefined };

/**
 * The event store as the modules use it: append within a transaction, read a stream, read by position
 * (all events, or of some types). `Tx` is the implementation's transaction (a TypeORM EntityManager for
 * PostgreSQL), opaque to the callers, which pass on what `transaction` gives them.
 *
 * Position order is the order subscribers must see: a read by position never returns a page that a later
 * commit could insert a lower position into (the "no skipped late commit" invariant).
 */
export abstract class EventStore<Tx = unknown> {
  /** Runs `work` in one transaction: its appends commit together, or not at all when it throws. */
  abstract transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;

  /**
   * Appends within the caller's transaction. An event whose id is already stored in its namespace (or
   * repeated in the batch) is skipped: a duplicate, or with `detectConflicts` and different data, a
   * conflict. Either way nothing already stored is touched.
   */
  abstract append(tx: Tx, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;

  /** One stream in version order; pass `tx` to see the caller's uncommitted appends. */
  abstract readStream(
    streamType: string,
    namespace: string,
    streamId: string,
    tx?: Tx,
  ): Promise<StoredEvent[]>;

  /** Several streams of one type, each in version order (only events of `types` when given). */
  abstract readStreams(
    streamType: string,
    streams: readonly { readonly namespace: string; readonly streamId: string }[],
    types?: readonly string[],
  ): Promise<StoredEvent[]>;

  /**
   * The version of a stream's last event of `type` (recorded at or before `recordedAtOrBefore` when
   * given): an index lookup that reads no event data.
   */
  abstract lastVersionOf(
    stream: StreamName,
    filter: { readonly type: string; readonly recordedAtOrBefore?: Date },
  ): Promise<number | undefined>;

  /**
   * A stream's events of `type` after `afterVersion` (0 when not given), in version order, with only a few
   * top-level fields of their data: for a reader that chooses among large events (then reads the one it
   * chose with eventAt) and keeps what it has seen, asking only for what came after.
   */
  abstract readFields(
    stream: StreamName,
    filter: { readonly type: string; readonly afterVersion?: number },
    fields: readonly string[],
  ): Promise<EventFields[]>;

  /** One event of a stream, by its version. */
  abstract eventAt(stream: StreamName, version: number): Promise<StoredEvent | undefined>;

  /** The stream's current version (0 for a stream with no events). */
  abstract streamVersion(stream: StreamName): Promise<number>;

  /** Committed events after `afterPosition`, in position order, for subscribers. */
  abstract readAll(afterPosition: bigint, limit: number): Promise<StoredEvent[]>;

  /**
   * Like readAll, but only events of the given types. `readUpTo` is how far the read covered: the last
   * event's position when the page is full, else the highest committed position, so the caller's
   * checkpoint can move past positions that hold no event it wants.
   */
  abstract readAllOfTypes(
    afterPosition: bigint,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: StoredEvent[]; readUpTo: bigint }>;

  /**
   * Like readAllOfTypes, but each event's position, type and data only: for a subscriber that reads
   * nothing else, e.g. one following every change event, the other columns (metadata, times, hash) are
   * most of the cost of reading a row back.
   */
  abstract readPayloadsOfTypes(
    afterPosition: bigint,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: EventPayload[]; readUpTo: bigint }>;

  /**
   * Stops every other append until the caller's transaction ends, so the store cannot move under a
   * rebuild that replays it and switches a read model over in the same transaction.
   */
  abstract holdAppends(tx: Tx): Promise<void>;

  /** Events matching `filter` after `afterPosition` in position order, seen from the caller's transaction. */
  abstract readInTransaction(
    tx: Tx,
    filter: EventFilter,
    afterPosition: bigint,
    limit: number,
  ): Promise<StoredEvent[]>;

  /**
   * A reader of whole streams for a rebuild, on a connection of its own taken now: take it before
   * holdAppends (appenders waiting for that lock hold pooled connections; taken after, it could wait for
   * them forever). Close it when done.
   */
  abstract openBulkReader(): Promise<BulkStreamReader<Tx>>;

  /** Where and when the event with this id in this namespace was stored, with its metadata, if it is. */
  abstract locate(namespace: string, eventId: string): Promise<StoredEventLocation | undefined>;
}

/** Where an event is in the store, when it was stored, and what its metadata says (how it arrived). */
export type StoredEventLocation = Pick<StoredEvent, 'position' | 'recordedAt' | 'metadata'>;

/** The key of a stream in maps: type, namespace and id, separated by a character none may hold. */
export function streamKey(stream: StreamName): string {
  return `${stream.streamType}\u0000${stream.namespace}\u0000${stream.streamId}`;
}

/** The one stream an append with `expectedStreamVersion` writes to; throws when the events span several. */
export function singleStreamOf(events: readonly NewEvent[]): StreamName {
  const first = events[0];
  if (first === undefined) throw new Error('an expected stream version needs events to append');
  const key = streamKey(first);
  if (events.some((e) => streamKey(e) !== key))
    throw new Error('an expected stream version applies to events of one stream only');
  return { streamType: first.streamType, namespace: first.namespace, streamId: first.streamId };
}

/**
 * Runs a command on a stream in a transaction of its own, again (reading the stream afresh) when another
 * command moved the stream between its read and its append: commands on one stream serialise by
 * optimistic concurrency, not by a lock every appender takes.
 */
export async function transactionOnStream<Tx, T>(
  store: EventStore<Tx>,
  work: (tx: Tx) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.transaction(work);
    } catch (error) {
      if (!(error instanceof StreamVersionConflictError) || attempt >= attempts) throw error;
    }
  }
}

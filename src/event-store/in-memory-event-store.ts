import { classifyAppend, idKey } from './domain/append-outcomes';
import { recorded } from './domain/recorded-event';
import type { EventPayload, JsonObject, NewEvent, StoredEvent } from './domain/stored-event';
import {
  EventStore,
  singleStreamOf,
  streamKey,
  StreamVersionConflictError,
  type AppendOptions,
  type AppendResult,
  type StoredEventLocation,
  type EventFields,
  type EventFilter,
  type StreamName,
  type BulkStreamReader,
  type StreamedEvent,
} from './event-store';

/** A transaction of the in-memory store: a token that proves the caller is inside `transaction`. */
export class InMemoryTransaction {
  /** Tells a transaction from any other object in type checks (classes compare by shape). */
  readonly kind = 'in-memory-transaction';
}

/**
 * The event store in memory, with the PostgreSQL store's semantics (namespaces, duplicate and conflict
 * outcomes, stream versions, expected versions, transactions that commit or roll back as a whole, reads
 * that see only committed events unless given the transaction). Transactions run one at a time, which is
 * a valid schedule of what PostgreSQL allows concurrently. For unit tests of handlers and projections;
 * the contract suite holds both implementations to the same behaviour.
 */
export class InMemoryEventStore extends EventStore<InMemoryTransaction> {
  /** Every event in position order, the current transaction's uncommitted ones at the end. */
  private events: StoredEvent[] = [];
  private committedCount = 0;
  private byId = new Map<string, StoredEvent>();
  private streams = new Map<string, StoredEvent[]>();
  /** Like a sequence: positions of rolled-back events are not handed out again. */
  private lastPosition = 0n;
  private active: InMemoryTransaction | undefined;
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly clock: () => Date = () => new Date()) {
    super();
  }

  /** Every committed event in position order (for assertions). */
  all(): readonly StoredEvent[] {
    return this.events.slice(0, this.committedCount);
  }

  transaction<T>(work: (tx: InMemoryTransaction) => Promise<T>): Promise<T> {
    const run = async (): Promise<T> => {
      const tx = new InMemoryTransaction();
      this.active = tx;
      try {
        const result = await work(tx);
        this.committedCount = this.events.length;
        return result;
      } catch (error) {
        this.rollBack();
        throw error;
      } finally {
        this.active = undefined;
      }
    };
    const result = this.turn.then(run);
    this.turn = result.catch(() => undefined);
    return result;
  }

  append(
    tx: InMemoryTransaction,
    events: readonly NewEvent[],
    options: AppendOptions = {},
  ): Promise<AppendResult> {
    return settled(() => this.appendNow(tx, events, options));
  }

  private appendNow(
    tx: InMemoryTransaction,
    events: readonly NewEvent[],
    options: AppendOptions,
  ): AppendResult {
    this.assertActive(tx);
    if (events.length === 0) return { appended: [], duplicates: [], outcomes: [] };
    const detectConflicts = options.detectConflicts === true;
    const stored = new Map<string, JsonObject | null>();
    for (const event of events) {
      const existing = this.byId.get(idKey(event));
      if (existing !== undefined) stored.set(idKey(event), detectConflicts ? existing.data : null);
    }
    const { outcomes, fresh, duplicates } = classifyAppend(events, stored, detectConflicts);
    if (options.expectedStreamVersion !== undefined) {
      const stream = singleStreamOf(events);
      const actual = this.streams.get(streamKey(stream))?.length ?? 0;
      if (actual !== options.expectedStreamVersion)
        throw new StreamVersionConflictError(stream, options.expectedStreamVersion, actual);
    }
    const recordedAt = this.clock();
    const appended: StoredEvent[] = [];
    for (const event of fresh) {
      const stream = this.streams.get(streamKey(event)) ?? [];
      this.lastPosition += 1n;
      const storedEvent = recorded(event, this.lastPosition, stream.length + 1, recordedAt);
      stream.push(storedEvent);
      this.streams.set(streamKey(event), stream);
      this.byId.set(idKey(event), storedEvent);
      this.events.push(storedEvent);
      appended.push(storedEvent);
    }
    return { appended, duplicates, outcomes };
  }

  readStream(
    streamType: string,
    namespace: string,
    streamId: string,
    tx?: InMemoryTransaction,
  ): Promise<StoredEvent[]> {
    const stream = this.streams.get(streamKey({ streamType, namespace, streamId })) ?? [];
    return Promise.resolve(stream.filter((e) => this.visible(e, tx)));
  }

  readStreams(
    streamType: string,
    streams: readonly { readonly namespace: string; readonly streamId: string }[],
    types?: readonly string[],
  ): Promise<StoredEvent[]> {
    const wanted = [...new Set(streams.map((s) => streamKey({ streamType, ...s })))].sort();
    return Promise.resolve(
      wanted.flatMap((key) =>
        (this.streams.get(key) ?? []).filter(
          (e) => this.visible(e) && (types === undefined || types.includes(e.type)),
        ),
      ),
    );
  }

  lastVersionOf(
    stream: StreamName,
    filter: { readonly type: string; readonly recordedAtOrBefore?: Date },
  ): Promise<number | undefined> {
    const matching = (this.streams.get(streamKey(stream)) ?? []).filter(
      (e) =>
        this.visible(e) &&
        e.type === filter.type &&
        (filter.recordedAtOrBefore === undefined || e.recordedAt <= filter.recordedAtOrBefore),
    );
    return Promise.resolve(matching[matching.length - 1]?.streamVersion);
  }

  readFields(
    stream: StreamName,
    filter: { readonly type: string; readonly afterVersion?: number },
    fields: readonly string[],
  ): Promise<EventFields[]> {
    const matching = (this.streams.get(streamKey(stream)) ?? []).filter(
      (e) => this.visible(e) && e.type === filter.type && e.streamVersion > (filter.afterVersion ?? 0),
    );
    return Promise.resolve(
      matching.map((e) => ({
        version: e.streamVersion,
        recordedAt: e.recordedAt,
        fields: Object.fromEntries(fields.map((name) => [name, fieldText(e.data[name])])),
      })),
    );
  }

  eventAt(stream: StreamName, version: number): Promise<StoredEvent | undefined> {
    const event = this.streams.get(streamKey(stream))?.[version - 1];
    return Promise.resolve(event !== undefined && this.visible(event) ? event : undefined);
  }

  streamVersion(stream: StreamName): Promise<number> {
    return Promise.resolve((this.streams.get(streamKey(stream)) ?? []).filter((e) => this.visible(e)).length);
  }

  readAll(afterPosition: bigint, limit: number): Promise<StoredEvent[]> {
    return Promise.resolve(this.committedAfter(afterPosition, () => true).slice(0, limit));
  }

  readAllOfTypes(
    afterPosition: bigint,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: StoredEvent[]; readUpTo: bigint }> {
    const events = this.committedAfter(afterPosition, (e) => types.includes(e.type)).slice(0, limit);
    const last = events[events.length - 1];
    const head = this.events[this.committedCount - 1]?.position ?? 0n;
    return Promise.resolve({
      events,
      readUpTo: events.length === limit && last !== undefined ? last.position : head,
    });
  }

  async readPayloadsOfTypes(
    afterPosition: bigint,
    types: readonly string[],
    limit: number,
  ): Promise<{ events: EventPayload[]; readUpTo: bigint }> {
    const { events, readUpTo } = await this.readAllOfTypes(afterPosition, types, limit);
    return { events: events.map(({ position, type, data }) => ({ position, type, data })), readUpTo };
  }

  holdAppends(tx: InMemoryTransaction): Promise<void> {
    // Transactions already run one at a time.
    return settled(() => {
      this.assertActive(tx);
    });
  }

  openBulkReader(): Promise<BulkStreamReader<InMemoryTransaction>> {
    return Promise.resolve({
      readStreams: (tx, filter) => this.readStreamsInBulk(tx, filter),
      close: () => undefined,
    });
  }

  private async *readStreamsInBulk(
    tx: InMemoryTransaction,
    filter: { readonly streamType: string; readonly type: string },
  ): AsyncGenerator<StreamedEvent[]> {
    this.assertActive(tx);
    const events: StreamedEvent[] = [];
    for (const stream of this.streams.values()) {
      for (const e of stream) {
        if (e.streamType !== filter.streamType || e.type !== filter.type) continue;
        events.push({ namespace: e.namespace, streamId: e.streamId, position: e.position, data: e.data });
      }
    }
    yield await Promise.resolve(events);
  }

  readInTransaction(
    tx: InMemoryTransaction,
    filter: EventFilter,
    afterPosition: bigint,
    limit: number,
  ): Promise<StoredEvent[]> {
    const matches = (e: StoredEvent): boolean =>
      filter.streamType !== undefined ? e.streamType === filter.streamType : filter.types.includes(e.type);
    return settled(() => {
      this.assertActive(tx);
      return this.events.filter((e) => e.position > afterPosition && matches(e)).slice(0, limit);
    });
  }

  locate(namespace: string, eventId: string): Promise<StoredEventLocation | undefined> {
    const event = this.byId.get(idKey({ namespace, eventId }));
    return Promise.resolve(
      event !== undefined && this.visible(event)
        ? { position: event.position, recordedAt: event.recordedAt, metadata: event.metadata }
        : undefined,
    );
  }

  private committedAfter(afterPosition: bigint, matches: (e: StoredEvent) => boolean): StoredEvent[] {
    return this.events.slice(0, this.committedCount).filter((e) => e.position > afterPosition && matches(e));
  }

  /** Committed, or written by `tx` (the only transaction that can have uncommitted events). */
  private visible(event: StoredEvent, tx?: InMemoryTransaction): boolean {
    const committedHead = this.events[this.committedCount - 1]?.position ?? 0n;
    return event.position <= committedHead || (tx !== undefined && tx === this.active);
  }

  private assertActive(tx: InMemoryTransaction): void {
    if (tx !== this.active) throw new Error('the event store needs a transaction of its own to append');
  }

  private rollBack(): void {
    this.events = this.events.slice(0, this.committedCount);
    this.byId = new Map(this.events.map((e) => [idKey(e), e]));
    this.streams = new Map();
    for (const event of this.events) {
      const stream = this.streams.get(streamKey(event)) ?? [];
      stream.push(event);
      this.streams.set(streamKey(event), stream);
    }
  }
}

/** A data field as PostgreSQL's `->>` gives it: a string as it is, other scalars as JSON text. */
function fieldText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `work`'s result as a promise, its exception as a rejection (as an async store reports both). */
function settled<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

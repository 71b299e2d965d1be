import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { PostgresEventStore } from '../../event-store/postgres-event-store';
import type { StoredEvent } from '../../event-store/domain/stored-event';
import { PollingLoop } from '../../common/polling-loop';
import { LIVE_EVENT_TYPES } from '../domain/live-update';

/** How often the store is read while anyone follows it: live enough for a person, one query per tick. */
export const TAIL_INTERVAL_MS = 500;
/** Events read per query. */
const PAGE = 500;
/** The most a reconnecting client is sent to catch up (Last-Event-ID); beyond that it should reload. */
export const MAX_CATCH_UP = 5_000;

export interface TailSubscriber {
  /** Called with each event past the subscriber's position, in store order. */
  deliver(event: StoredEvent): void;
}

interface Attached {
  readonly subscriber: TailSubscriber;
  /** The last position it was given: nothing at or below it is given again. */
  delivered: bigint;
}

/**
 * Follows the event store's committed tail (readAllOfTypes: positions at or below the head, so nothing
 * committed later can appear behind it) and hands each new event to every subscriber. Driven by the
 * store, not by in-process publishes, so every instance sees what any instance (or the Kafka consumer)
 * stored. One query per tick for all subscribers of this instance, and none while nobody follows.
 */
@Injectable()
export class StoreTail implements OnApplicationShutdown {
  private readonly logger = new Logger(StoreTail.name);
  private readonly attached = new Set<Attached>();
  private position: bigint | undefined;
  private readonly loop = new PollingLoop(TAIL_INTERVAL_MS, () => this.tick(), this.logger, 'live stream');

  constructor(private readonly store: PostgresEventStore) {}

  get subscribers(): number {
    return this.attached.size;
  }

  /**
   * Attaches a subscriber from now on, or, given the last position it saw, from just after it (at most
   * MAX_CATCH_UP events back). Returns the detach function.
   */
  async subscribe(subscriber: TailSubscriber, after?: bigint): Promise<() => void> {
    const entry: Attached = { subscriber, delivered: 0n };
    if (this.position === undefined) this.position = (await this.store.head()).position;
    if (after !== undefined && after < this.position) {
      entry.delivered =
        after > this.position - BigInt(MAX_CATCH_UP) ? after : this.position - BigInt(MAX_CATCH_UP);
      // Catch up to at least where the shared tail is; then the tail's ticks take over (no await between
      // the check and the attach, so no event can fall between them; duplicates are skipped by position).
      for (
        let tail = this.tailPosition();
        tail !== undefined && entry.delivered < tail;
        tail = this.tailPosition()
      ) {
        const { events, readUpTo } = await this.store.readAllOfTypes(entry.delivered, LIVE_EVENT_TYPES, PAGE);
        for (const event of events) this.give(entry, event);
        entry.delivered = readUpTo > entry.delivered ? readUpTo : entry.delivered;
        if (events.length === 0) break;
      }
    } else {
      entry.delivered = this.position;
    }
    this.attached.add(entry);
    if (this.attached.size === 1) this.loop.start();
    return () => {
      this.attached.delete(entry);
      if (this.attached.size === 0) {
        void this.loop.stop();
        // Whoever comes next starts from the head then, not from where this one left.
        this.position = undefined;
      }
    };
  }

  /** Where the shared tail is now (it moves, or is reset, while a subscriber catches up). */
  private tailPosition(): bigint | undefined {
    return this.position;
  }

  async onApplicationShutdown(): Promise<void> {
    this.attached.clear();
    await this.loop.stop();
  }

  private async tick(): Promise<void> {
    for (;;) {
      const from = this.position;
      if (from === undefined || this.attached.size === 0) return;
      const { events, readUpTo } = await this.store.readAllOfTypes(from, LIVE_EVENT_TYPES, PAGE);
      for (const event of events) for (const entry of this.attached) this.give(entry, event);
      if (this.position === from) this.position = readUpTo;
      if (events.length < PAGE) return;
    }
  }

  private give(entry: Attached, event: StoredEvent): void {
    if (event.position <= entry.delivered) return;
    entry.delivered = event.position;
    try {
      entry.subscriber.deliver(event);
    } catch (error) {
      this.logger.warn(
        `a live stream subscriber failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
